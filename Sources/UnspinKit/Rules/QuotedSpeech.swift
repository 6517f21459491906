/// Drops findings inside quotation marks: spinners leave quoted speech alone,
/// so a "substitution" there is almost always the speaker's own word, or a
/// phrase mentioned rather than used (an article about spinners that warns
/// against 'for the reason that'). Straight double quotes toggle; curly and
/// angle quotes open and close; a straight single quote opens before a word
/// it is attached to when it follows a space (not an apostrophe: "the
/// Taliban's", "'90s") and closes after a word it is attached to when one is
/// open, or after `straightSingleReach` tokens (an apostrophe taken for an
/// opening quote, "d 'achever", hides no more than that); backticks (Markdown
/// code spans) toggle, and a straight single quote also closes one (LaTeX
/// `quotes'); a paragraph break ends any open quote.
/// A finding that is exactly the content of an emphasis span (Markdown
/// `*…*`, `_…_`, `**…**`; HTML `<em>`, `<i>`) is dropped too: a word or phrase
/// set apart on its own is mentioned ("avoid *for the reason that*") or
/// stressed by its author, and a spinner's swap is almost never exactly
/// what the original emphasised. Emphasis around more than the finding
/// (an italic paragraph) does not count.
/// `--include-quoted` turns this off.
public struct QuotedSpeech: Pass {
    public static let id = "quoted-speech"
    public static let summary = "Drops findings inside quotation marks, where spinners do not rewrite, and phrases emphasised on their own; off with --include-quoted."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nstated => said", input: "He stated it. “We stated it,” he stated.",
                    output: "He said it. “We stated it,” he said."),
        PassExample(dictionary: "@name ex\nstated => said", input: "\"We stated it\"", output: "\"We said it\"", includeQuoted: true),
        // Mentioned, not used: straight single quotes and code spans; apostrophes are not quotes.
        PassExample(dictionary: "@name ex\nstated => said", input: "Avoid 'stated' and `stated`; the boys' coach stated it.",
                    output: "Avoid 'stated' and `stated`; the boys' coach said it."),
        PassExample(dictionary: "@name ex\nstated => said", input: "The Taliban's envoy stated it in the '90s.",
                    output: "The Taliban's envoy said it in the '90s."),
        // Emphasis that sets the phrase apart is a mention; emphasis around more is not.
        PassExample(dictionary: "@name ex\nstated => said", input: "Avoid *stated*, __stated__ and <em>stated</em>; he stated it.",
                    output: "Avoid *stated*, __stated__ and <em>stated</em>; he said it."),
        PassExample(dictionary: "@name ex\nstated => said", input: "*He stated it.* She **stated* it.",
                    output: "*He said it.* She **said* it."),
        PassExample(dictionary: "@name ex\nstated => said", input: "Avoid *stated*.", output: "Avoid *said*.", includeQuoted: true),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        guard !context.options.includeQuoted, !findings.isEmpty else { return }
        let quoted = context.quotedTokens.quoted
        let document = context.document
        findings.removeAll { finding in
            finding.tokens.contains { quoted[$0] } || QuotedSpeech.isEmphasised(finding.tokens, in: document)
        }
    }

    /// Whether tokens `span` are exactly the content of an emphasis span: the
    /// same run of 1–3 `*` or `_` right before and right after them, not
    /// inside a word (Markdown's flanking rules), or `<em>`/`<i>` and its
    /// closing tag.
    static func isEmphasised(_ span: Range<Int>, in document: Document) -> Bool {
        guard !span.isEmpty else { return false }
        let bytes = document.bytes
        let start = document.tokens[span.lowerBound].start, end = document.tokens[span.upperBound - 1].end
        guard start > 0, end < bytes.count else { return false }
        // Markdown's flanking rules: a delimiter run touching a letter or digit on its outer side is inside a word.
        func isWordByte(_ b: UInt8) -> Bool { b >= 0x80 || Tokenizer.isASCIIAlnum(b) }
        // Whether `tag` (ASCII, lower case) is written at byte `i`, in any case.
        func has(_ tag: StaticString, at i: Int) -> Bool {
            let n = tag.utf8CodeUnitCount
            guard i >= 0, i + n <= bytes.count else { return false }
            return (0..<n).allSatisfy { KeyHash.lowercased(bytes[i + $0]) == tag.utf8Start[$0] }
        }
        if (has("<em>", at: start - 4) && has("</em>", at: end)) || (has("<i>", at: start - 3) && has("</i>", at: end)) {
            return true
        }
        let mark = bytes[start - 1]
        guard mark == UInt8(ascii: "*") || mark == UInt8(ascii: "_") else { return false }
        var open = 0
        while open < start && bytes[start - 1 - open] == mark { open += 1 }
        var close = 0
        while end + close < bytes.count && bytes[end + close] == mark { close += 1 }
        guard open == close, open <= 3 else { return false }
        let before = start - 1 - open, after = end + close
        return (before < 0 || !isWordByte(bytes[before])) && (after >= bytes.count || !isWordByte(bytes[after]))
    }

    /// Open quotation marks, carried from one piece of a document to the next.
    public struct QuoteState: Sendable, Equatable {
        var straight = false
        var double = 0
        var single = 0
        var lowNine = 0
        /// Tokens a straight single quote still covers (0: none open).
        var straightSingle: UInt8 = 0
        /// A straight single quote after a space was the last token: it opens
        /// a quote if the next token is a word attached to it. Decided at that
        /// token, so that the state at any token depends on the text before it
        /// only (pieces of a large input start from the state the text before
        /// them ends in).
        var pendingSingle = false
        var backtick = false
        public init() {}
        var isOpen: Bool { straight || double > 0 || single > 0 || lowNine > 0 || straightSingle > 0 || backtick }
    }

    /// Tokens after an opening straight single quote that count as quoted when
    /// no closing one comes: a mentioned phrase is short.
    static let straightSingleReach: UInt8 = 12

    /// Per token, whether it lies inside quotation marks, and the quotes still
    /// open at the end. A paragraph break closes every quote, except at the very
    /// first token, which continues `start`.
    public static func quotedTokens(_ document: Document, from start: QuoteState = QuoteState()) -> (quoted: [Bool], end: QuoteState) {
        var quoted = Array(repeating: false, count: document.tokens.count)
        var state = start
        // `state.isOpen`, and whether a straight single quote is pending or
        // counting down, worked out when the state changes rather than at each token.
        var open = state.isOpen
        var single = state.pendingSingle || state.straightSingle > 0
        let bytes = document.bytes
        document.tokens.withUnsafeBufferPointer { tokens in
            quoted.withUnsafeMutableBufferPointer { quoted in
                for (i, token) in tokens.enumerated() {
                    if token.gap == .paragraphBreak && i > 0 {
                        state = QuoteState()
                        open = false
                        single = false
                    }
                    if single && state.pendingSingle {
                        state.pendingSingle = false
                        if token.gap == .none && token.kind == .word { state.straightSingle = QuotedSpeech.straightSingleReach }
                        open = state.isOpen
                        single = state.straightSingle > 0
                    }
                    if token.kind == .punctuation, mayBeQuotationMark(bytes[token.start]),
                       let changed = afterQuotationMark(document, i, state) {
                        state = changed
                        open = state.isOpen
                        single = state.pendingSingle || state.straightSingle > 0
                        continue
                    }
                    if open { quoted[i] = true }
                    if single {
                        state.straightSingle -= 1
                        open = state.isOpen
                        single = state.straightSingle > 0
                    }
                }
            }
        }
        return (quoted, state)
    }

    /// Whether a punctuation token starting with `byte` may be a quotation
    /// mark: most punctuation is not, and its first byte says so. The marks
    /// are " ' ` (ASCII), « » (C2 AB, C2 BB) and “ ” „ ‘ ’ (E2 80 xx).
    @inline(__always)
    private static func mayBeQuotationMark(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x27 || byte == 0x60 || byte == 0xC2 || byte == 0xE2
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
        if document.token(i, is: "`") {
            state.backtick.toggle()
            return state
        }
        if document.token(i, is: "'") {
            // The tokenizer keeps an apostrophe between letters in its word
            // ("Taliban's"): a lone one is a quote or an apostrophe at a word's edge.
            let tokens = document.tokens
            let attachedBefore = i > 0 && tokens[i].gap == .none
                && (tokens[i - 1].isWordLike || document.token(i - 1, is: ".") || document.token(i - 1, is: "?")
                    || document.token(i - 1, is: "!") || document.token(i - 1, is: ","))
            if (state.straightSingle > 0 || state.backtick) && attachedBefore {
                if state.straightSingle > 0 { state.straightSingle = 0 } else { state.backtick = false }
                return state
            }
            if state.straightSingle == 0 && (i == 0 || tokens[i].gap != .none) {
                state.pendingSingle = true  // opens if a word follows, attached
                return state
            }
        }
        return nil
    }
}
