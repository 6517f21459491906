/// One token of the input: a word, a number or a single punctuation mark.
/// Whitespace is not a token; what separated a token from the one before it
/// is kept in `gap`, because phrases may not cross paragraph breaks.
public struct Token: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case word
        case number
        case punctuation
        /// Bytes that are not valid UTF-8. They break phrases and are never edited.
        case invalid
    }

    /// What lies between the previous token and this one.
    public enum Gap: UInt8, Sendable, Comparable {
        case none
        case space
        case lineBreak
        /// A blank line (or the start of the input).
        case paragraphBreak

        public static func < (a: Gap, b: Gap) -> Bool { a.rawValue < b.rawValue }
    }

    /// Byte offsets into the original input.
    public var start: Int
    public var end: Int
    public var kind: Kind
    public var gap: Gap
    /// Vocabulary id of the token's matching key, or `Vocabulary.unknown`.
    public var id: Int32
    /// `CaseFlags` of the token's letters.
    public var caseFlags: CaseFlags

    public var isWordLike: Bool { kind == .word || kind == .number }
}

/// Case facts about a run of letters.
public struct CaseFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let firstLetterUpper = CaseFlags(rawValue: 1)
    public static let hasUpper = CaseFlags(rawValue: 2)
    public static let hasLower = CaseFlags(rawValue: 4)
}
