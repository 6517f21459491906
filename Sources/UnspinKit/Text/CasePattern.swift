import CICU

/// The case pattern of found text, to be given to its replacement: lower case
/// leaves the replacement as the dictionary writes it (so "PCA" stays), a
/// capital first letter (sentence start, headline) capitalises the replacement,
/// UPPER upper-cases it, and Title Case capitalises each of its words. A name
/// with a lower-case word in it ("Ministry of Well being": the spinner kept
/// the capital of the word it replaced, "Health", on the first of the two it
/// wrote) capitalises each word of a lower-case replacement but the small
/// ones ("of", "and", "the"…), so it reads "Ministry of Health"; a replacement
/// written with capitals ("Champions League final") keeps them.
public enum CasePattern: Sendable, Equatable {
    case asWritten
    case capitalizeFirst
    case title
    case name
    case upper

    init(of document: Document, tokens range: Range<Int>) {
        var words = 0, capitalized = 0, letters = CaseFlags()
        for i in range where document.tokens[i].kind == .word {
            let flags = document.tokens[i].caseFlags
            words += 1
            if flags.contains(.firstLetterUpper) { capitalized += 1 }
            letters.formUnion(flags)
        }
        let first = document.tokens[range.lowerBound]
        let longEnough = document.tokens[range].contains { $0.end - $0.start > 1 && $0.kind == .word }
        if !letters.contains(.hasUpper) {
            self = .asWritten
        } else if !letters.contains(.hasLower) && longEnough {
            self = .upper
        } else if words > 1 && capitalized == words {
            self = .title
        } else if capitalized >= 2 && first.caseFlags.contains(.firstLetterUpper) {
            self = .name
        } else if first.caseFlags.contains(.firstLetterUpper) {
            self = .capitalizeFirst
        } else {
            self = .asWritten
        }
        // Figures have no case: a match that starts with them and starts the
        // sentence, or has a capital after them, is capitalised ("1000's of people
        // fled." -> "Thousands of people fled.", "12 Months" -> "Year").
        if self == .asWritten, first.kind == .number, letters.contains(.hasUpper) || document.isSentenceStart(range.lowerBound) {
            self = .capitalizeFirst
        }
        // In a headline in title case a capitalised match gives a replacement in the
        // headline's case: "Act Subsequent 12 months" -> "Act Next Year", not "Next
        // year". (A match in lower case there is no headline word: "... and Peter
        // Green subsequent 12 months".)
        if self == .capitalizeFirst, document.isInTitleCaseLine(range) { self = .name }
    }

    public func apply(to text: String) -> String {
        switch self {
        case .asWritten:
            return text
        case .upper:
            return CasePattern.map(text, Int32(CICU_CASE_UPPER))
        case .capitalizeFirst:
            return CasePattern.map(text, Int32(CICU_CASE_CAPITALIZE_FIRST))
        case .title:
            return text.split(separator: " ", omittingEmptySubsequences: false)
                .map { CasePattern.map(String($0), Int32(CICU_CASE_CAPITALIZE_FIRST)) }
                .joined(separator: " ")
        case .name:
            // A replacement the dictionary writes with capitals ("Champions League
            // final") already has the case the name wants.
            if text.contains(where: \.isUppercase) { return CasePattern.map(text, Int32(CICU_CASE_CAPITALIZE_FIRST)) }
            return text.split(separator: " ", omittingEmptySubsequences: false).enumerated()
                .map { k, word in
                    k > 0 && CasePattern.smallWords.contains(String(word)) ? String(word)
                        : CasePattern.map(String(word), Int32(CICU_CASE_CAPITALIZE_FIRST))
                }
                .joined(separator: " ")
        }
    }

    /// The small words of a name or title: articles, short conjunctions and
    /// prepositions. A name leaves them in lower case after its first word, and
    /// a headline in title case may capitalise them (`ContextMatcher.hasCase`).
    static let smallWords: Set<String> = ["a", "an", "and", "as", "at", "but", "by", "de", "for", "from", "in", "into", "nor", "of",
                                          "on", "onto", "or", "per", "so", "the", "to", "upon", "via", "vs", "with", "yet"]

    static func map(_ text: String, _ mode: Int32) -> String {
        var text = text
        return text.withUTF8 { bytes in
            if bytes.isEmpty { return "" }
            var capacity = bytes.count * 3 + 8
            while true {
                var out = [UInt8](repeating: 0, count: capacity)
                let n = cicu_case_map(mode, bytes.baseAddress, Int32(bytes.count), &out, Int32(capacity))
                if n == Int32.min { return String(decoding: bytes, as: UTF8.self) }
                if n < 0 { capacity = Int(-n); continue }
                return String(decoding: out[0..<Int(n)], as: UTF8.self)
            }
        }
    }
}
