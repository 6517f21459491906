/// Every candidate the context model weighs in a document, with its features:
/// what `unspin explain` prints and what scripts/fit_context_model.py fits on.
public struct ContextExplanation: Sendable {
    public struct Row: Sendable {
        /// Byte range replaced and its text.
        public var range: Range<Int>
        public var found: String
        public var replacement: String
        public var candidate: ContextScorer.Candidate
        /// The confidence the candidate would get in this document.
        public var confidence: Double
        /// Whether the written word is well attested in its context.
        public var attested: Bool
        /// The anomaly density its confidence was weighed at (`NeighbourhoodDensity`).
        public var density: Double
        /// The document evidence its confidence has: the document's in a
        /// paragraph with a strong finding, else 0 (`DocumentSpinGate.spinningParagraphs`).
        public var evidence: Double
    }

    /// Per position considered (a word, or a pair starting there), its candidates, best first.
    public var positions: [[Row]]
    /// Words weighed again with restorations near them in place
    /// (`ContextRestoration.withNeighboursReread`): what they were read with
    /// ("read with 'economic' for 'economical' before it") and their candidates,
    /// best first. Where one is stronger than the word's own position, it is
    /// what `check` reports.
    public var reread: [(readWith: String, rows: [Row])] = []
    /// Findings of the rules that run before the context rule (dictionaries):
    /// the words they cover are not weighed again.
    public var dictionaryFindings: [Finding]
    /// Words the model skipped because the text as written is well attested
    /// (in a document that does not read as spun).
    public var attested: [Range<Int>]
    /// The document's evidence of spinning (0...1), as `DocumentSpinGate` computes it.
    public var evidence: Double
    /// Likely restorations per 100 words (`ContextRestoration.anomalyDensity`),
    /// over the document; a row's may be lower (`Row.density`).
    public var density: Double
    public var words: Int
    /// The share of words the counts hardly saw (`ContextScorer.rareWordShare`).
    public var rareShare = 0.0
    /// Whether the collocation rule ran on the text (excluded, or shut out by
    /// its default gate where no tortured-phrase list found two phrases, it did not).
    public var collocationRan = false
    /// Whether the news-spinner list's swaps count as a spinner's here
    /// (`ContextRestoration.weighsListedSwaps`): whether a dictionary finds a
    /// known spinner phrase in the document.
    public var weighsListedSwaps = true
}

extension Unspinner {
    /// Runs the passes that precede the document gate, then lists every
    /// candidate for every word `ContextRestoration` considers (not only the
    /// winners), each with its features and the confidence it would get.
    /// `asFitted`: the features as stage 1 was fitted on them, the list's
    /// swaps counted in every document (`ContextRestoration.weighsListedSwaps`
    /// is the runtime's rule): what `explain --features` writes for the fit.
    public func explainContext(_ bytes: UnsafeBufferPointer<UInt8>, asFitted: Bool = false) -> ContextExplanation? {
        guard let model else { return nil }
        var before: [Finding] = []  // what ContextRestoration sees
        var collocationRan = false
        let (context, findings) = runPasses(bytes, stopBefore: { $0 is DocumentSpinGate }, willRun: { pass, findings in
            if pass is ContextRestoration { before = findings }
            if pass is CollocationRestoration { collocationRan = true }
        })
        let document = context.document
        let tokens = document.tokens
        let evidence = DocumentSpinGate.evidenceByKind(
            findings, torturedRules: DocumentSpinGate.torturedKindRules(context.table), words: document.wordCount).spinner.evidence
        let spinning = DocumentSpinGate.spinningParagraphs(findings, document)
        let covered = ContextRestoration.covered(before, in: context)
        var scorer = ContextScorer(model: model, document: document)
        let knownPhrases = ContextRestoration.knownPhrases(before, in: context)
        if !asFitted { scorer.weighsListedSwaps = ContextRestoration.weighsListedSwaps(knownPhrases: knownPhrases) }
        let weighed = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: knownPhrases, keepAll: true)
        func rows(_ position: ContextRestoration.Position) -> [ContextExplanation.Row] {
            position.candidates.map { c -> ContextExplanation.Row in
                let range = tokens[c.token].start..<tokens[c.token].end
                // A runner-up's confidence: the whether-to-restore logit shifted by its
                // deficit in which-candidate logit (the best's own confidence is exact).
                let density = weighed.densities.at(c.token)
                let slope = ContextRestoration.restoreSlope(density: density, rareShare: scorer.rareWordShare)
                let applied = spinning.contains(c.token) ? evidence : 0
                let z = position.restoreLogit + slope * (c.logit - position.candidates[0].logit) + ContextCoefficients.evidence * applied
                let p = ContextCoefficients.probability(z)
                return ContextExplanation.Row(range: range, found: document.text(range), replacement: scorer.replacementText(c),
                                              candidate: c, confidence: ContextRestoration.rounded(p), attested: position.attested,
                                              density: density, evidence: applied)
            }
        }
        let positions = weighed.positions.map(rows)
        let reread = ContextRestoration.withNeighboursReread(weighed.positions, scorer, covered: covered, densities: weighed.densities,
                                                             threshold: options.threshold,
                                                             dictionary: ContextRestoration.dictionaryRestorations(before, scorer, in: context))
            .compactMap { position -> (readWith: String, rows: [ContextExplanation.Row])? in
                guard let readWith = ContextRestoration.readWithText(position, scorer) else { return nil }
                // Every candidate, scored as `run` scored the best.
                var all = position
                let q = position.candidates[0].token
                all.candidates = scorer.candidates(at: q, ContextRestoration.rereadNeighbours(
                    q, ContextRestoration.RestorationIndex(position.readWith), scorer).neighbours)
                    .sorted { $0.logit > $1.logit }
                return (readWith, rows(all))
            }
        let attested = weighed.attested.map { tokens[$0].start..<tokens[$0].end }
        let density = weighed.densities.document
        var explanation = ContextExplanation(positions: positions, dictionaryFindings: before, attested: attested, evidence: evidence,
                                             density: density, words: document.wordCount, rareShare: scorer.rareWordShare,
                                             collocationRan: collocationRan)
        explanation.reread = reread
        explanation.weighsListedSwaps = scorer.weighsListedSwaps
        return explanation
    }
}
