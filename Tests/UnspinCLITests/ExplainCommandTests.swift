import Foundation
import Testing

@Suite struct ExplainCommandTests {
    @Test func showsCandidatesScoresAndTheWinner() throws {
        let result = try unspin(["explain", "finish", "--in", "The troops will leave by the finish of the month.",
                                 "--exclude", "news-spinner,tortured-phrases"])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("'finish' — best: 'end'"))
        #expect(result.out.contains("(applied)"))
        #expect(result.out.contains("lm_gain"))
        #expect(result.out.contains("why: largest contributions"))
    }

    /// A pair the counts never saw but general English writes often is not
    /// weighed by the collocation rule, and explain says why.
    @Test func aPairGeneralEnglishWritesIsExplained() throws {
        let result = try unspin(["explain", "data stream", "--in", "These frame buffers generate a serial data stream for the display.",
                                 "--enable", "collocation"])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("'data stream': general English writes this pair often"))
        #expect(!result.out.contains("collocation rule: 'information flow'"))
    }

    /// A word next to a restoration is weighed again with it in place, and
    /// explain shows both readings, the second as the one `check` reports.
    @Test func aWordRereadWithItsNeighbourRestoredShowsBothReadings() throws {
        let text = "The troops will leave by the finish of the month. Every company must pay its reasonable partake of "
            + "the levy, and the ministers will look into the economical downswing in the approaching weeks. The "
            + "menstruations of growth were short, and the government promised to unclutter the rules."
        // At 0.5, where "economical" -> "economic" (0.58) may be reported and its neighbours are reread.
        let result = try unspin(["explain", "downswing", "--in", text, "--exclude", "news-spinner,tortured-phrases", "--threshold", "0.5"])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("'downswing' — best: 'downturn'"))
        #expect(result.out.contains("(weighed again below, with restorations near it in place)"))
        #expect(result.out.contains("'downswing' read with 'economic' for 'economical' before it — best: 'downturn'"))
    }

    /// A word in a clean paragraph beside a spun one says that it was weighed
    /// at its paragraphs' density and without the document's evidence.
    @Test func aWordBesideASpunParagraphSaysWhatItWasWeighedWith() throws {
        let text = "Lo and behold, she got in what we call euphemistically the family way. It is one of the benefits under "
            + "that program. They have not been able to get their income. As a result they are facing tremendous financial "
            + "pressures. Is there help for them? As a result they are ineligible in their farming operation for some other "
            + "benefits. I urge members of the House to support strongly my colleague's motion. Action should be taken. "
            + "The motion is one of great importance and urgency.\n\nWall Road fell as soon as once more for the reason "
            + "that the Chilly Battle ended, and the Division of State stated final week that the level man had got here residence."
        let result = try unspin(["explain", "motion", "--in", text])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("'motion' — best: 'question'"))
        #expect(result.out.contains("(below the threshold: left as written)"))
        #expect(result.out.contains("likely restorations per 100 words, its paragraphs' (the document's"))
        #expect(result.out.contains("without the document evidence: no strong finding in its paragraph"))
    }

    /// Explain says whether the list's swaps count in the document: only
    /// where a dictionary finds a known spinner phrase.
    @Test func saysWhetherTheListsSwapsCount() throws {
        let plain = try unspin(["explain", "battle", "--in", "Officials said it had become the US's longest battle by far."])
        #expect(plain.status == 0, "stderr: \(plain.err)")
        #expect(plain.out.contains("news-spinner swaps: not counted"))
        let spun = try unspin(["explain", "battle", "--in",
                               "Officials said a 12 months in the past that it had become the US's longest battle by far."])
        #expect(spun.out.contains("news-spinner swaps: counted"))
        #expect(spun.out.contains("'battle' — best: 'war'"))
    }

    @Test func wordsADictionaryCoversAreReportedAsSuch() throws {
        let result = try unspin(["explain", "for the reason that", "--in", "He left for the reason that it rained."])
        #expect(result.status == 0)
        #expect(result.out.contains("news-spinner lists it (-> 'since'"))
    }

    /// A phrase an entry lists only in another letter case (`case: exact`) is
    /// named, so that "why was this not fixed?" has an answer.
    @Test func anEntryListedOnlyInAnotherCaseIsNamed() throws {
        let result = try unspin(["explain", "white home", "--in", "They bought a small white home by the lake."])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("news-spinner lists 'White Home' (-> 'White House') only as written (case: exact"))
        let listed = try unspin(["explain", "White Home", "--in", "A White Home aide spoke."])
        #expect(listed.out.contains("news-spinner lists it (-> 'White House'"))
        #expect(!listed.out.contains("only as written"))
    }

    @Test func wellAttestedWordsAreNotConsidered() throws {
        let result = try unspin(["explain", "end", "--in", "The troops will leave by the end of the month."])
        #expect(result.status == 0)
        #expect(result.out.contains("well attested as written"))
    }

    /// The phrase is found in the sentence whatever its capitals, as the
    /// dictionaries match it.
    @Test func phraseIsFoundInAnyCase() throws {
        let result = try unspin(["explain", "for the reason that", "--in", "For the reason that it rained, he left."])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("'For the reason that': news-spinner lists it (-> 'Since'"))
    }

    @Test func phraseMustOccurInTheSentence() throws {
        let result = try unspin(["explain", "absent", "--in", "Nothing here."])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
    }

    @Test func excludedModelCannotExplain() throws {
        let result = try unspin(["explain", "finish", "--exclude", "context"])
        #expect(result.status == 2)
        #expect(result.err.contains("context model is excluded"))
    }

    @Test func unreadableModelFileIsAnErrorNamingIt() throws {
        let result = try unspin(["fix"], stdin: Array("by the finish of the month\n".utf8),
                                environment: ["UNSPIN_MODEL": "/nonexistent/x.model"])
        #expect(result.status == 2)
        #expect(result.err.contains("/nonexistent/x.model"))
        #expect(result.stdout.isEmpty)
    }

    @Test func featuresModeWritesOneRowPerCandidate() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("docs.jsonl", "{\"text\": \"The troops will leave by the finish of the month.\"}\nnot json\n")
        let result = try unspin(["explain", "--features", file, "--exclude", "news-spinner,tortured-phrases"])
        #expect(result.status == 0, "stderr: \(result.err)")
        let rows = result.out.split(separator: "\n")
        #expect(rows.count > 1)
        #expect(rows.allSatisfy { $0.contains("\"features\":[") && $0.contains("\"line\":1") })
    }
}

