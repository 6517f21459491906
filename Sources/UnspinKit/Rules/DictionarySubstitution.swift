/// Flags phrases listed in the loaded dictionaries and proposes the original
/// wording: longest match first, the first entry whose context holds, the
/// replacement in the case pattern of the text it replaces.
public struct DictionarySubstitution: Pass {
    public static let id = "dictionary"
    public static let summary = "Flags spun words and phrases listed in a dictionary; fixes them to the listed original wording, keeping the case pattern."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nfor the reason that => since\nreason => cause",
                    input: "For the reason that it rained, we left.", output: "Since it rained, we left."),
        PassExample(dictionary: "@name ex\nlevel man => point man",
                    input: "LEVEL MAN for talks", output: "POINT MAN for talks"),
        PassExample(dictionary: "@name ex\nenergy => power | after: returned to, seize",
                    input: "They returned to energy. Energy prices rose.", output: "They returned to power. Energy prices rose."),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        let document = context.document
        let tokens = document.tokens
        let table = context.table
        let contexts = ContextMatcher(table: table, document: document)
        var i = 0
        while i < tokens.count {
            guard table.mayStartMatch(in: tokens, at: i) else { i += 1; continue }
            var matched: (end: Int, entry: Int32)?
            table.forEachMatch(in: tokens, at: i, allowed: { _ in true }) { end, entries in
                for index in entries where contexts.holds(table.entries[Int(index)], start: i, end: end) {
                    matched = (end, index)
                    return true
                }
                return false
            }
            guard let (end, index) = matched else { i += 1; continue }
            findings.append(finding(table.entries[Int(index)], table, document, tokens: i..<end))
            i = end
        }
    }

    private func finding(_ compiled: PhraseTable.Entry, _ table: PhraseTable, _ document: Document, tokens range: Range<Int>) -> Finding {
        let entry = compiled.entry
        let dictionary = table.dictionaries[compiled.dictionary]
        let bytes = document.tokens[range.lowerBound].start..<document.tokens[range.upperBound - 1].end
        let found = document.text(bytes)
        let pattern = CasePattern(of: document, tokens: range)
        let replacement = entry.replacement.map { pattern.apply(to: $0) }
        var explanation: String
        if let original = entry.replacement {
            explanation = "\(dictionary.name) lists '\(entry.spun)' as a spun form of '\(original)'"
        } else {
            explanation = "\(dictionary.name) lists '\(entry.spun)' as a spun phrase; the original is unknown"
        }
        if !entry.alternatives.isEmpty { explanation += " (or: \(entry.alternatives.joined(separator: ", ")))" }
        if let note = entry.note { explanation += "; \(note)" }
        var finding = Finding(
            range: bytes, found: found, replacement: replacement, rule: dictionary.name,
            source: "\(dictionary.path):\(entry.line)", confidence: entry.confidence,
            explanation: explanation, tokens: range)
        if replacement != nil { finding.alternatives = entry.alternatives.map { pattern.apply(to: $0) } }
        return finding
    }
}
