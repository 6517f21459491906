/// Raises the confidence of weak findings in documents that are clearly spun.
///
/// Many spinner swaps ("stated" for "said", "nonetheless" for "however") are
/// also ordinary English, so their entries carry a confidence below the default
/// threshold. Strong findings (confidence ≥ 0.8: phrases clean English never
/// uses, like "for the reason that" or "counterfeit consciousness") are evidence
/// that the document went through a spinner. With at least two of them, weak
/// findings are raised towards 1 in proportion to that evidence, so clean text
/// keeps its weak matches below the threshold while spun text gets them fixed.
/// The spinner evidence raises a weak spinner swap, and joins a context
/// restoration's log-odds, only in a paragraph that holds a strong finding of
/// its own (`spinningParagraphs`).
public struct DocumentSpinGate: Pass {
    public static let id = "document-spin-gate"
    public static let summary = "Raises the confidence of weak findings when strong findings show the document was spun."
    static let exampleDictionary = """
        @name ex
        for the reason that => since
        level man => point man
        stated => said | confidence: 0.45
        """
    public static let examples: [PassExample] = [
        PassExample(dictionary: exampleDictionary, input: "The minister stated the plan was ready.",
                    output: "The minister stated the plan was ready."),
        PassExample(dictionary: exampleDictionary,
                    input: "He stated he was the level man for the reason that nobody else was.",
                    output: "He said he was the point man since nobody else was."),
        // A weak swap is lifted only in a paragraph with a strong finding of its own: a clean
        // paragraph beside a spun one keeps its wording.
        PassExample(dictionary: exampleDictionary,
                    input: "The minister stated the plan was ready.\n\nHe was the level man for the reason that nobody else was.",
                    output: "The minister stated the plan was ready.\n\nHe was the point man since nobody else was."),
    ]

    /// Findings at or above this confidence count as evidence of spinning.
    public static let strongConfidence = 0.8
    /// Strong findings per 100 words (confidence-weighted) that give full evidence.
    public static let fullEvidenceDensity = 1.5
    /// The share of the gap to 1 that full evidence closes.
    public static let maximumLift = 0.5

    public init() {}

    /// The passes that run between the detectors and this gate and only drop
    /// findings (`PassRegistry.passes`, in order). The context rule runs them on
    /// the dictionary findings it counts, so that it sees the evidence this
    /// gate will see.
    static let filters: [any Pass] = [InlineDirectives(), Allowlist(), QuotedSpeech()]

    /// The dictionary findings strong enough to count as known spinner
    /// phrases, among those the later passes keep (`filters`): a phrase inside
    /// quotation marks ("counterfeit consciousness" quoted in an article about
    /// paper mills), on a line the author told unspin to ignore, or allowed, is
    /// not evidence that the rest of the text was spun.
    /// `of` narrows the findings looked at first (each filter drops a finding
    /// for where it is, whatever the others).
    static func knownPhrases(_ findings: [Finding], in context: PassContext,
                             of rules: Set<String>? = nil) -> [Finding] {
        var strong = findings.filter {
            $0.logit == nil && $0.confidence >= strongConfidence && (rules?.contains($0.rule) ?? true)
        }
        guard !strong.isEmpty else { return [] }
        for filter in filters { filter.run(&strong, in: context) }
        return strong
    }

    /// Whether the dictionary findings so far show tortured phrases: at least
    /// `minimumTorturedPhrases` known phrases of tortured-phrase lists
    /// (`@kind tortured-phrases`). A paper that uses listed tortured phrases is
    /// where unlisted ones are; spinner swaps in news copy are not evidence of
    /// them. The passes that run only in such documents
    /// (`Unspinner.gatedPasses`) ask.
    /// Only the lists' findings go through the filters: in news copy full of
    /// spinner phrases there are none, and nothing is filtered again.
    static func showsTorturedPhrases(_ findings: [Finding], in context: PassContext) -> Bool {
        knownPhrases(findings, in: context, of: torturedPhraseLists(context.table)).count >= minimumTorturedPhrases
    }

    /// The names of the tortured-phrase lists (`@kind tortured-phrases`) among the table's dictionaries.
    static func torturedPhraseLists(_ table: PhraseTable) -> Set<String> {
        table.torturedPhraseListNames
    }

    /// Tortured phrases that open the gate: one could be a phrase an honest
    /// author happened to write.
    static let minimumTorturedPhrases = 2

    /// Evidence in [0, 1] that a document of `words` words with these findings was spun.
    public static func evidence(_ findings: [Finding], words: Int) -> (evidence: Double, strong: Int) {
        let strong = findings.filter { $0.confidence >= strongConfidence }
        guard strong.count >= 2, words > 0 else { return (0, strong.count) }
        let density = 100 * strong.reduce(0) { $0 + $1.confidence } / Double(words)
        return (min(1, density / fullEvidenceDensity), strong.count)
    }

    /// The evidence of each kind of finding. Findings of tortured-phrase lists
    /// and of the collocation rule show that a paper's terms were paraphrased;
    /// the others (spinner lists, the context rule, spintax) that ordinary
    /// words were swapped. Each kind's evidence lifts only the weak findings of
    /// that kind, and only the spinner evidence joins the context rule's
    /// log-odds: counted together, two tortured phrases in a Europarl speech
    /// made "as Mr Karas stated" -> "said" (`scripts/evaluate_context.py`'s
    /// tortured-mixed set).
    /// `torturedRules` are `torturedKindRules(table)`.
    static func evidenceByKind(_ findings: [Finding], torturedRules: Set<String>, words: Int)
        -> (spinner: (evidence: Double, strong: Int), tortured: (evidence: Double, strong: Int)) {
        (evidence(findings.filter { !torturedRules.contains($0.rule) }, words: words),
         evidence(findings.filter { torturedRules.contains($0.rule) }, words: words))
    }

