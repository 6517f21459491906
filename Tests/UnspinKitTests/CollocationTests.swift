import Testing
import CUnspinData
@testable import UnspinKit

/// The collocation rule over the built-in context model, with no dictionary:
/// unseen word pairs whose channel swap gives a strong collocation are restored.
/// The rule is off by default: these engines enable it.
@Suite struct CollocationTests {
    static let enabled = Unspinner.Options(enabledPasses: [CollocationRestoration.id])
    let engine = Unspinner(dictionaries: [], model: ContextModel.builtin, options: CollocationTests.enabled)

    @Test(arguments: [
        ("The bank was hit by a cyber assault last year.", "The bank was hit by a cyber attack last year."),
        ("The spread of bogus news worries the government.", "The spread of fake news worries the government."),
    ])
    func restoresDestroyedCollocations(_ input: String, _ output: String) {
        #expect(engine.fix(input) == output)
    }

    @Test func findingNamesTheRuleAndCoversOnlyTheChangedWord() throws {
        let text = "The bank was hit by a cyber assault last year."
        let finding = try #require(engine.analyze(text).findings.first)
        #expect(finding.rule == CollocationRestoration.id)
        #expect(finding.found == "assault")
        #expect(finding.replacement == "attack")
        #expect(Array(text.utf8)[finding.range].elementsEqual("assault".utf8))
        #expect(finding.explanation.contains("collocation"))
        #expect(finding.confidence >= 0.6 && finding.confidence <= 1)
    }

    @Test(arguments: [
        "The magnetic field of the earth protects us.",
        "Artificial intelligence and the global financial crisis were discussed.",
        "She described a quiet relocation of the office.",
        "The cyber attack on the bank was reported last year.",
        "He found a bogus cheque in the drawer.",
        // Technical English the counts (speeches and debates) do not attest: a pair that is a
        // WordNet lemma is a term, and a restoration that reads worse with the next words is
        // another phrase.
        "The parser keeps a data structure for each open file.",
        "Fixed a bug that could cause vi redo not to work correctly in the C locale.",
        // A pair general English writes often, though the counts never saw it (`GeneralEnglish`).
        "These frame buffers generate a serial data stream that is sent to the display.",
    ])
    func leavesCleanTextAlone(_ input: String) {
        #expect(engine.analyze(input).edits.isEmpty)
    }

    /// The list of pairs general English writes often: read from the embedded
    /// file, sorted, hashed as the build script hashes, compared in lower case.
    @Test func generalEnglishPairs() {
        #expect(GeneralEnglish.pairs.count == 242_342)
        #expect(zip(GeneralEnglish.pairs.dropLast(), GeneralEnglish.pairs.dropFirst()).allSatisfy { $0 < $1 })
        // scripts/build_general_bigrams.py: fnv1a(b"data stream") (build_context_model.py's)
        #expect(GeneralEnglish.hash("data stream") == 0x65C8_0060_947B_051F)
        #expect(GeneralEnglish.writes("Data", "Stream"))
        #expect(GeneralEnglish.writes("work", "correctly"))
        #expect(!GeneralEnglish.writes("counterfeit", "consciousness"))
        #expect(!GeneralEnglish.writes("cyber", "assault"))
        #expect(!GeneralEnglish.writes("bogus", "news"))
    }

    /// A list not in the expected form reads as empty (the rule then weighs
    /// every unseen pair, as before the list): wrong magic, a count the length
    /// does not hold, a count that would overflow.
    @Test func malformedGeneralEnglishListReadsAsEmpty() {
        func read(_ bytes: [UInt8]) -> Int {
            bytes.withUnsafeBufferPointer { GeneralEnglish.read(unspin_builtin_data(bytes: $0.baseAddress, length: Int64($0.count))).count }
        }
        func header(_ count: UInt64) -> [UInt8] { Array("UNSPINBG".utf8) + withUnsafeBytes(of: count.littleEndian, Array.init) }
        #expect(read(header(2) + [UInt8](repeating: 0, count: 16)) == 2)
        #expect(read(Array("UNSPINXX".utf8) + header(2).dropFirst(8) + [UInt8](repeating: 0, count: 16)) == 0)
        #expect(read(header(3) + [UInt8](repeating: 0, count: 16)) == 0)
        #expect(read(header(UInt64.max) + [UInt8](repeating: 0, count: 16)) == 0)
        #expect(read(Array("UNSP".utf8)) == 0)
    }

    @Test(arguments: [
        ("Bosom malignancy is the most common cancer in women.", "Breast cancer is the most common cancer in women."),
        ("Bogus news spreads fast.", "Fake news spreads fast."),
    ])
    func keepsCase(_ input: String, _ output: String) {
        #expect(engine.fix(input) == output)
    }

    /// Words in capitals (acronyms, headlines) and capitalised words inside a
    /// sentence (names) are not parts of the pairs it restores.
    @Test func leavesCapitalsAndNamesAlone() {
        #expect(engine.fix("THE RISE OF BOGUS NEWS") == "THE RISE OF BOGUS NEWS")
        #expect(engine.fix("He works for Bogus News in Ohio.") == "He works for Bogus News in Ohio.")
    }

