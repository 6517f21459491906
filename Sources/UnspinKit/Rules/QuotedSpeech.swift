/// Drops findings inside quotation marks: spinners leave quoted speech alone,
/// so a "substitution" there is almost always the speaker's own word. Straight
/// double quotes toggle; curly and angle quotes open and close; a paragraph
/// break ends any open quote. Straight single quotes are not used, since they
/// are indistinguishable from apostrophes. `--include-quoted` turns this off.
public struct QuotedSpeech: Pass {
    public static let id = "quoted-speech"
    public static let summary = "Drops findings inside quotation marks, where spinners do not rewrite; off with --include-quoted."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nstated => said", input: "He stated it. “We stated it,” he stated.",
                    output: "He said it. “We stated it,” he said."),
        PassExample(dictionary: "@name ex\nstated => said", input: "\"We stated it\"", output: "\"We said it\"", includeQuoted: true),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        guard !context.options.includeQuoted, !findings.isEmpty else { return }
        let quoted = context.quotedTokens.quoted
        findings.removeAll { finding in finding.tokens.contains { quoted[$0] } }
    }

    /// Open quotation marks, carried from one piece of a document to the next.
    public struct QuoteState: Sendable, Equatable {
        var straight = false
        var double = 0
        var single = 0
        var lowNine = 0
        public init() {}
        var isOpen: Bool { straight || double > 0 || single > 0 || lowNine > 0 }
    }

    /// Per token, whether it lies inside quotation marks, and the quotes still
    /// open at the end. A paragraph break closes every quote, except at the very
    /// first token, which continues `start`.
    public static func quotedTokens(_ document: Document, from start: QuoteState = QuoteState()) -> (quoted: [Bool], end: QuoteState) {
        var quoted = Array(repeating: false, count: document.tokens.count)
        var state = start
        // `state.isOpen`, worked out when a quotation mark or a paragraph break
        // changes the state rather than at each token.
        var open = state.isOpen
        document.tokens.withUnsafeBufferPointer { tokens in
            quoted.withUnsafeMutableBufferPointer { quoted in
                for (i, token) in tokens.enumerated() {
                    if token.gap == .paragraphBreak && i > 0 {
                        state = QuoteState()
                        open = false
                    }
                    if token.kind == .punctuation, let changed = afterQuotationMark(document, i, state) {
                        state = changed
                        open = state.isOpen
                        continue
                    }
                    if open { quoted[i] = true }
                }
            }
        }
        return (quoted, state)
    }

    /// The state after punctuation token `i` when it is a quotation mark that
    /// opens or closes a quote; nil when it is not one.
    private static func afterQuotationMark(_ document: Document, _ i: Int, _ before: QuoteState) -> QuoteState? {
        var state = before
        if document.token(i, is: "\"") {
            state.straight.toggle()
            return state
        }
        // „ opens a German quote, which “ closes; elsewhere “ opens.
        if document.token(i, is: "„") {
            state.lowNine += 1
            return state
        }
        if document.token(i, is: "“") && state.lowNine > 0 {
            state.lowNine -= 1
            return state
        }
        if document.token(i, is: "“") || document.token(i, is: "«") {
            state.double += 1
            return state
        }
        if document.token(i, is: "”") || document.token(i, is: "»") {
            state.double = max(0, state.double - 1)
            return state
        }
        // ‘ opens a single quote; ’ closes one only if open (else it is an apostrophe).
        if document.token(i, is: "‘") { state.single += 1; return state }
        if document.token(i, is: "’") && state.single > 0 { state.single -= 1; return state }
        return nil
    }
}