    /// The rules whose findings are of the tortured-phrase kind.
    static func torturedKindRules(_ table: PhraseTable) -> Set<String> {
        torturedPhraseLists(table).union([CollocationRestoration.id])
    }

    /// `findings` (sorted by position) without overlaps: where findings share
    /// a token, the most confident stays, the earlier on a tie, except that a
    /// listed phrase that will be applied (confidence at least `threshold`)
    /// stays over a listed phrase inside it. Two kinds of findings overlap,
    /// and which should stay is known only once this gate has set the
    /// confidences:
    /// - a weak dictionary finding and the context rule's restoration of the
    ///   same word (`ContextRestoration.covered`): in a spun document the
    ///   lifted entry may win, elsewhere the context rule's;
    /// - a weak dictionary match and the stronger entries inside it
    ///   (`DictionarySubstitution.strongerInside`): the longer phrase where
    ///   the document's evidence lifts it over the threshold (the whole of
    ///   "lengthy brief-term reminiscences" in a paper full of tortured
    ///   phrases), the stronger shorter one elsewhere.
    static func resolvingOverlaps(_ findings: [Finding], threshold: Double) -> [Finding] {
        // Whether `a` is a listed phrase applied over the listed phrase `b` inside it.
        func appliedAround(_ a: Finding, _ b: Finding) -> Bool {
            a.logit == nil && b.logit == nil && a.confidence >= threshold
                && a.tokens.count > b.tokens.count && a.tokens.contains(b.tokens.lowerBound)
                && b.tokens.upperBound <= a.tokens.upperBound
        }
        var kept: [Finding] = []
        for f in findings {
            guard let last = kept.last, last.tokens.overlaps(f.tokens) else {
                kept.append(f)
                continue
            }
            if appliedAround(last, f) { continue }
            if appliedAround(f, last) || f.confidence > last.confidence { kept[kept.count - 1] = f }
        }
        return kept
    }

    public func run(_ findings: inout [Finding], in context: PassContext) {
        DocumentSpinGate.setConfidences(&findings, in: context)
        findings = DocumentSpinGate.resolvingOverlaps(findings, threshold: context.options.threshold)
    }

    /// The paragraphs the spinner evidence reaches: those with a strong
    /// finding (a known phrase, or a context restoration confident on its own
    /// local evidence) of their own. A page with one spun paragraph, or an
    /// article that names spinner phrases without quoting them, reads as spun
    /// as a whole; lifted by that evidence, its clean paragraphs had "stated"
    /// -> "said", "in keeping with" -> "according to" and context restorations
    /// such as "the motion" -> "the question" (`scripts/evaluate_context.py`'s
    /// spinner-mixed set). `findings`: as they reach the gate.
    static func spinningParagraphs(_ findings: [Finding], _ document: Document) -> MarkedParagraphs {
        MarkedParagraphs(document.paragraphs,
                         marks: findings.lazy.filter { $0.confidence >= strongConfidence }.map(\.tokens.lowerBound))
    }

    /// Sets every finding's confidence from the document's evidence: a
    /// context finding's from its logit, a weak entry's lifted.
    static func setConfidences(_ findings: inout [Finding], in context: PassContext) {
        let words = context.document.wordCount
        let torturedRules = DocumentSpinGate.torturedKindRules(context.table)
        let (spinner, tortured) = DocumentSpinGate.evidenceByKind(findings, torturedRules: torturedRules, words: words)
        // With no spinner evidence, nothing is lifted with it, and the paragraphs are not read.
        let spinning = spinner.evidence > 0 ? DocumentSpinGate.spinningParagraphs(findings, context.document) : nil
        // Context findings: the spinner evidence joins their local log-odds.
        for k in findings.indices {
            guard let logit = findings[k].logit else { continue }
            let applies = spinning?.contains(findings[k].tokens.lowerBound) == true
            let p = ContextCoefficients.probability(logit + ContextCoefficients.evidence * (applies ? spinner.evidence : 0))
            findings[k].confidence = ContextRestoration.rounded(p)
            if spinner.evidence > 0 {
                findings[k].explanation += "; document evidence \(decimal(spinner.evidence, digits: 2)) "
                    + "(\(spinner.strong) strong findings in \(words) words)"
                    + (applies ? "" : " not applied: no strong finding in its paragraph")
            }
        }
        guard spinner.evidence > 0 || tortured.evidence > 0 else { return }
        for k in findings.indices where findings[k].confidence < DocumentSpinGate.strongConfidence && findings[k].logit == nil {
            let isTortured = torturedRules.contains(findings[k].rule)
            let (evidence, strong) = isTortured ? tortured : spinner
            guard evidence > 0, isTortured || spinning?.contains(findings[k].tokens.lowerBound) == true else { continue }
            let base = findings[k].confidence
            let lifted = base + (1 - base) * DocumentSpinGate.maximumLift * evidence
            findings[k].confidence = ContextRestoration.rounded(lifted)
            findings[k].explanation += "; confidence raised from \(base) by document evidence (\(strong) strong findings in \(words) words)"
        }
    }
}
