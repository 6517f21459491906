/// One stage of the rule pipeline. Detectors add findings, later passes
/// filter them or refine their confidence, span and replacement. Every pass
/// documents what it flags or fixes and carries examples that the tests run.
public protocol Pass: Sendable {
    /// Stable id, used in explanations and the registry.
    static var id: String { get }
    /// What the pass flags, drops or fixes, in one sentence.
    static var summary: String { get }
    /// Input/output pairs, each run against its own small dictionary.
    static var examples: [PassExample] { get }
    /// Where the pass runs unless the user names it (`--enable ID`, `--only ID`;
    /// `Unspinner.Options.enabledPasses`) or excludes it.
    static var byDefault: DefaultRun { get }

    func run(_ findings: inout [Finding], in context: PassContext)
}

extension Pass {
    public static var byDefault: DefaultRun { .always }
}

/// Where a pass runs when the user neither names nor excludes it.
public enum DefaultRun: Sendable {
    /// In every document.
    case always
    /// Only in documents where a tortured-phrase list found tortured phrases
    /// (`DocumentSpinGate.showsTorturedPhrases`): a pass that finds unlisted
    /// ones but makes the odd false edit elsewhere. Named, it runs in every
    /// document (`Unspinner.gatedPasses`).
    case inDocumentsWithTorturedPhrases
    /// Only when named (`Unspinner.defaultOffPasses`).
    case never
}

/// What every pass can see.
public struct PassContext {
    public let document: Document
    public let table: PhraseTable
    /// The statistics for `ContextRestoration`, when the engine has them.
    public let model: ContextModel?
    public let options: Unspinner.Options
    /// Carried over from the previous piece of the same document.
    public let state: Unspinner.State
    /// What is derived from the document once and shared: by the passes and
    /// by `Unspinner.analyze` for the state at the end of the piece.
    private let derived = Derived()

    /// The context model's reading of the document (model ids of its tokens),
    /// shared by the rules that use the model; computed once per document.
    func scorer(_ model: ContextModel) -> ContextScorer {
        if let scorer = derived.scorer { return scorer }
        let scorer = ContextScorer(model: model, document: document)
        derived.scorer = scorer
        return scorer
    }

    /// Per token, whether it lies inside quotation marks, and the quotes still
    /// open at the end (QuotedSpeech.quotedTokens, computed once per document).
    var quotedTokens: (quoted: [Bool], end: QuotedSpeech.QuoteState) {
        if let quoted = derived.quotedTokens { return quoted }
        let quoted = QuotedSpeech.quotedTokens(document, from: state.quotes)
        derived.quotedTokens = quoted
        return quoted
    }

    /// The lines the author marked to be ignored, and what carries over to the
    /// next piece (InlineDirectives.ignoredRanges, computed once per document).
    var ignoredRanges: (ranges: [Range<Int>], disabledAtEnd: Bool, ignoreNextAtEnd: Bool, ignoreAfterAtEnd: Bool) {
        if let ignored = derived.ignoredRanges { return ignored }
        let ignored = InlineDirectives.ignoredRanges(document.bytes, from: state)
        derived.ignoredRanges = ignored
        return ignored
    }

    /// A cache for one `analyze` call, on one thread.
    private final class Derived {
        var quotedTokens: (quoted: [Bool], end: QuotedSpeech.QuoteState)?
        var ignoredRanges: (ranges: [Range<Int>], disabledAtEnd: Bool, ignoreNextAtEnd: Bool, ignoreAfterAtEnd: Bool)?
        var scorer: ContextScorer?
    }
}

/// An example for a pass: with `dictionary` (in the dictionary format) as the
/// only dictionary and default options except `includeQuoted` and `allow`,
/// unspin turns `input` into `output`.
public struct PassExample: Sendable {
    public var dictionary: String
    public var input: String
    public var output: String
    public var includeQuoted = false
    public var allow: [String] = []
    /// Run with the built-in context model as well as the dictionary.
    public var usesContextModel = false

    public init(dictionary: String, input: String, output: String, includeQuoted: Bool = false, allow: [String] = [],
                usesContextModel: Bool = false) {
        self.dictionary = dictionary
        self.input = input
        self.output = output
        self.includeQuoted = includeQuoted
        self.allow = allow
        self.usesContextModel = usesContextModel
    }

    /// The engine options the example of the pass `id` runs with: that pass
    /// on even when it is off by default.
    public func options(for id: String) -> Unspinner.Options {
        .init(includeQuoted: includeQuoted, allow: allow, enabledPasses: [id])
    }
}

/// The pipeline, in the order it runs. Order matters: findings the author or
/// the quotation marks rule out are dropped before they can count as document
/// evidence, and articles are fixed last, on the replacements that survive.
public enum PassRegistry {
    public static let passes: [any Pass] = [
        DictionarySubstitution(),
        SpintaxResidue(),
        ContextRestoration(),
        CollocationRestoration(),
        InlineDirectives(),
        Allowlist(),
        QuotedSpeech(),
        DocumentSpinGate(),
        IndefiniteArticle(),
    ]
}