    /// Overlapping pairs that agree on their shared word become one finding.
    @Test func joinsAgreeingPairs() throws {
        let findings = engine.analyze("Prices rose on the worldwide monetary emergency.").findings
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.found == "worldwide monetary emergency")
        #expect(finding.rule == CollocationRestoration.id)
    }

    /// The model's WordNet lemmas and per-word flags, which the rule reads.
    @Test func modelKnowsCompoundsAndTorturedSwaps() {
        let model = ContextModel.builtin
        #expect(model.isCompound(model.id(of: "data"), model.id(of: "structure")))
        #expect(model.isCompound(model.id(of: "immune"), model.id(of: "system")))
        #expect(!model.isCompound(model.id(of: "structure"), model.id(of: "data")))
        #expect(!model.isCompound(model.id(of: "cyber"), model.id(of: "assault")))
        for word in ["assault", "bogus", "data", "the"] {
            let id = model.id(of: word)
            let expected = model.candidates(of: id).prefix(12).contains { $0.tortured > 0 }
            #expect(model.hasTorturedCandidate(id) == expected, "\(word)")
        }
    }

    /// Unless named, the rule runs only in documents where a tortured-phrase
    /// list found two tortured phrases that the later passes keep.
    @Test func runsByDefaultOnlyInDocumentsWithTorturedPhrases() {
        #expect(Unspinner.gatedPasses == [CollocationRestoration.id] && Unspinner.defaultOffPasses.isEmpty)
        #expect(CollocationRestoration.byDefault == .inDocumentsWithTorturedPhrases && ContextRestoration.byDefault == .always)
        // Every pass with a default other than `always` can be named and excluded.
        #expect(Unspinner.gatedPasses.union(Unspinner.defaultOffPasses).isSubset(of: Unspinner.optionalPasses))
        let papers = parsedDictionary("""
            @name papers
            @kind tortured-phrases
            counterfeit consciousness => artificial intelligence
            profound learning => deep learning
            """)
        let news = parsedDictionary("@name news\nlevel man => point man\nfor the reason that => since")
        #expect(papers.kind == .torturedPhrases && news.kind == .spinner)
        // The context rule is left out: it restores "cyber assault" on its own
        // (a swap the spinner list makes), and this is about the collocation rule.
        let byDefault = Unspinner(dictionaries: [papers, news], model: ContextModel.builtin,
                                  options: .init(excludedPasses: [ContextRestoration.id]))
        #expect(byDefault.runsCollocationRule && byDefault.options.isGated(CollocationRestoration.id))
        func collocations(_ text: String) -> [String] {
            byDefault.analyze(text).all.filter { $0.rule == CollocationRestoration.id }.compactMap(\.replacement)
        }
        let clean = "The bank was hit by a cyber assault last year."
        #expect(collocations(clean).isEmpty)
        #expect(byDefault.fix(clean) == clean)
        let paper = "We apply profound learning and counterfeit consciousness to detect a cyber assault on the bank."
        #expect(collocations(paper) == ["attack"])
        #expect(byDefault.fix(paper) == "We apply deep learning and artificial intelligence to detect a cyber attack on the bank.")
        // Spinner swaps are not evidence of tortured phrases; one tortured
        // phrase is not enough; quoted ones are not evidence.
        #expect(collocations("He was the level man, for the reason that the bank was hit by a cyber assault last year.").isEmpty)
        #expect(collocations("We apply profound learning to detect a cyber assault on the bank.").isEmpty)
        let quoted = "Screeners list \u{201C}profound learning\u{201D} and \u{201C}counterfeit consciousness\u{201D}; "
            + "the bank was hit by a cyber assault last year."
        #expect(collocations(quoted).isEmpty)
        #expect(byDefault.fix(quoted) == quoted)
        // Named, it runs in every document.
        #expect(!engine.options.isGated(CollocationRestoration.id))
        #expect(engine.fix(clean) == "The bank was hit by a cyber attack last year.")
    }

    @Test func kindIsReadAndChecked() throws {
        #expect(parsedDictionary("@name a\n@kind spinner\nx y => z").kind == .spinner)
        #expect(throws: DictionaryError.self) { try DictionaryParser.parse(Array("@name a\n@kind tortured\nx y => z\n".utf8), path: "a.dict") }
        #expect(builtinDictionaries.first { $0.name == "tortured-phrases" }?.kind == .torturedPhrases)
        #expect(builtinDictionaries.first { $0.name == "news-spinner" }?.kind == .spinner)
    }

    @Test func excludedRuleDoesNotRunEvenWhenEnabled() {
        let text = "The bank was hit by a cyber assault last year."
        let excluded = Unspinner(dictionaries: [], model: ContextModel.builtin,
                                 options: .init(excludedPasses: [CollocationRestoration.id], enabledPasses: [CollocationRestoration.id]))
        #expect(!excluded.runsCollocationRule)
        #expect(excluded.analyze(text).all.allSatisfy { $0.rule != CollocationRestoration.id })
        // Excluding the context rule leaves the enabled collocation rule running.
        let contextOff = Unspinner(dictionaries: [], model: ContextModel.builtin,
                                   options: .init(excludedPasses: [ContextRestoration.id], enabledPasses: [CollocationRestoration.id]))
        #expect(contextOff.fix(text) == "The bank was hit by a cyber attack last year.")
    }

    @Test func quotedSpeechAndAllowlistApply() {
        #expect(engine.fix("He said: \u{201C}a cyber assault hit us\u{201D}.") == "He said: \u{201C}a cyber assault hit us\u{201D}.")
        var options = CollocationTests.enabled
        options.allow = ["assault"]
        let allowing = Unspinner(dictionaries: [], model: ContextModel.builtin, options: options)
        #expect(allowing.fix("The bank was hit by a cyber assault last year.") == "The bank was hit by a cyber assault last year.")
    }

    @Test func neverOverlapsDictionaryFindings() {
        let dictionary = parsedDictionary("@name t\ncyber assault => cyberattack")
        let withDictionary = Unspinner(dictionaries: [dictionary], model: ContextModel.builtin, options: CollocationTests.enabled)
        let findings = withDictionary.analyze("The bank was hit by a cyber assault last year.").all
        #expect(findings.count == 1)
        #expect(findings.first?.rule == "t")
    }
}
