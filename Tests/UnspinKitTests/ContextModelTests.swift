import Testing
@testable import UnspinKit
#if canImport(Glibc)
import Glibc
#endif

/// The built-in context model as a file format (what scripts/build_context_model.py
/// writes and ContextModel reads) and the context rule on text.
@Suite struct ContextModelTests {
    let model = ContextModel.builtin

    @Test func vocabularyAndCountsReadBackFromTheBuiltFile() {
        let the = model.id(of: "the"), end = model.id(of: "end"), of = model.id(of: "of")
        #expect(the > ContextModel.number && end > ContextModel.number && of > ContextModel.number)
        #expect(model.word(the) == "the")
        #expect(model.id(of: "The") == the, "keys are case-folded like the tokenizer's")
        #expect(model.id(of: "qzxv-not-a-word") == ContextModel.unknown)
        #expect(model.count(the) > model.count(end))
        // Python's hashing and Swift's agree, or these would read as 0.
        #expect(model.count(the, end) > 1000)
        #expect(model.count(the, end, of) > 1000)
        let finish = model.id(of: "finish")
        #expect(model.count(the, finish, of) < model.count(the, end, of) / 10)
        #expect(model.count(end, the, of) == 0, "an unseen trigram reads as 0")
    }

    /// `ContextScorer` looks most tokens up in the model by the hash the
    /// tokenizer kept (`Document.keyHashes`), with a cache by dictionary id: the
    /// ids must be those of a fresh lookup of each token's text, for ASCII in any
    /// case, non-ASCII words, numbers and repeated words alike.
    @Test func scorerIdsFromTheTokenizersHashesMatchAFreshLookup() {
        let texts = [
            "The Afghan authorities returned to energy after greater than a 12 months.",
            "THE END of the END; the End, the end — Ende, fin, café, naïve Zoë in Kraków.",
            "It rose 3.5% in 2024, to 1,200 units, says the Commission's report (p. 12).",
            String(repeating: "the of and to in is for on that by with ", count: 300),
        ]
        // The built-in dictionaries' vocabulary, so that the scorer's cache by dictionary id is used too.
        let table = PhraseTable(builtinDictionaries)
        #expect(table.vocabulary.count > 1000)
        for text in texts {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                var keyer = WordKeyer()
                let (tokens, hashes) = Tokenizer.tokenize(buffer, vocabulary: table.vocabulary, keyer: &keyer,
                                                          keepingKeyHashes: true)
                #expect(hashes.count == tokens.count)
                let withHashes = ContextScorer(model: model, document: Document(bytes: buffer, tokens: tokens, keyHashes: hashes))
                let without = ContextScorer(model: model, document: Document(bytes: buffer, tokens: tokens))
                #expect(withHashes.ids == without.ids)
                for (k, token) in tokens.enumerated() where token.kind == .word {
                    let word = String(decoding: buffer[token.start..<token.end], as: UTF8.self)
                    #expect(withHashes.ids[k] == model.id(of: word), "\(word)")
                }
            }
        }
    }

    @Test func channelKeepsInflection() {
        let groups = model.candidates(of: model.id(of: "teams")).map { model.word($0.id) }
        #expect(groups.contains("groups"), "teams ← groups (plural kept)")
        #expect(groups.allSatisfy { $0.hasSuffix("s") }, "\(groups)")
        let shaped = model.candidates(of: model.id(of: "formed")).map { model.word($0.id) }
        #expect(shaped.contains("shaped"), "formed ← shaped (past kept)")
    }

    /// The channel marks what the news-spinner list says of a swap: a strong
    /// one-word entry ("final => last") is `curated`; a swap only its phrases
    /// make ("Chilly Battle => Cold War": "battle" for "war") or a gate-only
    /// one-word entry is a `listedSwap`. The context rule reads both; the
    /// collocation rule, fitted before the second joined, reads `curated` alone.
    @Test func channelMarksTheSpinnerListsSwaps() throws {
        func sources(_ written: String, _ original: String) throws -> ChannelCandidate.Sources {
            let candidates = model.candidates(of: model.id(of: written))
            return try #require(candidates.first { model.word($0.id) == original }, "\(written) ← \(original)").sources
        }
        let last = try sources("final", "last")
        #expect(last.contains(.curated) && last.isSpinnerSwap)
        let war = try sources("battle", "war")
        #expect(war.contains(.listedSwap) && !war.contains(.curated) && war.isSpinnerSwap)
        #expect(war.names.contains("news-spinner phrases"))
        // A thesaurus swap the list does not make is neither.
        let engagement = try sources("battle", "engagement")
        #expect(!engagement.isSpinnerSwap && engagement.thesauri > 0)
    }

    /// Rare spinner forms get candidates linked by two thesauri (at most 6):
    /// one seen twice in the training text ("committedness") keeps its id;
    /// those it never had are channel-only words, with their own id and count
    /// 0, after every counted word. Abbreviations get none.
    @Test func rareSpinnerFormsAreChannelOnlyWords() {
        let end = model.id(of: "end")
        #expect(end < model.countedVocabularyCount && model.countedVocabularyCount < Int32(model.vocabularyCount))
        for (written, original, seen) in [("menstruations", "periods", false), ("unclutter", "clear", false),
                                          ("cognize", "know", false), ("committedness", "commitment", true)] {
            let id = model.id(of: written)
            #expect(id != ContextModel.unknown)
            #expect((id < model.countedVocabularyCount) == seen, "\(written) is \(seen ? "counted" : "channel-only")")
            #expect(seen ? model.count(id) >= 2 && model.count(id) < 5 : model.count(id) == 0)
            #expect((model.contextId(id) == id) == seen, "a channel-only neighbour reads as the counts saw it, <unk>")
            let candidates = model.candidates(of: id)
            #expect(candidates.count <= 6)
            #expect(candidates.contains { model.word($0.id) == original }, "\(written) ← \(original)")
        }
        #expect(model.contextId(end) == end)
        #expect(model.candidates(of: model.id(of: "pct")).allSatisfy { model.word($0.id) != "percent" },
                "an abbreviation is no sign of spinning")
    }

    /// A channel-only neighbour reads as `unknown` in the scorer's windows
    /// (the counts hold "<unk> of", not "menstruations of"), while the word
    /// itself keeps its id and so its candidates.
    @Test func channelOnlyWordsReadAsUnknownNeighbours() {
        let bytes = Array("the menstruations of growth".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var keyer = WordKeyer()
            let (tokens, _) = Tokenizer.tokenize(buffer, vocabulary: Vocabulary(), keyer: &keyer, keepingKeyHashes: false)
            let scorer = ContextScorer(model: model, document: Document(bytes: buffer, tokens: tokens))
            #expect(scorer.ids[1] == model.id(of: "menstruations") && scorer.ids[1] != ContextModel.unknown)
            #expect(scorer.isReplaceable(1))
            #expect(scorer.neighbours(2).l1 == ContextModel.unknown)
            #expect(scorer.neighbours(0).r1 == ContextModel.unknown)
            #expect(scorer.neighbours(1).r1 == model.id(of: "of"))
        }
    }

    /// The n-gram tables' lookup (`unspin_probe`, four entries a compare) on
    /// hand-made buckets: an entry in its home bucket, one in the last lane of
    /// a full bucket, one passed on around the end of the table, misses that
    /// stop at the first bucket with room, and a table with no empty entry (a
    /// damaged file), which reads as 0 instead of looping.
    @Test func bucketLookupFollowsEntriesPassedOnAndStopsAtRoom() {
        func entry(_ fingerprint: UInt32, _ code: UInt32) -> UInt32 { fingerprint << 8 | code }
        func probe(_ bucket: Int, _ fingerprint: UInt32) -> ContextModel.Probe { .init(bucket: bucket, fingerprint: fingerprint) }
        var entries = [UInt32](repeating: 0, count: 3 * 16)
        for k in 0..<16 { entries[32 + k] = entry(100 + UInt32(k), UInt32(10 + k)) }  // bucket 2: full
        entries[0] = entry(200, 9)   // home bucket 2, passed on to bucket 0
        entries[16] = entry(300, 5)  // home bucket 1
        entries.withUnsafeBufferPointer { buffer in
            let table = ContextModel.NGramTable(entries: buffer.baseAddress!, buckets: 3)
            #expect(table.code(probe(1, 300)) == 5)
            #expect(table.code(probe(2, 100)) == 10)
            #expect(table.code(probe(2, 115)) == 25, "the last entry of a bucket")
            #expect(table.code(probe(2, 200)) == 9, "passed on past the end of the table")
            #expect(table.code(probe(1, 200)) == 0, "bucket 1 has room: nothing was passed on from it")
            #expect(table.code(probe(2, 999)) == 0, "a full bucket, then one with room")
        }
        let full = [UInt32](repeating: entry(1, 1), count: 2 * 16)
        full.withUnsafeBufferPointer { buffer in
            #expect(ContextModel.NGramTable(entries: buffer.baseAddress!, buckets: 2).code(probe(0, 2)) == 0)
        }
    }

    @Test(arguments: [
        ("not a model at all" + String(repeating: "\0", count: 200), "bad magic"),
        // A file of the first format (version 1: linear probing, not buckets).
        ("UNSPINLM\u{1}\0\0\0\u{8}\0\0\0" + String(repeating: "\0", count: 200), "version 1"),
        ("UNSPINLM", "too short"),
    ])
    func malformedModelFilesAreRejectedWithTheirName(_ content: String, _ reason: String) throws {
        // One file per case: the cases run in parallel ("bad magic" and "version 1"
        // once shared a name made from the reason's length, and raced).
        let path = "/tmp/unspin-model-test-\(getpid())-\(reason.split(separator: " ").joined(separator: "-")).model"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        _ = content.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        defer { unlink(path) }
        #expect {
            _ = try ContextModel.load(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(path) && text.contains(reason)
        }
    }

    @Test func missingModelFileNamesThePath() {
        #expect(throws: ContextModelError.self) { _ = try ContextModel.load(path: "/nonexistent/unspin.model") }
    }

    @Test func mappedFileReadsLikeTheEmbeddedOne() throws {
        // The checked-in file, mapped: the same counts as the copy compiled into the binary.
        let path = #filePath.replacingOccurrences(of: "Tests/UnspinKitTests/ContextModelTests.swift", with: "dictionaries/english.model")
        let mapped = try ContextModel.load(path: path)
        let a = model.id(of: "returned"), b = model.id(of: "to"), c = model.id(of: "power")
        #expect(mapped.vocabularyCount == model.vocabularyCount)
        #expect(mapped.count(a, b, c) == model.count(a, b, c))
        #expect(mapped.candidates(of: c).map(\.id) == model.candidates(of: c).map(\.id))
    }

    let engine = Unspinner(dictionaries: [], model: ContextModel.builtin)

    @Test func restoresAnUnattestedWordingAndKeepsCase() {
        #expect(engine.fix("The troops will leave by the finish of the month.") == "The troops will leave by the end of the month.")
        let analysis = engine.analyze("Finish of the month came fast, and by the finish of the month they left.")
        let fixes = analysis.edits.map(\.replacement)
        #expect(fixes.allSatisfy { $0 == "End" || $0 == "end" }, "\(fixes)")
        #expect(analysis.edits.allSatisfy { $0.rule == ContextRestoration.id && $0.explanation.contains("clean English") })
    }

    /// A spinner that swaps two adjacent words spoils each one's context:
    /// "the economical downswing" reads "downswing" after an odd word. Once
    /// "economical" -> "economic" may be reported, "downswing" is weighed again
    /// as "the economic downswing", where "downturn" is clear; the reread
    /// finding says what it was read with and is never more confident than
    /// the restoration it assumes.
    @Test func aNeighbourOfARestorationIsReadWithIt() throws {
        let text = "The troops will leave by the finish of the month. Every company must pay its reasonable partake of "
            + "the levy, and the ministers will look into the economical downswing in the approaching weeks. The "
            + "menstruations of growth were short, and the government promised to unclutter the rules."
        // At 0.5: "economical" -> "economic" is 0.58 here, and only a restoration
        // that may be reported has its neighbours reread.
        let engine = Unspinner(dictionaries: [], model: ContextModel.builtin, options: .init(threshold: 0.5))
        let all = engine.analyze(text).all
        let anchor = try #require(all.first { $0.found == "economical" })
        let reread = try #require(all.first { $0.found == "downswing" })
        #expect(anchor.replacement == "economic" && reread.replacement == "downturn")
        #expect(reread.explanation.contains("read with 'economic' for 'economical' before it"), "\(reread.explanation)")
        #expect(reread.confidence <= anchor.confidence)
        // Read as written, next to "economical", the same word is much less likely restored.
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let (context, _) = engine.runPasses(buffer, stopBefore: { $0 is ContextRestoration })
            let scorer = ContextScorer(model: model, document: context.document)
            let covered = [Bool](repeating: false, count: context.document.tokens.count)
            let weighed = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: [])
            let token = try #require(context.document.tokens.indices.first { context.document.text(ofToken: $0) == "downswing" })
            let alone = weighed.positions.first { $0.candidates[0].token == token }
            let reread = ContextRestoration.withNeighboursReread(weighed.positions, scorer, covered: covered,
                                                                 densities: weighed.densities, threshold: 0.5)
                .first { $0.candidates[0].token == token }
            #expect(try #require(reread).restoreLogit > (alone?.restoreLogit ?? -.infinity) + 1)
        }
    }

    /// Two adjacent swaps that read right only together ("atomic disarming"
    /// for "nuclear disarmament"): neither original may be reported when its
    /// word is weighed beside the other's spun form, so no reread starts from
    /// either. Put back tentatively, each makes the other clear, and both
    /// are reported at the same confidence, each read with the other.
    @Test func twoSwapsThatReadRightOnlyTogetherAreRestoredTogether() throws {
        let text = "The troops will leave by the finish of the month. The menstruations of growth were short, and the "
            + "government promised to unclutter the rules. Talks on atomic disarming will resume in the approaching weeks."
        let engine = Unspinner(dictionaries: [], model: ContextModel.builtin)
        let all = engine.analyze(text).all
        let atomic = try #require(all.first { $0.found == "atomic" })
        let disarming = try #require(all.first { $0.found == "disarming" })
        #expect(atomic.replacement == "nuclear" && disarming.replacement == "disarmament")
        #expect(atomic.confidence == disarming.confidence && atomic.confidence >= 0.6)
        #expect(atomic.explanation.contains("read with 'disarmament' for 'disarming' after it"), "\(atomic.explanation)")
        #expect(disarming.explanation.contains("read with 'nuclear' for 'atomic' before it"), "\(disarming.explanation)")
        // Weighed as written, neither may be reported, so without the pair nothing started a reread.
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let (context, _) = engine.runPasses(buffer, stopBefore: { $0 is ContextRestoration })
            let scorer = ContextScorer(model: model, document: context.document)
            let covered = [Bool](repeating: false, count: context.document.tokens.count)
            let weighed = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: [])
            let pair = context.document.tokens.indices.filter { ["atomic", "disarming"].contains(context.document.text(ofToken: $0)) }
            #expect(pair.count == 2)
            for token in pair {
                let alone = weighed.positions.first { $0.candidates[0].token == token }
                #expect((alone?.most ?? 0) < 0.6)
            }
            let supported = ContextRestoration.withMutualSupport(weighed.positions, scorer, covered: covered,
                                                                 densities: weighed.densities, threshold: 0.6)
            for token in pair {
                #expect((supported.first { $0.candidates[0].token == token }?.most ?? 0) >= 0.6)
            }
        }
        // The same sentence unspun keeps its wording.
        let clean = "Talks on nuclear disarmament will resume in the coming weeks."
        #expect(engine.analyze(clean).all.filter { $0.confidence >= 0.6 }.isEmpty)
    }

    /// The news-spinner list's swaps ("battle" for "war", which its phrase
    /// entries make) count as that spinner's only in a document where a
    /// dictionary finds a known spinner phrase; elsewhere "war" is a
    /// thesaurus candidate like any other. `explain --features` writes them as
    /// stage 1 was fitted, in every document.
    @Test func listedSwapsCountOnlyWhereADictionaryFindsASpinnerPhrase() throws {
        let full = Unspinner(dictionaries: builtinDictionaries, model: ContextModel.builtin)
        let curated = try #require(ContextScorer.featureNames.firstIndex(of: "curated"))
        func war(_ text: String, asFitted: Bool = false) throws -> ContextExplanation.Row {
            let bytes = Array(text.utf8)
            let explanation = try #require(bytes.withUnsafeBufferPointer { full.explainContext($0, asFitted: asFitted) })
            return try #require(explanation.positions.joined().first { $0.found == "battle" && $0.replacement == "war" })
        }
        let plain = "Officials said it had become the US's longest battle by far."
        let spun = "Officials said a 12 months in the past that it had become the US's longest battle by far."
        #expect(full.analyze(spun).all.contains { $0.rule == "news-spinner" && $0.confidence >= DocumentSpinGate.strongConfidence })
        #expect(try war(plain).candidate.features[curated] == 0)
        #expect(try war(spun).candidate.features[curated] == 1)
        #expect(try war(plain, asFitted: true).candidate.features[curated] == 1)
        #expect(try war(spun).candidate.logit > war(plain).candidate.logit + 2)
    }

    /// A dictionary entry below the threshold ("approaching => nearing",
    /// gate-only) does not keep the context rule off its word: the rule
    /// weighs it, and the document gate keeps the more confident finding.
    /// Here the gate finds no spinner phrases, so the entry stays at 0.45 and
    /// the rule's "coming" is applied; before, the entry's finding covered
    /// the word and nothing was fixed.
    @Test func aWeakDictionaryEntryDoesNotHideARestoration() throws {
        let text = "The troops will leave by the finish of the month. Every company must pay its reasonable partake of "
            + "the levy, and the ministers will look into the economical downswing in the approaching weeks. The "
            + "menstruations of growth were short, and the government promised to unclutter the rules."
        let weak = Unspinner(dictionaries: [parsedDictionary("@name weak\napproaching => nearing | confidence: 0.45")],
                             model: ContextModel.builtin)
        let all = weak.analyze(text).all.filter { $0.found == "approaching" }
        #expect(all.count == 1, "overlapping findings were resolved: \(all.map(\.rule))")
        let finding = try #require(all.first)
        #expect(finding.rule == ContextRestoration.id && finding.replacement == "coming" && finding.confidence >= 0.6)
        // A strong entry still covers its words.
        let strong = Unspinner(dictionaries: [parsedDictionary("@name strong\napproaching => nearing | confidence: 0.95")],
                               model: ContextModel.builtin)
        #expect(strong.analyze(text).all.filter { $0.found == "approaching" }.map(\.rule) == ["strong"])
    }

    /// A dictionary fix that may be reported ("final" -> "last") is a
    /// restoration its neighbours are read with, like the context rule's own,
    /// capped at the logit of its confidence. In a 1 MB piece of the
    /// benchmark's spun text (few spinner phrases per word), "the finish of
    /// final week" was weighed as written and left; read as "the finish of
    /// last week", "finish" -> "end" at 0.62.
    @Test func wordsNearADictionaryFixAreReadWithIt() throws {
        let full = Unspinner(dictionaries: builtinDictionaries, model: ContextModel.builtin)
        let bytes = Array("Until the finish of final week, the bank held out against the pressure.".utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let (context, findings) = full.runPasses(buffer, stopBefore: { $0 is ContextRestoration })
            let scorer = ContextScorer(model: model, document: context.document)
            let dictionary = ContextRestoration.dictionaryRestorations(findings, scorer, in: context)
            let final = try #require(context.document.tokens.indices.first { context.document.text(ofToken: $0) == "final" })
            #expect(dictionary.map(\.tokens) == [final..<final + 1] && dictionary[0].originals == [model.id(of: "last")])
            let covered = ContextRestoration.covered(findings, in: context)
            // No position of its own: only what the dictionary fix makes of its neighbours.
            let reread = ContextRestoration.withNeighboursReread([], scorer, covered: covered, densities: NeighbourhoodDensity(uniform: 1), threshold: 0.6,
                                                                 dictionary: dictionary)
            let finish = try #require(reread.first { context.document.text(ofToken: $0.candidates[0].token) == "finish" })
            #expect(scorer.model.word(finish.candidates[0].replacement) == "end")
            #expect(finish.readWith.map(\.tokens) == [final..<final + 1])
            #expect(finish.restoreLogit <= dictionary[0].logit)
        }
        // A fix of several words is read as its originals: "over final 12 months's level" reads
        // "final" before "year's level", where "last" is clear.
        let several = Array("Spending rose by $239 million over final 12 months's level, the report said.".utf8)
        try several.withUnsafeBufferPointer { buffer in
            let (context, findings) = full.runPasses(buffer, stopBefore: { $0 is ContextRestoration })
            let scorer = ContextScorer(model: model, document: context.document)
            let dictionary = ContextRestoration.dictionaryRestorations(findings, scorer, in: context)
            let months = try #require(dictionary.first { $0.tokens.count > 1 })
            let reread = ContextRestoration.withNeighboursReread([], scorer, covered: ContextRestoration.covered(findings, in: context),
                                                                 densities: NeighbourhoodDensity(uniform: 1), threshold: 0.6, dictionary: dictionary)
            let final = try #require(reread.first { context.document.text(ofToken: $0.candidates[0].token) == "final" })
            #expect(scorer.model.word(final.candidates[0].replacement) == "last")
            #expect(final.readWith.map(\.tokens) == [months.tokens])
            #expect(ContextRestoration.readWithText(final, scorer) == "read with 'year's' for '12 months's' after it")
        }
    }

    @Test func overlappingFindingsKeepTheMostConfident() {
        func finding(_ tokens: Range<Int>, _ confidence: Double, _ rule: String) -> Finding {
            Finding(range: tokens, found: "x", replacement: "y", rule: rule, source: nil, confidence: confidence,
                    explanation: "", tokens: tokens)
        }
        var restoration = finding(16..<17, 0.9, "k")
        restoration.logit = 2.2
        let kept = DocumentSpinGate.resolvingOverlaps([
            finding(0..<1, 0.5, "a"), finding(0..<1, 0.7, "b"),   // the second is more confident
            finding(2..<4, 0.6, "c"), finding(3..<4, 0.6, "d"),   // a tie keeps the earlier
            finding(5..<6, 0.4, "e"),                             // no overlap
            finding(7..<10, 0.5, "f"), finding(8..<9, 0.9, "g"),  // a listed phrase not applied: the stronger inside it
            finding(11..<14, 0.75, "h"), finding(12..<13, 0.9, "i"), // one applied: it stays over the one inside it
            finding(15..<17, 0.7, "j"), restoration,              // the context rule's restoration: the most confident
        ], threshold: 0.6)
        #expect(kept.map(\.rule) == ["b", "c", "e", "g", "h", "k"])
    }

    /// A parliament's minutes repeat one line that news English never writes
    /// ("Motion No. 3 negatived"). Counted per occurrence, its odd word made
    /// the document read as densely spun, and the rule rewrote "Motion" to
    /// "Question" down the list (60 edits here; 754 in 4.8M words of Hansard
    /// and Reuters cut into 400-word documents). A word counts once.
    @Test func aListRepeatingAnOddLineIsNotSpun() {
        let outcomes = ["negatived", "agreed to", "deferred", "negatived"]
        let minutes = ["Motions Nos. 24 and 26 deferred", "Division on Motion No. 3 deferred"]
            + (1..<60).map { "Motion No. \($0) \(outcomes[$0 % outcomes.count])" }
        let analysis = engine.analyze(minutes.joined(separator: "\n\n"))
        #expect(analysis.edits.isEmpty, "\(analysis.edits.map { "\($0.found) -> \($0.replacement ?? "")" })")
    }

    /// Known spinner phrases raise the context rule's document density only
    /// where they count as evidence: quoted (an article about spinners quoting
    /// their output) they are not reported and not evidence. Before the context
    /// rule counted only the phrases the later passes keep, this clean Reuters
    /// item, with two tortured phrases quoted, got "northern" -> "southern" at
    /// 0.79. Tortured phrases, quoted or not, do not raise the density at all.
    @Test func quotedKnownPhrasesAreNotEvidenceOfSpinning() {
        let full = Unspinner(dictionaries: builtinDictionaries, model: ContextModel.builtin)
        let body = "<Franco Nevada Mining Corp Ltd> said the gain in its stock price today is related to deep drilling "
            + "being conducted by American Barrick Resources Corp <ABXFF> at the Goldstrike claims in the Carlin camp "
            + "in northern Nevada.\n\nFranco Nevada stock is up two at seven dlrs per share on the Toronto Stock Exchange."
        func northern(_ text: String) -> Double {
            full.analyze(text).all.first { $0.found == "northern" }?.confidence ?? 0
        }
        #expect(full.analyze(body).findings.isEmpty)
        let tortured = body + "\n\nResearch-integrity screeners flag phrases such as \"counterfeit consciousness\" and "
            + "\"profound learning\" in papers."
        #expect(full.analyze(tortured).findings.isEmpty)
        let unquoted = tortured.replacingOccurrences(of: "\"", with: "")
        #expect(full.analyze(unquoted).findings.filter { $0.rule != "tortured-phrases" }.isEmpty)
        // Spinner phrases: quoted, no evidence; unquoted, fixed and counted, so the same word is more suspect.
        let spinner = body + "\n\nEditors spot spinners by phrases such as \"pores and skin\" and \"level man\"."
        #expect(full.analyze(spinner).findings.isEmpty)
        let plain = spinner.replacingOccurrences(of: "\"", with: "")
        #expect(full.analyze(plain).findings.filter { $0.rule == "news-spinner" }.count == 2)
        #expect(northern(plain) > northern(spinner))
    }

    /// The parts of a hyphenated word are not weighed: the counts read
    /// "semi-final" as an odd "final" after "-", and the rule made "the
    /// semi-final week" "the semi-last week" (0.78) in a clean sports report.
    @Test func partsOfHyphenatedWordsAreLeftAlone() {
        let contextOnly = Unspinner(dictionaries: [], model: ContextModel.builtin)
        let report = "The team trained hard before the semi-final. Fans travelled from across the country for the "
            + "semi-final week, and tickets sold out within hours. The coach said the squad was fit and ready."
        #expect(contextOnly.analyze(report).all.filter { $0.rule == ContextRestoration.id && $0.found == "final" }.isEmpty)
        // The same word outside a hyphenated one is weighed as before ("final week" without an article is spun).
        let spaced = report.replacingOccurrences(of: "for the semi-final week", with: "final week")
        #expect(contextOnly.analyze(spaced).all.contains { $0.rule == ContextRestoration.id && $0.found == "final" })
    }

    /// A word the counts never saw is restored with an explanation that says
    /// so, and a counted word's says it is rare in its context.
    @Test func explanationSaysWhenTheWrittenWordIsUnseen() {
        let analysis = engine.analyze("The report said the menstruations of growth were short, and the government promised "
            + "to unclutter the rules. Critics said the committedness of the members was in doubt.")
        let byWord = Dictionary(analysis.edits.map { ($0.found, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byWord["menstruations"]?.replacement == "periods")
        #expect(byWord["menstruations"]?.explanation.contains("'menstruations' never occurs in clean English") == true)
        #expect(byWord["committedness"]?.explanation.contains("is rare here in clean English") == true, "seen twice in the counts")
    }

    /// A restored word's alternatives are its runner-up candidates that stage 1
    /// finds at least a quarter as likely as the winner (at most three, best
    /// first): the same list `explain` weighs, filtered.
    @Test func alternativesAreTheCloseRunnersUp() throws {
        let text = "It will have to excuse to us how it plans to retrieve the ECU 16.6 million wrongly spent in this sector "
            + "from the Member States.\n\nBut I must point out that there is an unusual person in it referring the procedure "
            + "relating to olive oil.\n\nThere is an obvious perception – an outcry, I would state – in our club, about the "
            + "frequent excesses in television programmed such as the broadcasting of images of gratuitous violence, "
            + "peculiarly harmful for the development of offspring mass."
        let findings = engine.analyze(text).findings.filter { $0.rule == ContextRestoration.id }
        let bytes = Array(text.utf8)
        let explanation = try #require(bytes.withUnsafeBufferPointer { engine.explainContext($0) })
        #expect(findings.contains { !$0.alternatives.isEmpty }, "some restored word has a close runner-up")
        for finding in findings {
            let rows = try #require(explanation.positions.first { $0[0].range == finding.range })
            let best = ContextCoefficients.probability(rows[0].candidate.logit)
            let expected = rows.dropFirst()
                .filter { ContextCoefficients.probability($0.candidate.logit) >= ContextRestoration.alternativeShare * best }
                .prefix(ContextRestoration.maximumAlternatives).map(\.replacement)
            #expect(rows[0].replacement == finding.replacement)
            #expect(finding.alternatives == Array(expected), "\(finding.found)")
            #expect(!finding.alternatives.contains(finding.replacement ?? ""))
        }
    }

    @Test(arguments: [
        "The minister said the talks would resume next week, after a pause of several months.",
        "Prices fell sharply as the slump deepened, and analysts expect a further decline in the spring.",
        "The committee approved the budget on Tuesday, although two members voted against it.",
        "Witnesses said the fire started in the kitchen and spread quickly to the upper floors.",
    ])
    func leavesCleanTextAlone(_ text: String) {
        #expect(engine.analyze(text).edits.isEmpty, "\(engine.analyze(text).edits.map { "\($0.found) -> \($0.replacement ?? "")" })")
    }

    @Test func explanationListsEveryCandidateBestFirst() throws {
        let bytes = Array("The troops will leave by the finish of the month.".utf8)
        let explanation = try #require(bytes.withUnsafeBufferPointer { engine.explainContext($0) })
        let finish = try #require(explanation.positions.first { $0[0].found == "finish" })
        #expect(finish[0].replacement == "end")
        #expect(finish.count > 1)
        #expect(zip(finish, finish.dropFirst()).allSatisfy { $0.candidate.logit >= $1.candidate.logit })
        #expect(ContextScorer.Features.scalarCount == ContextScorer.featureNames.count)
        #expect(!explanation.attested.isEmpty, "well-attested words are listed as skipped")
    }

    /// Fluent words are weighed only in a document that already reads as spun:
    /// the same sentence is skipped on its own and weighed after two known
    /// spinner phrases (2 per 100 words ≥ `attestedDensityFloor`).
    @Test func fluentWordsAreWeighedOnlyInSpunLookingDocuments() throws {
        let sentence = "The minister said the talks would resume next week."
        let spun = Unspinner(dictionaries: [parsedDictionary("@name ex\nfor the reason that => since | confidence: 0.9\n")],
                             model: ContextModel.builtin)
        func explanation(_ text: String) throws -> ContextExplanation {
            let bytes = Array(text.utf8)
            return try #require(bytes.withUnsafeBufferPointer { spun.explainContext($0) })
        }
        let alone = try explanation(sentence)
        #expect(alone.density < ContextRestoration.attestedDensityFloor)
        #expect(!alone.attested.isEmpty)
        #expect(alone.positions.allSatisfy { !$0[0].attested })

        let inSpunText = try explanation("He left for the reason that he was tired. She stayed for the reason that she was not. " + sentence)
        #expect(inSpunText.density >= ContextRestoration.attestedDensityFloor)
        #expect(inSpunText.attested.isEmpty, "every replaceable word is weighed")
        let weighed = inSpunText.positions.filter { $0[0].attested }
        #expect(!weighed.isEmpty)
        #expect(weighed.allSatisfy { $0[0].candidate.features[15] == 1 }, "the written_attested lane is set")
        // Weighed is not restored: the clean sentence keeps its wording.
        let fixed = String(decoding: spun.fixBytes(Array(("He left for the reason that he was tired. She stayed for the reason that she was not. " + sentence).utf8)), as: UTF8.self)
        #expect(fixed.hasSuffix(sentence))
    }

    /// In a document the density finds spun, well-attested words are weighed
    /// only in paragraphs that show spinning (`MarkedParagraphs`): a clean
    /// paragraph beside a spun one keeps its fluent wording. Weighed, this
    /// Europarl sentence's "the cases which arose in Spain" became "the events"
    /// (0.54 here, over the threshold in the whole speech: `scripts/evaluate_context.py`'s
    /// spinner-mixed set). In the spun paragraph itself they are still weighed,
    /// and both ways of weighing agree.
    @Test func cleanParagraphsOfASpunDocumentKeepTheirAttestedWords() throws {
        let full = Unspinner(dictionaries: builtinDictionaries, model: ContextModel.builtin)
        let clean = "If we apply this to the issue in question, the telecommunications sector, it is a well-founded concern "
            + "given the cases which arose in Spain, a few months ago, involving the merger of Telefónica with a Dutch "
            + "company, in Portugal and in other sectors in France."
        let spun = "Wall Road fell as soon as once more for the reason that the Chilly Battle ended, and the Division of "
            + "State stated final week that the level man had got here residence."
        #expect(!full.analyze(clean + "\n\n" + spun).all.contains { $0.rule == ContextRestoration.id && $0.found == "cases" })
        for (text, sameParagraph) in [(clean + "\n\n" + spun, false), (clean + " " + spun, true)] {
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBufferPointer { buffer in
                let (context, findings) = full.runPasses(buffer, stopBefore: { $0 is ContextRestoration })
                let scorer = ContextScorer(model: model, document: context.document)
                let covered = ContextRestoration.covered(findings, in: context)
                let known = ContextRestoration.knownPhrases(findings, in: context)
                let everything = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: known, keepAll: true)
                let hotPath = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: known)
                #expect(everything.densities.document >= ContextRestoration.attestedDensityFloor)
                #expect(hotPath.attested == everything.attested)
                #expect(context.document.tokens.indices.allSatisfy { hotPath.densities.at($0) == everything.densities.at($0) })
                let cases = try #require(context.document.tokens.indices.first { context.document.text(ofToken: $0) == "cases" })
                #expect(everything.attested.contains(cases) == !sameParagraph)
            }
        }
    }

    /// The document's spinner evidence joins a context restoration's log-odds
    /// only in a paragraph with a strong finding of its own: beside a spun
    /// paragraph, a clean one's restoration keeps its local confidence and
    /// says why; in the spun paragraph it gets the evidence. `explain` gives
    /// each the confidence `check` does.
    @Test func documentEvidenceReachesOnlyParagraphsThatShowSpinning() throws {
        let full = Unspinner(dictionaries: builtinDictionaries, model: ContextModel.builtin)
        let clean = "I urge members of the House to support strongly my colleague's motion. Action should be taken."
        let spun = "Wall Road fell as soon as once more for the reason that the Chilly Battle ended, and the Division of "
            + "State stated final week that the level man had got here residence."
        for (text, sameParagraph) in [(clean + "\n\n" + spun, false), (clean + " " + spun, true)] {
            let bytes = Array(text.utf8)
            let explanation = try #require(bytes.withUnsafeBufferPointer { full.explainContext($0) })
            #expect(explanation.evidence > 0)
            let motion = try #require(full.analyze(text).all.first { $0.rule == ContextRestoration.id && $0.found == "motion" })
            let logit = try #require(motion.logit)
            let applied = sameParagraph ? explanation.evidence : 0
            #expect(motion.confidence == ContextRestoration.rounded(ContextCoefficients.probability(logit + ContextCoefficients.evidence * applied)))
            #expect(motion.explanation.hasSuffix("not applied: no strong finding in its paragraph") == !sameParagraph)
            let row = try #require(explanation.positions.first { $0[0].range == motion.range })
            #expect(row[0].evidence == applied)
            #expect(row[0].confidence == motion.confidence)
        }
    }

    /// Stage 2 reads the density of the text around a word: its paragraph and
    /// the nearest ones, by turns before and after, until they hold
    /// `neighbourhoodWords` words; never more than the document's.
    @Test func neighbourhoodDensityKeepsToTheTextAroundAWord() {
        // Four paragraphs of 40, 40, 40 and 100 words; four anomalies in the first, two in the last.
        let lengths = [40, 40, 40, 100]
        let text = lengths.map { n in (0..<n).map { "w\($0)" }.joined(separator: " ") }.joined(separator: "\n\n")
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var keyer = WordKeyer()
            let (tokens, _) = Tokenizer.tokenize(buffer, vocabulary: Vocabulary(), keyer: &keyer, keepingKeyHashes: false)
            #expect(tokens.count == lengths.reduce(0, +))
            let first = [0, 40, 80, 120]
            let anomalies = [0, 1, 2, 3, 150, 160]
            let densities = NeighbourhoodDensity(Paragraphs(tokens), anomalies: anomalies, document: 3)
            // The first paragraph with the second (no paragraph before it): 4 in 80 words is 5, over the document's 3.
            #expect(densities.at(first[0]) == 3)
            // The second takes the first (before first): the same.
            #expect(densities.at(first[1] + 5) == 3)
            // The third takes the second, not the last: none in 80 words.
            #expect(densities.at(first[2] + 39) == 0)
            // The last holds enough words alone: 2 in 100.
            #expect(densities.at(first[3]) == 2)
            #expect(NeighbourhoodDensity(Paragraphs(tokens), anomalies: anomalies, document: 0).at(first[0]) == 0)
            #expect(NeighbourhoodDensity(uniform: 1.5).at(first[3]) == 1.5)
        }
    }

    /// A clean paragraph beside a spun one is weighed at its own density: its
    /// odd words are restored only when it is part of the spun paragraph.
    @Test func aCleanParagraphBesideASpunOneKeepsItsOddWords() throws {
        let full = Unspinner(dictionaries: builtinDictionaries, model: ContextModel.builtin)
        let clean = "Lo and behold, she got in what we call euphemistically the family way. It is one of the benefits under "
            + "that program. They have not been able to get their income. As a result they are facing tremendous financial "
            + "pressures. Is there help for them? As a result they are ineligible in their farming operation for some other "
            + "benefits. I urge members of the House to support strongly my colleague's motion. Action should be taken. "
            + "The motion is one of great importance and urgency."
        let spun = "Wall Road fell as soon as once more for the reason that the Chilly Battle ended, and the Division of "
            + "State stated final week that the level man had got here residence."
        func restorations(_ text: String) -> [Finding] {
            full.analyze(text).findings.filter { $0.rule == ContextRestoration.id }
        }
        #expect(restorations(clean).isEmpty)
        // The spun paragraph's own words may be restored ("stated" -> "said"), the clean one's not.
        let cleanPart = clean.utf8.count
        #expect(restorations(clean + "\n\n" + spun).allSatisfy { $0.range.lowerBound > cleanPart })
        #expect(restorations(clean + " " + spun).map(\.found).contains("motion"))
        let bytes = Array((clean + "\n\n" + spun).utf8)
        let explanation = try #require(bytes.withUnsafeBufferPointer { full.explainContext($0) })
        let motion = try #require(explanation.positions.first { $0[0].found == "motion" })
        #expect(motion[0].density < explanation.density)
    }

    /// `run` weighs only what may be restored (`weighRestorable`: a first
    /// test, then a screen of each unattested word, delayed in a queue while
    /// its lines load); the explanation weighs everything. Both must agree on
    /// the density, on which words are left as attested, on the best candidate
    /// of each position both weigh, and on the whether-to-restore logit of every
    /// position `run` keeps.
    /// The text has more unattested words than the queue holds, so it wraps.
    @Test func hotPathAgreesWithWeighingEverything() throws {
        let text = """
            The troops will leave by the finish of the month. The Afghan authorities returned to energy after the \
            withdrawal, and the level man for the talks said most cancers sufferers need well being care. He hoped \
            to convey peace, but the telephones were silent for 12 months. The plan got here late; nonetheless the \
            envoy stayed desirous to talk. Prices fell sharply as the slump deepened, and the committee approved \
            the budget on Tuesday.
            """
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let (context, _) = engine.runPasses(buffer, stopBefore: { $0 is ContextRestoration })
            let scorer = ContextScorer(model: model, document: context.document)
            let covered = [Bool](repeating: false, count: context.document.tokens.count)
            let full = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: [], keepAll: true)
            let fast = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: [])
            #expect(full.positions.filter { !$0.attested }.count > 2 * ContextRestoration.ScreenQueue.capacity)
            #expect(fast.densities.document == full.densities.document)
            #expect(fast.attested == full.attested)
            let byToken = Dictionary(uniqueKeysWithValues: fast.positions.map { ($0.candidates[0].token, $0) })
            for position in full.positions {
                guard let restorable = byToken[position.candidates[0].token] else { continue }
                #expect(restorable.candidates[0].replacement == position.candidates[0].replacement)
            }
            // What `run` keeps is in the hot path, with the same logit (elsewhere a
            // runner-up far behind may be left unscored: the lead is capped).
            let kept = full.positions.filter {
                ContextCoefficients.probability($0.restoreLogit + ContextCoefficients.evidence) >= ContextRestoration.keepFloor
            }
            for position in kept {
                let restorable = try #require(byToken[position.candidates[0].token])
                #expect(abs(restorable.restoreLogit - position.restoreLogit) < 1e-9)
            }
            #expect(!kept.isEmpty)
        }
    }

    @Test func shortTextsCountAsAHundredWords() {
        #expect(ContextRestoration.anomalyDensity([(0, 3, 1), (1, 4, 1)], knownPhrases: 0, words: 10) == 2)
        #expect(ContextRestoration.anomalyDensity([(0, 3, 1), (1, 4, -1)], knownPhrases: 1, words: 200) == 1)
        #expect(ContextRestoration.anomalyDensity((0..<50).map { ($0, Int32(3 + $0), 1.0) }, knownPhrases: 0, words: 100) == 10)
    }

    /// A written word the document repeats is one anomaly in a stretch of
    /// text: a list of the same odd line is not a spun document, while a long
    /// text's habitual swap counts again further on.
    @Test func aRepeatedWordIsOneAnomalyInAStretch() {
        #expect(ContextRestoration.anomalyDensity((0..<40).map { (4 * $0, 7, 1.0) }, knownPhrases: 0, words: 400) == 0.25)
        #expect(ContextRestoration.anomalyDensity([(0, 7, 1), (3, 7, 2), (5, 8, 1), (9, 9, -1)], knownPhrases: 2, words: 100) == 4)
        let window = ContextRestoration.AnomalyCount.repeatWindow
        #expect(ContextRestoration.anomalyDensity([(0, 7, 1), (window - 1, 7, 1), (window, 7, 1), (2 * window, 7, 1)],
                                                  knownPhrases: 0, words: 1000) == 0.3)
    }

    /// The rare-word share stage 2 weighs: words the counts saw fewer than
    /// `rareWordCount` times or never, among words (not numbers or punctuation).
    @Test func rareWordShareMeasuresDistanceFromTheCounts() {
        func share(_ text: String) -> Double {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                var keyer = WordKeyer()
                let (tokens, _) = Tokenizer.tokenize(buffer, vocabulary: Vocabulary(), keyer: &keyer, keepingKeyHashes: false)
                return ContextScorer(model: model, document: Document(bytes: buffer, tokens: tokens)).rareWordShare
            }
        }
        let news = share("The minister said the government would present the budget to parliament next week.")
        let literary = share("The monk staggered past the gargoyles, fingering his knotted cords and humming to the goats.")
        #expect(news == 0)
        #expect(literary > 0.2 && literary < 1)
        #expect(share("qzxvw and the rest") == 0.25, "an unknown word is rare")
        #expect(share("menstruations and the rest") == 0, "a channel-only word is not counted")
        #expect(share("1,200 ... 3.5% !") == 0, "no words")
        #expect(share("") == 0)
    }

    /// `restoreFloor` bounds stage 2: a best logit under it cannot be kept
    /// whatever the lead and the evidence, one just over it can (with the
    /// largest lead and full evidence), at every density and rare-word share.
    @Test func restoreFloorBoundsStageTwo() {
        let needed = log(ContextRestoration.keepFloor / (1 - ContextRestoration.keepFloor))
        for density in [0, 0.4, 1.5, 4, 10.0] {
            for rare in [0, 0.02, 0.08, 0.15] {
                for attested in [false, true] {
                    let floor = ContextRestoration.restoreFloor(density: density, attested: attested, rareShare: rare)
                    guard floor.isFinite else { continue }
                    func most(_ best: Double) -> Double {
                        ContextRestoration.restoreLogit(best: best, lead: ContextScorer.leadCap, density: density,
                                                        attested: attested, rareShare: rare) + ContextCoefficients.evidence
                    }
                    #expect(most(floor - 0.01) < needed, "density \(density), rare \(rare), attested \(attested)")
                    #expect(most(floor + 0.01) >= needed, "density \(density), rare \(rare), attested \(attested)")
                    #expect(floor >= ContextRestoration.leastFloor || attested || rare > ContextRestoration.typicalRareShare)
                }
            }
        }
    }

    /// Stage 2 never falls as the best candidate's stage-1 logit rises, at any
    /// rare-word share: past about 0.17 the fitted weight of the logit × share
    /// would have made a worse candidate surer (a list of names, 0.63: "van ->
    /// caravan" at 1.0). Where `restoreFloor` is +∞, nothing reaches `keepFloor`.
    @Test func stageTwoGrowsWithTheBestLogitAtEveryRareShare() {
        let needed = log(ContextRestoration.keepFloor / (1 - ContextRestoration.keepFloor))
        for density in [0, 0.4, 1.5, 4, 10.0] {
            for rare in [0, 0.1, 0.2, 0.4, 0.63, 1.0] {
                for attested in [false, true] {
                    func most(_ best: Double) -> Double {
                        ContextRestoration.restoreLogit(best: best, lead: ContextScorer.leadCap, density: density,
                                                        attested: attested, rareShare: rare) + ContextCoefficients.evidence
                    }
                    for best in stride(from: -40.0, to: 40, by: 5) {
                        #expect(most(best + 5) >= most(best), "density \(density), rare \(rare), best \(best)")
                    }
                    if ContextRestoration.restoreFloor(density: density, attested: attested, rareShare: rare) == .infinity {
                        for best in [-100.0, -20, 0, 20, 100] { #expect(most(best) < needed, "density \(density), rare \(rare)") }
                    }
                }
            }
        }
        #expect(ContextRestoration.restoreFloor(density: 0.26, attested: false, rareShare: 0.63) == .infinity)
    }

    /// From `rareShareKeepingNothing` on, stage 2 keeps nothing at any density
    /// (`restoreFloor` is +∞), so the rule weighs nothing; a little under it,
    /// a dense enough document lets a strong enough candidate through.
    @Test func aDocumentOfRareWordsIsNotWeighed() {
        let rare = ContextRestoration.rareShareKeepingNothing
        #expect(rare > 0.17 && rare < 1, "\(rare)")
        let densities = stride(from: 0.0, through: ContextRestoration.maximumDensity, by: 0.25)
        for density in densities {
            for attested in [false, true] {
                #expect(ContextRestoration.restoreFloor(density: density, attested: attested, rareShare: rare) == .infinity,
                        "density \(density)")
            }
        }
        #expect(densities.contains { ContextRestoration.restoreFloor(density: $0, attested: false, rareShare: rare - 0.02) != .infinity })
    }

    @Test func withoutAModelTheRuleDoesNothing() {
        let plain = Unspinner(dictionaries: [])
        #expect(plain.analyze("The troops will leave by the finish of the month.").all.isEmpty)
    }
}
