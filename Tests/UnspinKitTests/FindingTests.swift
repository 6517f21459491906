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

    /// An entry's `also:` originals are the finding's alternatives, in the
    /// written case pattern: shown by every report, never applied.
    @Test func alternativesAreReportedNotApplied() throws {
        let text = "The Level man left"
        let analysis = unspinner.analyze(text)
        let finding = try #require(analysis.findings.first)
        #expect(finding.replacement == "Point man")
        #expect(finding.alternatives == ["Lead man", "Spokesman"])
        #expect(unspinner.fix(text) == "The Point man left")
        let location = Locator(chunk: .init(bytes: utf8(text))).location(of: finding)
        #expect(FindingReport.textLine(path: "p", finding: finding, at: location)
                == "p:1:5: Level man -> Point man [or: Lead man, Spokesman] (test, 0.8)")
        #expect(FindingReport.jsonObject(path: "p", finding: finding, at: location)
                .contains(#""replacement":"Point man","alternatives":["Lead man","Spokesman"],"rule":"test""#))
        let plain = try #require(unspinner.analyze("the stated aim").all.first)
        #expect(plain.alternatives.isEmpty)
        #expect(!FindingReport.jsonObject(path: "p", finding: plain, at: location).contains("alternatives"))
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