/// By default the collocation rule runs only in documents with strong
/// dictionary findings: `--enable collocation` (or the configuration's
/// `enable`, or `--only collocation`) runs it in every document, and
/// `--exclude` wins over all of them. The context rule is left out too: it
/// restores this sentence's "assault" on its own, a swap the spinner list
/// makes ("terror assault"), which is not what these tests are about.
@Suite struct CollocationCommandTests {
    let input = Array("The bank was hit by a cyber assault last year.\n".utf8)
    let spun = "The bank was hit by a cyber assault last year.\n"
    let restored = "The bank was hit by a cyber attack last year.\n"

    /// A user's list of kind tortured-phrases opens it like the built-in one.
    @Test func runsByDefaultInDocumentsWithTorturedPhrases() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("papers.dict", "@name papers\n@kind tortured-phrases\nprofound learning => deep learning\n"
            + "counterfeit consciousness => artificial intelligence\n")
        try dir.write("news.dict", "@name news\nprofound learning => deep learning\ncounterfeit consciousness => artificial intelligence\n")
        let paper = Array("We apply profound learning and counterfeit consciousness to a cyber assault on the bank.\n".utf8)
        let base = ["check", "--no-config", "--format", "jsonl", "--exclude", "tortured-phrases,news-spinner,context"]
        let gated = try unspin(base + ["--dictionary", dir.path + "/papers.dict"], stdin: paper)
        #expect(gated.status == 1, "stderr: \(gated.err)")
        #expect(gated.out.contains("\"rule\":\"papers\"") && gated.out.contains("\"rule\":\"collocation\""), "output: \(gated.out)")
        // The same phrases in a spinner list do not open it; nor does a document without them.
        let news = try unspin(base + ["--dictionary", dir.path + "/news.dict"], stdin: paper)
        #expect(news.out.contains("\"rule\":\"news\"") && !news.out.contains("\"rule\":\"collocation\""), "output: \(news.out)")
        let clean = try unspin(base + ["--dictionary", dir.path + "/papers.dict"], stdin: input)
        #expect(clean.status == 0 && !clean.out.contains("\"rule\":\"collocation\""), "output: \(clean.out)")
        let excluded = try unspin(["check", "--no-config", "--format", "jsonl", "--exclude", "tortured-phrases,news-spinner,context,collocation",
                                   "--dictionary", dir.path + "/papers.dict"], stdin: paper)
        #expect(!excluded.out.contains("\"rule\":\"collocation\""), "output: \(excluded.out)")
    }

    @Test func notInCleanTextByDefaultAndEnableRunsItEverywhere() throws {
        let off = try unspin(["fix", "--exclude", "tortured-phrases,news-spinner,context"], stdin: input)
        #expect(off.status == 0, "stderr: \(off.err)")
        #expect(off.out == spun)
        let on = try unspin(["fix", "--exclude", "tortured-phrases,news-spinner,context", "--enable", "collocation"], stdin: input)
        #expect(on.status == 0, "stderr: \(on.err)")
        #expect(on.out == restored)
        // Comma-separated like --only/--exclude.
        let listed = try unspin(["fix", "--exclude", "tortured-phrases,news-spinner,context", "--enable", "spintax,collocation"], stdin: input)
        #expect(listed.out == restored)
        let only = try unspin(["fix", "--only", "collocation"], stdin: input)
        #expect(only.out == restored)
        // --enable adds to an --only list.
        let added = try unspin(["fix", "--only", "spintax", "--enable", "collocation"], stdin: input)
        #expect(added.out == restored)
    }

    @Test func excludeWinsOverEnable() throws {
        let excluded = try unspin(["fix", "--enable", "collocation", "--exclude", "tortured-phrases,news-spinner,context,collocation"], stdin: input)
        #expect(excluded.status == 0)
        #expect(excluded.out == spun)
        let onlyExcluded = try unspin(["fix", "--only", "collocation", "--exclude", "collocation"], stdin: input)
        #expect(onlyExcluded.out == spun)
    }

    @Test func unknownNameToEnableIsAnError() throws {
        let result = try unspin(["fix", "--enable", "colocation"], stdin: input)
        #expect(result.status == 2)
        #expect(result.err.contains("colocation"))
        #expect(result.stdout.isEmpty)
    }

    @Test func configurationEnables() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".unspin.toml", "exclude = [\"tortured-phrases\", \"news-spinner\", \"context\"]\nenable = [\"collocation\"]\n")
        let on = try unspin(["fix"], stdin: input, cwd: dir.path)
        #expect(on.status == 0, "stderr: \(on.err)")
        #expect(on.out == restored)
        // An --exclude on the command line replaces the file's list, and wins over its enable.
        let excluded = try unspin(["fix", "--exclude", "tortured-phrases,news-spinner,context,collocation"], stdin: input, cwd: dir.path)
        #expect(excluded.out == spun)
        let ignored = try unspin(["fix", "--no-config", "--exclude", "tortured-phrases,news-spinner,context"], stdin: input, cwd: dir.path)
        #expect(ignored.out == spun)
        // Per path: an override enables it for some files only.
        try dir.write(".unspin.toml", "exclude = [\"tortured-phrases\", \"news-spinner\", \"context\"]\n\n[[overrides]]\npaths = [\"papers/**\"]\nenable = [\"collocation\"]\n")
        try dir.write("papers/a.txt", input)
        try dir.write("notes.txt", input)
        let check = try unspin(["check", "--format", "text", "papers", "notes.txt"], cwd: dir.path)
        #expect(check.status == 1, "stderr: \(check.err)")
        #expect(check.out.contains("a.txt") && check.out.contains("(collocation"), "output: \(check.out)")
        #expect(!check.out.contains("notes.txt"), "output: \(check.out)")
    }

    @Test func unknownNameInTheConfigurationNamesItsLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".unspin.toml", "threshold = 0.6\nenable = [\"colocation\"]\n")
        let result = try unspin(["fix"], stdin: input, cwd: dir.path)
        #expect(result.status == 2)
        #expect(result.err.contains(".unspin.toml:2:"), "stderr: \(result.err)")
    }

    @Test func checkReportsTheRule() throws {
        let result = try unspin(["check", "--format", "jsonl", "--exclude", "tortured-phrases,news-spinner,context", "--enable", "collocation"], stdin: input)
        #expect(result.status == 1)
        #expect(result.out.contains("\"rule\":\"collocation\""))
        let off = try unspin(["check", "--format", "jsonl", "--exclude", "tortured-phrases,news-spinner,context"], stdin: input)
        #expect(off.status == 0)
        #expect(!off.out.contains("\"rule\":\"collocation\""))
    }

    @Test func explainShowsCollocationFindingsWhenEnabled() throws {
        let arguments = ["explain", "cyber assault", "--in", "The bank was hit by a cyber assault last year.", "--exclude", "news-spinner,tortured-phrases"]
        let on = try unspin(arguments + ["--enable", "collocation"])
        #expect(on.status == 0, "stderr: \(on.err)")
        #expect(on.out.contains("collocation rule: 'attack'"))
        let off = try unspin(arguments)
        #expect(off.status == 0)
        #expect(!off.out.contains("collocation rule: '") && off.out.contains("collocation rule: not run on this text"), "output: \(off.out)")
        #expect(!on.out.contains("not run on this text"))
        let features = try unspin(["explain", "--collocation-features", "-", "--exclude", "collocation"],
                                  stdin: Array("{\"text\":\"The bank was hit by a cyber assault.\"}\n".utf8))
        #expect(features.status == 2)
        #expect(features.err.contains("collocation rule is excluded"))
    }

    @Test func dictionariesSaysWhereTheRuleRuns() throws {
        let result = try unspin(["dictionaries"])
        #expect(result.out.split(separator: "\n").contains { $0.hasPrefix("tortured-phrases\t") && $0.contains("a tortured-phrase list") })
        #expect(!result.out.split(separator: "\n").contains { $0.hasPrefix("news-spinner\t") && $0.contains("tortured-phrase list") })
        let line = result.out.split(separator: "\n").first { $0.hasPrefix("collocation\t") }
        #expect(line?.contains("by default only in documents with tortured phrases (--enable collocation: in all)") == true,
                "output: \(result.out)")
        #expect(!result.out.split(separator: "\n").contains { $0.hasPrefix("context\t") && $0.contains("off by default") })
    }
}
