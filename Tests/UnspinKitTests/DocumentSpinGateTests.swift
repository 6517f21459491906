import Testing
@testable import UnspinKit

@Suite struct DocumentSpinGateTests {
    let unspinner = engine("""
        @name test
        for the reason that => since
        level man => point man
        counterfeit consciousness => artificial intelligence
        stated => said | confidence: 0.45
        """)

    /// The passes the gate's known phrases go through before they count are
    /// the ones the registry runs between the detectors and the gate.
    @Test func filtersAreThePassesBeforeTheGate() throws {
        let ids = PassRegistry.passes.map { type(of: $0).id }
        let first = try #require(ids.firstIndex(of: CollocationRestoration.id)) + 1
        let gate = try #require(ids.firstIndex(of: DocumentSpinGate.id))
        #expect(Array(ids[first..<gate]) == DocumentSpinGate.filters.map { type(of: $0).id })
    }

    /// Tortured phrases lift weak tortured phrases, not weak spinner swaps:
    /// "as stated in [3]" in a paraphrased paper is the author's wording.
    @Test func evidenceLiftsWeakFindingsOfItsOwnKind() throws {
        let papers = parsedDictionary("""
            @name papers
            @kind tortured-phrases
            counterfeit consciousness => artificial intelligence
            profound learning => deep learning
            arbitrary woodland => random forest | confidence: 0.45
            """)
        let news = parsedDictionary("@name news\nstated => said | confidence: 0.45\nfor the reason that => since\nlevel man => point man")
        let both = Unspinner(dictionaries: [papers, news])
        let paper = "As stated above, profound learning and counterfeit consciousness beat an arbitrary woodland."
        let analysis = both.analyze(paper)
        let stated = try #require(analysis.all.first { $0.found == "stated" })
        let woodland = try #require(analysis.all.first { $0.found.hasSuffix("arbitrary woodland") })
        #expect(stated.confidence == 0.45)
        #expect(woodland.confidence > 0.6 && woodland.explanation.contains("raised"))
        #expect(both.fix(paper) == "As stated above, deep learning and artificial intelligence beat a random forest.")
        // Spinner phrases lift the spinner swap, and not the tortured phrase.
        let copy = "He stated he was the level man for the reason that an arbitrary woodland grew."
        let lifted = both.analyze(copy)
        #expect(try #require(lifted.all.first { $0.found == "stated" }).confidence > 0.6)
        #expect(try #require(lifted.all.first { $0.found.hasSuffix("arbitrary woodland") }).confidence == 0.45)
    }

    /// Another dictionary's weak longer phrase does not hide a strong entry
    /// inside it; the longer one is applied where the gate lifts it, and a
    /// dictionary's own weak longer entry still narrows its shorter one.
    @Test func weakLongerPhraseOfAnotherListDoesNotHideAStrongOne() {
        let papers = parsedDictionary("""
            @name papers
            @kind tortured-phrases
            counterfeit consciousness => artificial intelligence
            profound learning => deep learning
            lengthy brief-term reminiscences => long short-term memories | confidence: 0.5
            """)
        let news = parsedDictionary("""
            @name news
            brief-term => short-term
            coronary heart => heart
            coronary heart failure => heart failure | confidence: 0.5
            """)
        let both = Unspinner(dictionaries: [papers, news])
        #expect(both.fix("It kept lengthy brief-term reminiscences.") == "It kept lengthy short-term reminiscences.")
        #expect(both.fix("Profound learning and counterfeit consciousness use lengthy brief-term reminiscences.")
                == "Deep learning and artificial intelligence use long short-term memories.")
        #expect(both.fix("Patients with coronary heart failure need checks.") == "Patients with coronary heart failure need checks.")
        // A match of 0.8 or more is never lifted; under a higher threshold it
        // stays unapplied and must not hide a stronger phrase inside it.
        let exact = parsedDictionary("""
            @name exact
            brief-term reminiscences => short-term memories | confidence: 0.85
            """)
        let strict = Unspinner(dictionaries: [exact, news], options: .init(threshold: 0.9))
        #expect(strict.fix("It kept brief-term reminiscences.") == "It kept short-term reminiscences.")
        #expect(Unspinner(dictionaries: [exact, news]).fix("It kept brief-term reminiscences.")
                == "It kept short-term memories.")
    }

    @Test func weakEntryNotAppliedInCleanText() throws {
        let text = "The minister stated the plan was ready."
        #expect(unspinner.fix(text) == text)
        let analysis = unspinner.analyze(text)
        let weak = try #require(analysis.all.first)
        #expect(weak.confidence == 0.45)
        #expect(analysis.findings.isEmpty)
        #expect(analysis.spinScore == 0)
    }

    @Test func weakEntryNotAppliedWithOneStrongFinding() {
        #expect(unspinner.fix("He stated he was the level man.") == "He stated he was the point man.")
    }

    @Test func weakEntryAppliedWithTwoStrongFindings() throws {
        let text = "He stated he was the level man for the reason that nobody else was."
        #expect(unspinner.fix(text) == "He said he was the point man since nobody else was.")
        let stated = try #require(unspinner.analyze(text).all.first { $0.found == "stated" })
        #expect(stated.confidence > 0.6 && stated.confidence <= 1)
        #expect(stated.explanation.contains("raised"))
    }

    @Test func liftGrowsWithEvidenceDensity() throws {
        let dense = "He stated he was the level man for the reason that nobody else was."
        let sparse = dense + String(repeating: " Then the weather changed again and again.", count: 20)
        let denseConfidence = try #require(unspinner.analyze(dense).all.first { $0.found == "stated" }).confidence
        let sparseConfidence = try #require(unspinner.analyze(sparse).all.first { $0.found == "stated" }).confidence
        #expect(sparseConfidence > 0.45)
        #expect(sparseConfidence < denseConfidence)
    }

    @Test func quotedStrongFindingsAreNotEvidence() {
        let text = "He stated it. “The level man left for the reason that it rained.”"
        #expect(unspinner.fix(text) == text)
        #expect(engine(
            "@name test\nfor the reason that => since\nlevel man => point man\nstated => said | confidence: 0.45",
            includeQuoted: true).fix(text) == "He said it. “The point man left since it rained.”")
    }

    @Test func strongFindingsAreNotChanged() throws {
        let text = "He was the level man for the reason that nobody else was."
        let findings = unspinner.analyze(text).all
        #expect(findings.map(\.confidence) == [0.9, 0.9])
    }

    @Test func evidenceNeedsTwoStrongFindings() {
        let strong = Finding(range: 0..<1, found: "x", replacement: "y", rule: "t", source: nil, confidence: 0.9, explanation: "")
        let weak = Finding(range: 2..<3, found: "x", replacement: "y", rule: "t", source: nil, confidence: 0.5, explanation: "")
        #expect(DocumentSpinGate.evidence([strong, weak], words: 10).evidence == 0)
        #expect(DocumentSpinGate.evidence([strong, strong], words: 0).evidence == 0)
        let full = DocumentSpinGate.evidence([strong, strong], words: 10)
        #expect(full.evidence == 1 && full.strong == 2)
        let partial = DocumentSpinGate.evidence([strong, strong], words: 1000)
        #expect(partial.evidence > 0 && partial.evidence < 1)
    }
}
