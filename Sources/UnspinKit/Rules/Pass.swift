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

    func run(_ findings: inout [Finding], in context: PassContext)
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

    /// The engine options the example runs with.
    public var options: Unspinner.Options { .init(includeQuoted: includeQuoted, allow: allow) }
}

/// The pipeline, in the order it runs. Order matters: findings the author or
/// the quotation marks rule out are dropped before they can count as document
/// evidence, and articles are fixed last, on the replacements that survive.
public enum PassRegistry {
    public static let passes: [any Pass] = [
        DictionarySubstitution(),
        ContextRestoration(),
        InlineDirectives(),
        Allowlist(),
        QuotedSpeech(),
        DocumentSpinGate(),
        IndefiniteArticle(),
    ]
}
