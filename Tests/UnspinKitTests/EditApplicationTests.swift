import Testing
@testable import UnspinKit

@Suite struct EditApplicationTests {
    static let dictionary = """
        @name test
        for the reason that => since
        the reason => the cause
        reason => cause
        reason that => grounds that
        level man => point man
        man => person | after: level
        awesome => great
        stated => said | confidence: 0.45
        a b => x
        b c => y
        c d => z
        """

    @Test func overlappingCandidatesGiveDisjointFindings() {
        let unspinner = engine(Self.dictionary)
        let analysis = unspinner.analyze("a b c d b c d")
        #expect(analysis.all.map(\.found) == ["a b", "c d", "b c"])
        #expect(utf8(unspinner.fix("a b c d b c d")) == utf8("x z y d"))
        #expect(utf8(unspinner.fix("He left for the reason that the reason was clear.")) == utf8("He left since the cause was clear."))
    }

    @Test func invalidUTF8PassesThroughWhileTextAroundIsCorrected() {
        let unspinner = engine(Self.dictionary)
        let input: [UInt8] = [0xFF, 0xFE] + utf8(" He left for the reason that it rained ") + [0xC3] + utf8(" awesome") + [0xE2, 0x80]
            + utf8(" caf") + [0xE9] + utf8(" level man.") + [0xED, 0xA0, 0x80]
        let expected: [UInt8] = [0xFF, 0xFE] + utf8(" He left since it rained ") + [0xC3] + utf8(" great") + [0xE2, 0x80]
            + utf8(" caf") + [0xE9] + utf8(" point man.") + [0xED, 0xA0, 0x80]
        #expect(unspinner.fixBytes(input) == expected)
    }

    @Test func invalidBytesBreakAPhrase() {
        let unspinner = engine(Self.dictionary)
        let input: [UInt8] = utf8("He left for the ") + [0xFF] + utf8(" reason that it rained.")
        let output = unspinner.fixBytes(input)
        #expect(Array(output.prefix(17)) == Array(input.prefix(17)), "the invalid byte must stay where it is")
        #expect(output.contains(0xFF))
        #expect(!unspinner.analyze(input).findings.contains { $0.range.contains(16) })
    }

    @Test func invalidBytesNextToAPhrase() {
        let unspinner = engine(Self.dictionary)
        let input: [UInt8] = [0x80] + utf8("awesome") + [0xFF]
        #expect(unspinner.fixBytes(input) == [0x80] + utf8("great") + [0xFF])
    }

    @Test func generatedDocumentsKeepEveryByteOutsideEdits() {
        let unspinner = engine(Self.dictionary)
        let pieces: [[UInt8]] = [
            "for", "the", "reason", "that", "For", "THE", "Reason", "level", "man", "Man", "awesome", "an", "a", "A",
            "stated", "b", "c", "d", "Café", "日本語", "e\u{301}", "—", "“", "”", "\"", "‘", "’", ",", ".", "!",
            "'", "don't", "Taliban’s", "10,000", "👩‍👩‍👧",
        ].map(utf8) + [[0xFF], [0xC3], [0xE2, 0x80], [0xF0, 0x9F]]
        let separators: [[UInt8]] = [" ", " ", " ", " ", "", "  ", "\n", "\n\n", "\r\n", "\t", "\u{A0}", "\u{2029}"].map(utf8)
        var generator = TestGenerator(state: 42)
        var editsSeen = 0
        for _ in 0..<400 {
            var bytes: [UInt8] = generator.next() % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<(5 + Int(generator.next() % 40)) {
                bytes += generator.pick(pieces) + generator.pick(separators)
            }
            let analysis = unspinner.analyze(bytes)
            var cursor = 0
            for finding in analysis.all {
                #expect(finding.range.lowerBound >= cursor, "overlapping or unsorted findings in \(bytes)")
                #expect(finding.range.upperBound <= bytes.count && !finding.range.isEmpty)
                #expect(utf8(finding.found) == Array(bytes[finding.range]), "found must be the bytes at its range")
                cursor = max(cursor, finding.range.upperBound)
            }
            // Rebuild the output independently and compare: bytes outside edits are copied verbatim.
            let output = analysis.edits.applied(to: bytes)
            var expected: [UInt8] = []
            var position = 0
            for edit in analysis.edits {
                expected += bytes[position..<edit.range.lowerBound]
                expected += utf8(edit.replacement!)
                position = edit.range.upperBound
                editsSeen += 1
            }
            expected += bytes[position...]
            #expect(output == expected)
            // Every invalid byte survives.
            #expect(output.count(where: { $0 == 0xFF }) == bytes.count(where: { $0 == 0xFF }))
            // Fixed text has nothing left to fix with this dictionary (no replacement is itself spun).
            #expect(unspinner.analyze(output).edits.isEmpty, "fixing twice changed \(String(decoding: output, as: UTF8.self))")
        }
        #expect(editsSeen > 100, "the generator should exercise many edits")
    }

    @Test func appliedRequiresNoOverlap() {
        let findings = [
            Finding(range: 0..<3, found: "abc", replacement: "X", rule: "t", source: nil, confidence: 1, explanation: ""),
            Finding(range: 4..<5, found: "e", replacement: "e", rule: "t", source: nil, confidence: 1, explanation: ""),
            Finding(range: 6..<7, found: "g", replacement: "GG", rule: "t", source: nil, confidence: 1, explanation: ""),
            Finding(range: 7..<8, found: "h", replacement: nil, rule: "t", source: nil, confidence: 1, explanation: ""),
        ]
        #expect(findings.applied(to: utf8("abcdefgh")) == utf8("XdefGGh"))
        #expect(findings[1].isEdit == false && findings[3].isEdit == false)
    }
}
