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

    @Test func wordsADictionaryCoversAreReportedAsSuch() throws {
        let result = try unspin(["explain", "for the reason that", "--in", "He left for the reason that it rained."])
        #expect(result.status == 0)
        #expect(result.out.contains("news-spinner lists it (-> 'since'"))
    }

    @Test func wellAttestedWordsAreNotConsidered() throws {
        let result = try unspin(["explain", "end", "--in", "The troops will leave by the end of the month."])
        #expect(result.status == 0)
        #expect(result.out.contains("well attested as written"))
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

@Suite struct CollocationCommandTests {
    let input = Array("The bank was hit by a cyber assault last year.\n".utf8)

    @Test func fixRestoresAndExcludeTurnsItOff() throws {
        let on = try unspin(["fix", "--exclude", "tortured-phrases,news-spinner"], stdin: input)
        #expect(on.status == 0, "stderr: \(on.err)")
        #expect(on.out == "The bank was hit by a cyber attack last year.\n")
        let off = try unspin(["fix", "--exclude", "tortured-phrases,news-spinner,collocation"], stdin: input)
        #expect(off.status == 0)
        #expect(off.out == "The bank was hit by a cyber assault last year.\n")
        let only = try unspin(["fix", "--only", "collocation"], stdin: input)
        #expect(only.out == "The bank was hit by a cyber attack last year.\n")
    }

    @Test func checkReportsTheRule() throws {
        let result = try unspin(["check", "--format", "jsonl", "--exclude", "tortured-phrases,news-spinner"], stdin: input)
        #expect(result.status == 1)
        #expect(result.out.contains("\"rule\":\"collocation\""))
    }

    @Test func explainShowsCollocationFindings() throws {
        let result = try unspin(["explain", "cyber assault", "--in", "The bank was hit by a cyber assault last year.",
                                 "--exclude", "news-spinner,tortured-phrases"])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("collocation rule: 'attack'"))
    }

    @Test func dictionariesListsTheRule() throws {
        let result = try unspin(["dictionaries"])
        #expect(result.out.contains("\ncollocation\t"))
    }
}
