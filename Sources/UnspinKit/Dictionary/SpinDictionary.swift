/// A parsed dictionary file: substitutions spinners make, with the original
/// wording to restore. The format is documented in dictionaries/FORMAT.md.
public struct SpinDictionary: Sendable {
    /// Id used by `--only`/`--exclude` and in findings.
    public var name: String
    public var description: String?
    public var source: String?
    public var licence: String?
    /// What its entries are (`@kind`).
    public var kind = Kind.spinner
    /// Where it was loaded from (a path, or the built-in file name).
    public var path: String
    public var classes: [String: [String]]
    /// The entries, in file order. A parsed dictionary keeps them compact (see
    /// `EntryStore`) and makes these values at each access: read them once.
    public var entries: [DictionaryEntry] {
        get { store.all }
        set { store = EntryStore(values: newValue) }
    }
    /// Where the entries are kept.
    var store: EntryStore

    public init(name: String, path: String, classes: [String: [String]] = [:], entries: [DictionaryEntry] = []) {
        self.name = name
        self.path = path
        self.classes = classes
        self.store = entries.isEmpty ? .empty : EntryStore(values: entries)
    }
}

extension SpinDictionary {
    /// What a dictionary's entries are (`@kind` in the file).
    public enum Kind: String, Sendable, CaseIterable {
        /// Swaps of article spinners and paraphrasers (the default).
        case spinner
        /// Tortured phrases: paraphrased technical terms of machine-paraphrased
        /// papers. Two strong findings of such a list let the collocation rule,
        /// which restores unlisted ones, run in the document
        /// (`DocumentSpinGate.showsTorturedPhrases`).
        case torturedPhrases = "tortured-phrases"

        /// Whether a list of this kind matches its phrases with their words
        /// joined otherwise too (`PhraseTable.keysJoinedOtherwise`): tortured
        /// phrases are terms that science writes both ways, and the Problematic
        /// Paper Screener finds them so. A spinner list's phrases are not: "well
        /// being" is a spun "health", "well-being" a word.
        public var matchesOtherJoins: Bool { self == .torturedPhrases }
    }
}

/// One substitution `SPUN => ORIGINAL` and the context it needs.
public struct DictionaryEntry: Sendable {
    public var spun: String
    /// nil: detect only, the original is unknown.
    public var replacement: String?
    public var alternatives: [String] = []
    public var note: String?
    public var confidence: Double
    public var after: [ContextTerm] = []
    public var notAfter: [ContextTerm] = []
    public var before: [ContextTerm] = []
    public var notBefore: [ContextTerm] = []
    /// `case: exact`: the text must have the letter case of `spun` (a
    /// sentence-initial capital and an all-capitals headline excepted).
    public var matchCase = false
    public var line: Int
    public var examples: [DictionaryExample] = []

    public init(spun: String, replacement: String?, confidence: Double, line: Int) {
        self.spun = spun
        self.replacement = replacement
        self.confidence = confidence
        self.line = line
    }
}

/// A word or phrase, or a class of them, in an entry's context.
public enum ContextTerm: Sendable, Hashable {
    case phrase(String)
    case wordClass(String)
}

/// The built-in word classes, usable in any dictionary.
public enum BuiltinClass: String, CaseIterable, Sendable {
    case number, capitalized, start, end, possessive
}

/// `+ INPUT => OUTPUT` (must change to OUTPUT) or `- INPUT` (must stay unchanged).
public struct DictionaryExample: Sendable, Hashable {
    public var input: String
    public var expected: String
    public var line: Int
    public var triggers: Bool { input != expected }
}

/// A malformed dictionary: reported as `FILE:LINE: reason`.
public struct DictionaryError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int
    public var reason: String
    public var description: String { "\(path):\(line): \(reason)" }
}
