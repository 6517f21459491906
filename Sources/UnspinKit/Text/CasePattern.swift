import CICU

/// The case pattern of found text, to be given to its replacement: lower case
/// leaves the replacement as the dictionary writes it (so "PCA" stays), a
/// capital first letter (sentence start, headline) capitalises the replacement,
/// UPPER upper-cases it, and Title Case capitalises each of its words.
public enum CasePattern: Sendable, Equatable {
    case asWritten
    case capitalizeFirst
    case title
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
        } else if first.caseFlags.contains(.firstLetterUpper) {
            self = .capitalizeFirst
        } else {
            self = .asWritten
        }
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
        }
    }

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
