import Testing
@testable import UnspinKit

@Suite struct FindingTests {
    let unspinner = engine("""
        @name test
        @confidence 0.8
        level man => point man | also: lead man, spokesman | note: common in news copy
        area unit => ? | note: tortured form of "are"
        stated => said | confidence: 0.45
        """)

    @Test func findingCarriesRuleSourceAndExplanation() throws {
        let finding = try #require(unspinner.analyze("the level man left").findings.first)
        #expect(finding.rule == "test")
        #expect(finding.source == "test.dict:3")
        #expect(finding.confidence == 0.8)
        #expect(finding.found == "level man")
        #expect(finding.replacement == "point man")
        #expect(finding.explanation.contains("'level man'") && finding.explanation.contains("'point man'"))
        #expect(finding.explanation.contains("lead man, spokesman"))
        #expect(finding.explanation.contains("common in news copy"))
        #expect(finding.isEdit)
    }

    @Test func detectOnlyEntryFindsButDoesNotEdit() throws {
        let text = "these results area unit significant"
        let analysis = unspinner.analyze(text)
        let finding = try #require(analysis.findings.first)
        #expect(finding.replacement == nil)
        #expect(!finding.isEdit)
        #expect(analysis.edits.isEmpty)
        #expect(unspinner.fix(text) == text)
        #expect(finding.explanation.contains("original is unknown"))
        #expect(FindingReport.textLine(path: "p", finding: finding, at: Locator(chunk: .init(bytes: utf8(text))).location(of: finding))
                == "p:1:15: area unit -> ? (test, 0.8)")
    }

    @Test func thresholdIsInclusive() {
        let at = Unspinner(dictionaries: unspinner.table.dictionaries, options: .init(threshold: 0.8))
        #expect(at.fix("the level man") == "the point man")
        let above = Unspinner(dictionaries: unspinner.table.dictionaries, options: .init(threshold: 0.81))
        #expect(above.fix("the level man") == "the level man")
        #expect(above.analyze("the level man").all.count == 1, "findings below the threshold stay in `all`")
    }

    @Test func spinScoreAndWordCount() {
        let analysis = unspinner.analyze("The level man and the level man left.")
        #expect(analysis.words == 8)
        #expect(analysis.findings.count == 2)
        #expect(analysis.spinScore > 0)
        let clean = unspinner.analyze("Nothing to see here.")
        #expect(clean.spinScore == 0)
        #expect(unspinner.analyze("").words == 0 && unspinner.analyze("").spinScore == 0)
    }

    @Test func jsonQuoting() {
        #expect(JSONObject.quote("a\"b\\c\nd\te\u{1}f“") == "\"a\\\"b\\\\c\\nd\\te\\u0001f“\"")
    }
}
