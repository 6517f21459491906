/// The engine: tokenizes a document, runs the pass pipeline and returns its
/// findings. Immutable after construction and safe to share across threads.
public struct Unspinner: Sendable {
    public struct Options: Sendable {
        /// Minimum confidence for a finding to be applied or reported.
        public var threshold: Double
        /// Also look inside quotation marks.
        public var includeQuoted: Bool
        /// Phrases never reported, as written by the user.
        public var allow: [String] {
            didSet { allowKeys = Options.keys(allow) }
        }
        /// `allow` as comparison keys (see `Allowlist`).
        public private(set) var allowKeys: Set<String> = []
        /// Ids of passes that do not run (`Unspinner.optionalPasses` the user turned off).
        /// Excluding wins over enabling.
        public var excludedPasses: Set<String>
        /// Ids of passes the user named: those off by default
        /// (`Unspinner.defaultOffPasses`) run, and those that run by default only
        /// in some documents (`Unspinner.gatedPasses`) run in every one.
        public var enabledPasses: Set<String>

        public static let defaultThreshold = 0.6

        public init(threshold: Double = Options.defaultThreshold, includeQuoted: Bool = false, allow: [String] = [],
                    excludedPasses: Set<String> = [], enabledPasses: Set<String> = []) {
            self.threshold = threshold
            self.includeQuoted = includeQuoted
            self.allow = allow
            self.excludedPasses = excludedPasses
            self.enabledPasses = enabledPasses
            self.allowKeys = Options.keys(allow)
        }

        /// Whether the pass `id` runs: it is not excluded, and it is on by
        /// default or enabled.
        public func runs(_ id: String) -> Bool {
            !excludedPasses.contains(id) && (enabledPasses.contains(id) || !Unspinner.defaultOffPasses.contains(id))
        }

        /// Whether the pass `id`, when it runs, runs only in documents with
        /// tortured phrases: it does so by default and the user did not name it.
        public func isGated(_ id: String) -> Bool {
            Unspinner.gatedPasses.contains(id) && !enabledPasses.contains(id)
        }

        private static func keys(_ phrases: [String]) -> Set<String> {
            var keyer = WordKeyer()
            return Set(phrases.map { Allowlist.key($0, &keyer) })
        }
    }

    /// What carries over from one piece of a document to the next when a large
    /// input is analysed in chunks.
    public struct State: Sendable, Equatable {
        /// Inside an `unspin: disable` region.
        public var disabled = false
        /// The piece's first line is ignored: an `unspin: ignore-next-line` on
        /// the line before it, or, when the previous piece ended inside a line,
        /// that line was ignored (its rest is this piece's first line).
        public var ignoreNextLine = false
        /// The line after the piece's first line is ignored: the previous piece
        /// ended inside a line with an `unspin: ignore-next-line` on it.
        public var ignoreLineAfter = false
        /// Quotation marks still open.
        public var quotes = QuotedSpeech.QuoteState()
        public init(disabled: Bool = false, ignoreNextLine: Bool = false, ignoreLineAfter: Bool = false,
                    quotes: QuotedSpeech.QuoteState = .init()) {
            self.disabled = disabled
            self.ignoreNextLine = ignoreNextLine
            self.ignoreLineAfter = ignoreLineAfter
            self.quotes = quotes
        }
    }

    /// Detectors that `--only`/`--exclude` select by id, like the dictionaries
    /// (`Options.excludedPasses`). The context rule also needs the model; the
    /// spintax rule uses it when it is there.
    public static let optionalPasses = [ContextRestoration.id, CollocationRestoration.id, SpintaxResidue.id]

    /// The passes that run only when enabled (`Pass.byDefault` `.never`;
    /// `Options.enabledPasses`, `--enable`): each is also optional, so
    /// `--only`/`--exclude` select it too.
    public static let defaultOffPasses = passes(runningByDefault: .never)

    /// The passes that run by default only in documents with tortured phrases
    /// (`Pass.byDefault` `.inDocumentsWithTorturedPhrases`), and in every
    /// document when named.
    public static let gatedPasses = passes(runningByDefault: .inDocumentsWithTorturedPhrases)

    private static func passes(runningByDefault where: DefaultRun) -> Set<String> {
        Set(PassRegistry.passes.filter { type(of: $0).byDefault == `where` }.map { type(of: $0).id })
    }

    public let table: PhraseTable
    /// The context model for `ContextRestoration`; nil for dictionary-only analysis.
    public let model: ContextModel?
    public var options: Options

    /// Tokens of context `ChunkAnalyzer` keeps around a piece: a
    /// phrase and the context on either side, the article before a phrase,
    /// opening marks before a sentence start, and room for passes that look a
    /// few words further. Worked out once per engine: walking every entry's
    /// conditions cost more than analysing a small file.
    public let chunkMargin: Int

    /// Whether `ContextRestoration` runs: there is a model and the rule is not excluded.
    public var runsContextRule: Bool { model != nil && options.runs(ContextRestoration.id) }

    /// Whether `CollocationRestoration` may run: there is a model and the rule
    /// is not excluded (unless named, it runs only in documents with tortured
    /// phrases: `Options.isGated`).
    public var runsCollocationRule: Bool { model != nil && options.runs(CollocationRestoration.id) }

