import Foundation
import Testing

/// Issue 4: text in UTF-16/UTF-32 (with a byte-order mark) or, with
/// `--encoding`, in a legacy charset is corrected and written back in its own
/// encoding — never silently turned into UTF-8.
@Suite struct RobustnessEncodingTests {
    static let text = "Café “naïve” 😀 for the reason that it rained.\r\nThe level man\n\nend 日本語"
    static let fixed = "Café “naïve” 😀 since it rained.\r\nThe point man\n\nend 日本語"

    static let encodings: [(name: String, encode: @Sendable (String) -> [UInt8])] = [
        ("UTF-16LE", utf16LE), ("UTF-16BE", utf16BE), ("UTF-32LE", utf32LE), ("UTF-32BE", utf32BE),
    ]

    @Test(arguments: 0..<encodings.count)
    func fixWritesTheSameEncodingWithItsBOM(_ index: Int) throws {
        let (name, encode) = Self.encodings[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = encode(Self.text)
        let stdin = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
        #expect(stdin.status == 0, "\(name): \(stdin.err)")
        #expect(stdin.stdout == encode(Self.fixed), "\(name): \(stdin.stdout.prefix(16))")
        let file = try dir.write("in.txt", input)
        let named = try unspin(["fix", file] + engineArguments(dictionary))
        #expect(named.stdout == encode(Self.fixed), "\(name)")
        // Clean text comes back byte for byte.
        let clean = encode("nothing to fix\r\n")
        #expect(try unspin(["fix"] + engineArguments(dictionary), stdin: clean).stdout == clean, "\(name)")
        #expect(try unspin(["fix"] + engineArguments(dictionary), stdin: encode("")).stdout == encode(""), "\(name): BOM only")
    }

    @Test(arguments: 0..<encodings.count)
    func rewriteKeepsTheEncoding(_ index: Int) throws {
        let (name, encode) = Self.encodings[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/a.txt", encode(Self.text), mode: 0o640)
        try dir.write("tree/clean.txt", encode("nothing\n"))
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "\(name): \(result.err)")
        #expect(try dir.read("tree/a.txt") == encode(Self.fixed), "\(name)")
        #expect(try dir.mode("tree/a.txt") == 0o640)
        #expect(try dir.read("tree/clean.txt") == encode("nothing\n"))
        let again = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(again.err.contains("0 changed"), "\(name): \(again.err)")
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// Offsets in reports point into the bytes as given (UTF-16/32 code units).
    @Test(arguments: 0..<encodings.count)
    func checkOffsetsAreInTheOriginalEncoding(_ index: Int) throws {
        let (name, encode) = Self.encodings[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = encode(Self.text)
        let result = try unspin(["check", "--format", "jsonl"] + engineArguments(dictionary), stdin: input)
        #expect(result.status == 1, "\(name): \(result.err)")
        let findings = try jsonlObjects(result.stdout).filter { $0["start"] != nil }
        #expect(findings.count == 2, "\(name)")
        let bom = encode("").count
        for finding in findings {
            let start = try #require(finding["start"] as? Int), end = try #require(finding["end"] as? Int)
            let found = try #require(finding["found"] as? String)
            // The bytes at start..<end are `found` in this encoding.
            #expect(Array(input[start..<end]) == Array(encode(found).dropFirst(bom)), "\(name): \(found) at \(start)..<\(end)")
        }
        #expect(findings.first?["line"] as? Int == 1)
        #expect(findings.first?["column"] as? Int == "Café “naïve” 😀 ".unicodeScalars.count + 1, "\(name)")
        #expect(findings.last?["line"] as? Int == 2)
    }

    @Test func invalidUTF16IsAnErrorAndNothingIsWritten() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        // An unpaired high surrogate, and an odd number of bytes.
        let broken = utf16LE("level man ") + [0x00, 0xD8] + utf16LE("x").dropFirst(2)
        let odd = utf16LE("level man") + [0x41]
        for input in [broken, odd] {
            let file = try dir.write("tree/u16.txt", input)
            let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
            #expect(result.status == 2, "stderr: \(result.err)")
            #expect(result.err.contains(file), "stderr: \(result.err)")
            #expect(try dir.read("tree/u16.txt") == input, "the file must be left as it was")
            let fixed = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
            #expect(fixed.status == 2)
            #expect(fixed.err.contains("UTF-16"), "stderr: \(fixed.err)")
        }
        #expect(temporaryLitter(dir).isEmpty)
    }

    @Test func latin1IsSkippedByRewriteAndConvertedWithEncoding() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = latin1("Le café est là for the reason that it rained. Über level man.\n")
        let expected = latin1("Le café est là since it rained. Über point man.\n")
        #expect(input.filter { $0 == 0xE9 }.count == 1)
        try dir.write("tree/latin1.txt", input, mode: 0o604)
        let skipped = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(skipped.status == 0)
        #expect(try dir.read("tree/latin1.txt") == input)
        #expect(skipped.err.contains("skipping \(dir.url("tree/latin1.txt"))"), "stderr: \(skipped.err)")
        #expect(skipped.err.contains("--encoding"), "the message says how to convert: \(skipped.err)")

        let converted = try unspin(["rewrite", "--encoding", "ISO-8859-1", dir.url("tree")] + engineArguments(dictionary))
        #expect(converted.status == 0, "stderr: \(converted.err)")
        let written = try dir.read("tree/latin1.txt")
        #expect(written == expected, "\(written)")
        #expect(written.contains(0xE9) && !written.contains(0xC3), "é stays the single byte 0xE9")
        #expect(try dir.mode("tree/latin1.txt") == 0o604)

        let fix = try unspin(["fix", "--encoding", "ISO-8859-1"] + engineArguments(dictionary), stdin: input)
        #expect(fix.status == 0, "stderr: \(fix.err)")
        #expect(fix.stdout == expected)
        let check = try unspin(["check", "--encoding", "ISO-8859-1", "--format", "jsonl"] + engineArguments(dictionary), stdin: input)
        #expect(check.status == 1)
        for finding in try jsonlObjects(check.stdout).filter({ $0["start"] != nil }) {
            let start = try #require(finding["start"] as? Int), end = try #require(finding["end"] as? Int)
            #expect(input[start..<end].elementsEqual(latin1(try #require(finding["found"] as? String))), "offsets in Latin-1 bytes")
        }
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// A correction that cannot be represented in the target charset leaves the
    /// file as it was and is reported.
    @Test func unrepresentableCorrectionLeavesTheFileAlone() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("euro.dict", "@name euro\nten euros => 10 €\n")
        let input = latin1("It cost ten euros, café.\n")
        try dir.write("tree/latin1.txt", input)
        try dir.write("tree/other.txt", "it cost ten euros\n")
        let result = try unspin(["rewrite", "--encoding", "ISO-8859-1", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 2, "stderr: \(result.err)")
        #expect(result.err.contains(dir.url("tree/latin1.txt")), "stderr: \(result.err)")
        #expect(try dir.read("tree/latin1.txt") == input)
        #expect(temporaryLitter(dir).isEmpty)
        let fix = try unspin(["fix", "--encoding", "ISO-8859-1"] + engineArguments(dictionary), stdin: input)
        #expect(fix.status == 2)
        #expect(fix.stdout.isEmpty, "no partial output in another encoding")
    }

    @Test func unknownEncodingIsAnError() throws {
        for command in [["fix"], ["check"], ["diff"], ["rewrite", "."]] {
            let result = try unspin(command + ["--encoding", "NO-SUCH-CHARSET"], stdin: utf8("x"))
            #expect(result.status == 2, "\(command)")
            #expect(result.err.contains("NO-SUCH-CHARSET"), "\(command): \(result.err)")
            #expect(result.stdout.isEmpty)
        }
    }
}
