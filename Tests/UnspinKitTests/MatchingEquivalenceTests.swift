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

    /// A tortured-phrase list matches a phrase whatever joins its words, as the
    /// Problematic Paper Screener's search does; the replacement is joined as the text is.
    @Test func torturedPhraseMatchesWithAHyphenForASpace() throws {
        let unspinner = engine("@name test\n@kind tortured-phrases\nprofound learning => deep learning")
        #expect(utf8(unspinner.fix("A profound-learning model.")) == utf8("A deep-learning model."))
        #expect(utf8(unspinner.fix("Profound-Learning-based tools.")) == utf8("Deep-Learning-based tools."))
        #expect(utf8(unspinner.fix("the profound-learning’s rise")) == utf8("the deep-learning’s rise"))
        #expect(utf8(unspinner.fix("the profound - learning debate")) == utf8("the profound - learning debate"))
        let listed = try #require(unspinner.analyze("A profound learning model.").findings.first)
        let hyphenated = try #require(unspinner.analyze("A profound-learning model.").findings.first)
        #expect(hyphenated.confidence == listed.confidence)
        #expect(hyphenated.explanation.contains("joined otherwise"))
        #expect(!listed.explanation.contains("joined otherwise"))
    }

    /// A space where the listed phrase has a hyphen is weaker evidence ("actual
    /// time" is English): gate-only, as the build script's spaced forms are.
    @Test func torturedPhraseMatchesWithASpaceForAHyphenAsAGateOnlyFinding() throws {
        let dictionary = "@name test\n@kind tortured-phrases\nactual-time gazing => real-time scan"
        let finding = try #require(engine(dictionary, threshold: 0.1).analyze("The actual time gazing.").findings.first)
        #expect(finding.replacement == "real time scan")
        #expect(finding.confidence == DictionarySubstitution.Joins.spacedFormConfidence)
        #expect(utf8(engine(dictionary).fix("The actual time gazing.")) == utf8("The actual time gazing."))
        #expect(utf8(engine(dictionary).fix("The actual-time gazing.")) == utf8("The real-time scan."))
    }

    /// A listed form wins over another join of another entry's phrase.
    @Test func listedJoinsWinOverOtherJoins() {
        let unspinner = engine("@name test\n@kind tortured-phrases\nprofound learning => deep learning\nprofound-learning => deep-learning method")
        #expect(utf8(unspinner.fix("a profound-learning model")) == utf8("a deep-learning method model"))
        #expect(utf8(unspinner.fix("a profound learning model")) == utf8("a deep learning model"))
    }

    /// Spinner lists match their joins as written: "well being" is a spun "health", "well-being" a word.
    @Test func spinnerListsMatchOnlyTheirOwnJoins() {
        let unspinner = engine("@name test\nwell being => health\nlong-time => longtime")
        #expect(utf8(unspinner.fix("Her well-being matters; her well being too.")) == utf8("Her well-being matters; her health too."))
        #expect(utf8(unspinner.fix("a long time ago, a long-time friend")) == utf8("a long time ago, a longtime friend"))
    }

    /// A soft hyphen (where a line may break) or a zero-width joiner inside a
    /// word is invisible: the word matches as if it were not there, and text
    /// that is not fixed keeps it.
    @Test func invisibleJoinersInsideAWordDoNotSplitIt() {
        let unspinner = engine("@name test\nlevel man => point man")
        #expect(utf8(unspinner.fix("the le\u{AD}vel man left")) == utf8("the point man left"))
        #expect(utf8(unspinner.fix("the lev\u{200D}el man left")) == utf8("the point man left"))
        #expect(utf8(unspinner.fix("the level\u{AD} man left")) == utf8("the point man left"))
        for text in ["a le\u{AD}vel road", "the le\u{AD}vel\u{AD}man", "le\u{AD}\u{AD}"] {
            #expect(utf8(unspinner.fix(text)) == utf8(text))
        }
    }

    /// Text taken from PDF pages splits words at line ends with a hyphen: the
    /// parts are one word where they make a word the dictionaries know.
    @Test func aWordSplitAtALineEndMatchesWhole() throws {
        let unspinner = engine("@name test\n@kind tortured-phrases\ncounterfeit consciousness => artificial intelligence\nwell known => famous")
        #expect(utf8(unspinner.fix("the coun-\nterfeit consciousness of machines")) == utf8("the artificial intelligence of machines"))
        #expect(utf8(unspinner.fix("the counterfeit con-\n  sciousness of machines")) == utf8("the artificial intelligence of machines"))
        let finding = try #require(unspinner.analyze("the coun-\nterfeit consciousness").findings.first)
        #expect(finding.found == "coun-\nterfeit consciousness")
        // A compound split at its own hyphen, a capital after the break, a
        // blank line, or a dash with space before it: left as written.
        for text in ["a well-\nknown fact", "the coun-\nTerfeit consciousness", "the coun-\n\nterfeit consciousness",
                     "the coun -\nterfeit consciousness", "the coun-\nterfeits"] {
            #expect(utf8(unspinner.fix(text)) == utf8(text))
        }
    }
}
