/// Fixes "a"/"an" before a replacement whose first sound differs from the word
/// it replaces ("an awesome" → "a great"), by widening the edit to cover the
/// article. The choice follows spelling with the usual exceptions (an hour,
/// a university, a one-off, an FBI agent).
public struct IndefiniteArticle: Pass {
    public static let id = "indefinite-article"
    public static let summary = "Fixes the indefinite article before a replacement that starts with a different sound."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nawesome => great", input: "It was an awesome sight.", output: "It was a great sight."),
        PassExample(dictionary: "@name ex\nbig => enormous", input: "A big task.", output: "An enormous task."),
        PassExample(dictionary: "@name ex\nposition => hour", input: "a position later", output: "an hour later"),
        PassExample(dictionary: "@name ex\nawesome => overwhelming", input: "an awesome force", output: "an overwhelming force"),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        let document = context.document
        for k in findings.indices {
            let finding = findings[k]
            guard let replacement = finding.replacement, finding.isEdit else { continue }
            let first = finding.tokens.lowerBound
            let article = first - 1
            let gap = document.tokens[first].gap
            guard article >= 0, gap == .space || gap == .lineBreak, document.tokens[article].kind == .word else { continue }
            let written = document.text(ofToken: article)
            guard written.lowercased() == "a" || written.lowercased() == "an" else { continue }
            if k > 0, findings[k - 1].range.upperBound > document.tokens[article].start { continue }
            let wanted = IndefiniteArticle.takesAn(replacement) ? "an" : "a"
            guard written.lowercased() != wanted else { continue }
            // "A" alone does not say whether the text is capitalised or in capitals:
            // the word it qualifies does.
            let cased: String
            if CasePattern(of: document, tokens: finding.tokens) == .upper {
                cased = wanted.uppercased()
            } else if written.first!.isUppercase {
                cased = CasePattern.capitalizeFirst.apply(to: wanted)
            } else {
                cased = wanted
            }
            let between = document.text(document.tokens[article].end..<finding.range.lowerBound)
            findings[k].range = document.tokens[article].start..<finding.range.upperBound
            findings[k].found = written + between + finding.found
            findings[k].replacement = cased + between + replacement
            findings[k].tokens = article..<finding.tokens.upperBound
            findings[k].explanation += "; article changed to '\(wanted)'"
        }
    }

    /// Whether `phrase` takes "an": by its first word's sound, approximated from spelling.
    public static func takesAn(_ phrase: String) -> Bool {
        let word = phrase.prefix { $0 != " " && $0 != "-" }
        guard let first = word.first else { return false }
        let lower = word.lowercased()
        if first.isNumber {
            return lower.hasPrefix("8") || lower == "11" || lower == "18" || lower.hasPrefix("11,") || lower.hasPrefix("18,")
        }
        // Acronyms are read letter by letter: an FBI agent, a UN envoy.
        if word.count > 1, word.allSatisfy({ $0.isUppercase || $0.isNumber }) {
            return "aefhilmnorsx".contains(lower.first!)
        }
        for prefix in ["hour", "honest", "honor", "honour", "heir"] where lower.hasPrefix(prefix) { return true }
        for prefix in ["uni", "use", "usu", "uti", "ura", "ure", "uri", "uro", "eu", "ewe", "one", "once", "ubiq", "uk"]
            where lower.hasPrefix(prefix) { return false }
        return "aeiou".contains(lower.first!)
    }
}
