import Testing
@testable import UnspinKit

@Suite struct MatchingEquivalenceTests {
    @Test func curlyApostropheInTextMatchesStraightInEntry() throws {
        let unspinner = engine("@name test\nwashington's level man => washington's point man")
        let text = "Washington’s level man arrived."
        let finding = try #require(unspinner.analyze(text).findings.first)
        #expect(finding.found == "Washington’s level man")
        #expect(utf8(unspinner.fix(text)) == utf8("Washington's point man arrived."))
    }

    @Test func straightApostropheInTextMatchesCurlyInEntry() {
        let unspinner = engine("@name test\nwashington’s level man => Washington’s point man")
        #expect(utf8(unspinner.fix("washington's level man arrived")) == utf8("Washington’s point man arrived"))
        #expect(utf8(unspinner.fix("washingtonʼs level man arrived")) == utf8("Washington’s point man arrived"))
    }

    @Test func nfdTextMatchesNFCEntry() throws {
        let unspinner = engine("@name test\ncaf\u{E9} society => high society")
        let text = "The cafe\u{301} society met."
        let finding = try #require(unspinner.analyze(text).findings.first, "NFD input did not match an NFC entry")
        #expect(utf8(finding.found) == utf8("cafe\u{301} society"))
        #expect(utf8(unspinner.fix(text)) == utf8("The high society met."))
    }

    @Test func nfcTextMatchesNFDEntry() {
        let unspinner = engine("@name test\ncafe\u{301} society => high society")
        #expect(utf8(unspinner.fix("The caf\u{E9} society met.")) == utf8("The high society met."))
    }

    @Test func nfdTextMatchesNFDEntry() {
        let unspinner = engine("@name test\ncafe\u{301} society => high society")
        #expect(utf8(unspinner.fix("The cafe\u{301} society met.")) == utf8("The high society met."))
    }

    @Test func caseFoldingBeyondASCII() {
        let unspinner = engine("@name test\nÉCOLE normale => teachers college")
        #expect(utf8(unspinner.fix("the école normale")) == utf8("the teachers college"))
        let german = engine("@name test\nstraße => road")
        #expect(utf8(german.fix("the STRASSE was closed")) == utf8("the ROAD was closed"))
    }

    @Test(arguments: [
        ("state-of-the-art => modern", "a state–of–the–art tool"),
        ("state-of-the-art => modern", "a state—of—the—art tool"),
        ("state–of–the–art => modern", "a state-of-the-art tool"),
        ("state—of—the—art => modern", "a state‐of‐the‐art tool"),
    ])
    func dashVariantsAreEqual(_ entry: String, _ text: String) {
        let unspinner = engine("@name test\n" + entry)
        #expect(utf8(unspinner.fix(text)) == utf8("a modern tool"))
    }

    @Test func dashDoesNotMatchOtherPunctuation() {
        let unspinner = engine("@name test\nstate-of-the-art => modern")
        let text = "a state/of/the/art tool"
        #expect(utf8(unspinner.fix(text)) == utf8(text))
    }

    /// A dash with space on either side is a parenthetical dash, not the
    /// hyphen of a hyphenated key — in the compiled table and the snapshot alike.
    @Test(arguments: ["the message - just the text", "the message -just the text", "the message- just the text",
                      "the message — just the text"])
    func spacedDashIsNotAHyphen(_ text: String) {
        let unspinner = engine("@name test\nmessage-just => text-only")
        #expect(utf8(unspinner.fix(text)) == utf8(text))
        #expect(utf8(unspinner.fix("the message-just text")) == utf8("the text-only text"))
        #expect(utf8(unspinner.fix("the message—just text")) == utf8("the text-only text"))
    }

    @Test func spacedDashIsNotAHyphenInTheBuiltinSnapshot() throws {
        let tortured = try #require(builtinEngines.first { $0.table.dictionaries.first?.name == "tortured-phrases" })
        #expect(utf8(tortured.fix("No formatting is done on the message - just the text.")) == utf8("No formatting is done on the message - just the text."))
        #expect(utf8(tortured.fix("a message-just format")) == utf8("a text-only format"))
    }

    @Test func wordsMustMatchWhole() {
        let unspinner = engine("@name test\nlevel man => point man")
        for text in ["the level manager", "the sealevel man", "the level-man", "the levelman"] {
            #expect(utf8(unspinner.fix(text)) == utf8(text))
        }
        #expect(utf8(unspinner.fix("the level   man\tleft")) == utf8("the point man\tleft"))
    }
}
