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
        let quoted = QuotedSpeech.quotedTokens(context.document)
        findings.removeAll { finding in finding.tokens.contains { quoted[$0] } }
    }

    /// Per token, whether it lies inside quotation marks.
    public static func quotedTokens(_ document: Document) -> [Bool] {
        var quoted = Array(repeating: false, count: document.tokens.count)
        var openStraight = false
        var doubleDepth = 0
        var singleDepth = 0
        var lowNineDepth = 0
        for i in document.tokens.indices {
            let token = document.tokens[i]
            if token.gap == .paragraphBreak { openStraight = false; doubleDepth = 0; singleDepth = 0; lowNineDepth = 0 }
            if token.kind == .punctuation {
                if document.token(i, is: "\"") {
                    openStraight.toggle()
                    continue
                }
                // „ opens a German quote, which “ closes; elsewhere “ opens.
                if document.token(i, is: "„") {
                    lowNineDepth += 1
                    continue
                }
                if document.token(i, is: "“") && lowNineDepth > 0 {
                    lowNineDepth -= 1
                    continue
                }
                if document.token(i, is: "“") || document.token(i, is: "«") {
                    doubleDepth += 1
                    continue
                }
                if document.token(i, is: "”") || document.token(i, is: "»") {
                    doubleDepth = max(0, doubleDepth - 1)
                    continue
                }
                // ‘ opens a single quote; ’ closes one only if open (else it is an apostrophe).
                if document.token(i, is: "‘") { singleDepth += 1; continue }
                if document.token(i, is: "’") && singleDepth > 0 { singleDepth -= 1; continue }
            }
            quoted[i] = openStraight || doubleDepth > 0 || singleDepth > 0 || lowNineDepth > 0
        }
        return quoted
    }
}
