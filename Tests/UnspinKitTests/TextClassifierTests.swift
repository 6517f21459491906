import Testing
@testable import UnspinKit

/// `TextClassifier.looksBinary` tests sixteen bytes at a time; it must say
/// what a test of one byte at a time says, wherever the NUL or the control
/// bytes fall and whatever the length.
@Suite struct TextClassifierTests {
    /// The rule as written for one byte at a time: a NUL, or more than one
    /// byte in ten a control byte that text does not use.
    static func looksBinaryByteByByte(_ head: [UInt8]) -> Bool {
        if head.contains(0) { return true }
        let control = head.filter { ($0 < 0x20 && !(0x09...0x0D).contains($0) && $0 != 0x1B) || $0 == 0x7F }.count
        return control * 10 > head.count
    }

    @Test func agreesWithTheByteByByteRule() {
        var generator = TestGenerator(state: 7)
        // Bytes drawn mostly from text, with control bytes, escapes, DEL and NULs at a rate that
        // puts the count near the one-in-ten line.
        let alphabet: [UInt8] = Array("The level man said so.\n\t\r".utf8) + [0x01, 0x08, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F, 0x7F, 0x80, 0xC3, 0xA9]
        var binary = 0
        for length in 0...80 {
            for round in 0..<40 {
                var bytes = (0..<length).map { _ in generator.pick(alphabet) }
                if round % 8 == 0, length > 0 { bytes[Int(generator.next() % UInt64(length))] = 0 }
                let expected = Self.looksBinaryByteByByte(bytes)
                binary += expected ? 1 : 0
                #expect(TextClassifier.looksBinary(bytes[...]) == expected, "\(bytes)")
            }
        }
        #expect(binary > 200 && binary < 3000, "both answers are exercised: \(binary) of 3,240")
    }

    @Test func classifiesTextAndBinary() {
        #expect(TextClassifier.classify(Array("Plain text, caf\u{E9}.\n".utf8)) == .text)
        #expect(TextClassifier.classify(Array(repeating: 0x41, count: 100) + [0] + Array(repeating: 0x41, count: 100)) == .binary)
        #expect(TextClassifier.classify(Array(repeating: 0x01, count: 40) + Array(repeating: 0x41, count: 100)) == .binary)
    }
}