    public init(dictionaries: [SpinDictionary], model: ContextModel? = nil, options: Options = Options()) {
        self.table = PhraseTable(dictionaries)
        self.model = model
        self.options = options
        self.chunkMargin = 2 * (table.longestPhrase + table.contextReach()) + 16
    }

    /// Whether a key the dictionaries do not hold is a word of the context
    /// model: the parts of a word split at a line end are joined when they
    /// make one (`Tokenizer.joinLineEndHyphens`). `ChunkAnalyzer` tokenizes
    /// with it too, so that its boundaries fall between the same tokens.
    public var isWord: ((UnsafeBufferPointer<UInt8>) -> Bool)? {
        guard let model else { return nil }
        return { model.id(of: $0) != ContextModel.unknown }
    }

    /// Analyses one document, or one piece of a larger one that continues from `state`.
    public func analyze(_ bytes: UnsafeBufferPointer<UInt8>, continuing state: State = State()) -> Analysis {
        var (context, findings) = runPasses(bytes, continuing: state)
        let document = context.document
        findings.sort { $0.range.lowerBound < $1.range.lowerBound }
        // Shared with the passes (PassContext): each is computed once per piece.
        let directives = context.ignoredRanges
        let end = State(
            disabled: directives.disabledAtEnd, ignoreNextLine: directives.ignoreNextAtEnd,
            ignoreLineAfter: directives.ignoreAfterAtEnd,
            quotes: context.quotedTokens.end)
        return Analysis(findings: findings, words: document.wordCount, threshold: options.threshold, endState: end)
    }

    public func analyze(_ bytes: [UInt8], continuing state: State = State()) -> Analysis {
        bytes.withUnsafeBufferPointer { analyze($0, continuing: state) }
    }

    /// Tokenizes `bytes` and runs the registered passes in order, stopping
    /// before the first pass `stop` accepts; `willRun` sees the findings each
    /// pass starts from. `analyze` runs them all; `explainContext` stops at
    /// the gate to see what the context rule saw.
    func runPasses(_ bytes: UnsafeBufferPointer<UInt8>, continuing state: State = State(),
                   stopBefore stop: (any Pass) -> Bool = { _ in false },
                   willRun: (any Pass, [Finding]) -> Void = { _, _ in }) -> (context: PassContext, findings: [Finding]) {
        var keyer = WordKeyer()
        // The model's readers look words up faster by the hashes the tokenizer
        // kept, and hash them themselves without: a rule that seldom runs
        // (the collocation rule in documents without tortured phrases) does not
        // make every document keep them.
        let keepsHashes = runsContextRule || (runsCollocationRule && !options.isGated(CollocationRestoration.id))
        let (tokens, keyHashes) = Tokenizer.tokenize(bytes, vocabulary: table.vocabulary, keyer: &keyer,
                                                     keepingKeyHashes: keepsHashes, isWord: isWord)
        let document = Document(bytes: bytes, tokens: tokens, keyHashes: keyHashes)
        let context = PassContext(document: document, table: table, model: model, options: options, state: state)
        var findings: [Finding] = []
        for pass in PassRegistry.passes {
            if stop(pass) { break }
            let id = type(of: pass).id
            if !options.runs(id) { continue }
            if options.isGated(id) && !DocumentSpinGate.showsTorturedPhrases(findings, in: context) { continue }
            willRun(pass, findings)
            pass.run(&findings, in: context)
        }
        return (context, findings)
    }

    public func analyze(_ text: String) -> Analysis {
        analyze(Array(text.utf8))
    }

    /// `text` with every edit at or above the threshold applied.
    public func fix(_ text: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: analyze(bytes).edits.applied(to: bytes), as: UTF8.self)
    }
}

/// The result of analysing one document.
public struct Analysis: Sendable {
    /// Every finding, including those below the threshold, sorted by position.
    public var all: [Finding]
    public var words: Int
    public var threshold: Double
    /// The state the next piece of the same document continues from.
    public var endState: Unspinner.State

    init(findings: [Finding], words: Int, threshold: Double, endState: Unspinner.State) {
        self.all = findings
        self.words = words
        self.threshold = threshold
        self.endState = endState
    }

    /// Findings at or above the threshold.
    public var findings: [Finding] { all.filter { $0.confidence >= threshold } }

    /// Findings at or above the threshold that change the text.
    public var edits: [Finding] { findings.filter(\.isEdit) }

    /// Confidence-weighted findings per 100 words: 0 for clean text, a few
    /// points for lightly spun text, 5 and more for heavily spun text.
    public var spinScore: Double {
        var tally = SpinTally()
        tally.add(self)
        return tally.spinScore
    }
}

/// Totals over the pieces of one input (large inputs are analysed in chunks).
public struct SpinTally: Sendable {
    public private(set) var words = 0
    public private(set) var findings = 0
    public private(set) var edits = 0
    private var weight = 0.0

    public init() {}

    public mutating func add(_ analysis: Analysis) {
        words += analysis.words
        let reported = analysis.findings
        findings += reported.count
        edits += reported.filter(\.isEdit).count
        weight += reported.reduce(0) { $0 + $1.confidence }
    }

    /// Confidence-weighted findings per 100 words, as `Analysis.spinScore`.
    public var spinScore: Double {
        words > 0 ? (100 * weight / Double(words) * 100).rounded() / 100 : 0
    }
}
