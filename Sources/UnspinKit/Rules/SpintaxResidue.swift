#if canImport(Glibc)
import Glibc
#endif

/// Flags spintax a spinner left in its output and restores the word it protects.
///
/// Spinners work from "spintax": `{quick|fast|rapid}` lists the alternatives
/// for a word, and `{hardware}` marks a word that must not be spun. A
/// misconfigured spinner or a careless operator publishes the markup itself,
/// which no clean prose contains:
/// - `{a|b|c}` in a sentence: an unexpanded choice. Fixed to the first
///   alternative, which spintax tools list first because it is the word they
///   started from; the others are named in the explanation. Confidence 0.9
///   (certain evidence of spinning) when the context model's channel links
///   two of the alternatives as synonyms (on the word of two thesauri or the
///   curated list); otherwise 0.3, like a protected
///   word: technical text writes choices the same way (`{dma|pio|xfer}`,
///   `ALTER {ROLE|DATABASE}`), and only a spun-looking document gets them fixed.
/// - `{word}`: a protected word with its braces left on. Fixed to the word.
///   Confidence 0.3: templates and docs write placeholders the same way
///   ("replace {version} with…"), and hypertext cross-references too (the
///   Jargon File's "see {cruft}"), so the braces are removed only when other
///   findings show that the document was spun (`DocumentSpinGate`, which
///   lifts 0.3 over the default threshold only with near-full evidence). At
///   0.5, `--threshold 0.5` removed 469 such braces from the Jargon File's
///   196,487 words, none of them spintax.
/// Braces in code-like lines (with `=`, `$`, `\`, `<`, `>`, backquotes,
/// `[`, `]`, `#`, `;` or `--`), glued to the word before them (`\emph{x}`,
/// `f{x}`), holding anything but words, or in lines of fewer than three other
/// words are left alone.
public struct SpintaxResidue: Pass {
    public static let id = "spintax"
    public static let summary = "Flags spintax left in spun text ({fast|quick|rapid}, {protected}) and restores the word it stands for."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex", input: "The company released a {new|fresh|novel} phone on Monday.",
                    output: "The company released a new phone on Monday.", usesContextModel: true),
        PassExample(dictionary: "@name ex", input: "It was a {big|large|huge} step for the firm, analysts said.",
                    output: "It was a big step for the firm, analysts said.", usesContextModel: true),
        // Alternatives that are not synonyms: a technical choice, not a spinner's.
        PassExample(dictionary: "@name ex", input: "Fix the transfer mode {dma|pio|xfer} in the driver.",
                    output: "Fix the transfer mode {dma|pio|xfer} in the driver.", usesContextModel: true),
        // Linked by one thesaurus only (Moby's loose "forward, reverse"): a choice of direction.
        PassExample(dictionary: "@name ex", input: "Set the direction {forward|reverse} for targets that support it.",
                    output: "Set the direction {forward|reverse} for targets that support it.", usesContextModel: true),
        // A protected word alone is weak evidence: a placeholder reads the same.
        PassExample(dictionary: "@name ex", input: "Replace {version} with the release you want.",
                    output: "Replace {version} with the release you want."),
        // With spinner phrases around it, the braces go.
        PassExample(dictionary: "@name ex\nfor the reason that => since\ngot here => came",
                    input: "The {hardware} got here late for the reason that the port was shut.",
                    output: "The hardware came late since the port was shut."),
        // Code, templates and markup keep their braces.
        PassExample(dictionary: "@name ex", input: "Set name = {first|last} in the config file.",
                    output: "Set name = {first|last} in the config file."),
        PassExample(dictionary: "@name ex", input: "Use \\emph{this} word in the heading of the page.",
                    output: "Use \\emph{this} word in the heading of the page."),
        PassExample(dictionary: "@name ex", input: "Run it with --color {always|never} to force colour.",
                    output: "Run it with --color {always|never} to force colour."),
    ]

    /// Confidence of an unexpanded choice (`{a|b}`).
    static let choiceConfidence = 0.9
    /// Confidence of a protected word (`{a}`): applied only in documents shown to be spun.
    static let protectedConfidence = 0.3
    /// At most this many words in one alternative, and this many alternatives.
    static let maximumAlternativeWords = 4
    static let maximumAlternatives = 8

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        let document = context.document
        let bytes = document.bytes
        // Most documents have no brace at all: one memchr settles them.
        guard let base = bytes.baseAddress, !bytes.isEmpty, memchr(base, Int32(UInt8(ascii: "{")), bytes.count) != nil else { return }
        let tokens = document.tokens
        // First every group that has the shape of spintax, then the prose test
        // on the words around them (a sentence may hold several groups).
        var groups: [Group] = []
        var i = 0
        while i < tokens.count {
            if document.token(i, is: "{"), let group = SpintaxResidue.group(document, openingAt: i) {
                groups.append(group)
                i = group.tokens.upperBound
            } else {
                i += 1
            }
        }
        let found = groups.filter { SpintaxResidue.isProse(document, around: $0.tokens, groups: groups) }
            .compactMap { SpintaxResidue.finding(document, $0, model: context.model) }
        guard !found.isEmpty else { return }
        // The markup is the finding: what earlier passes matched inside it goes.
        findings.removeAll { f in found.contains { $0.range.overlaps(f.range) } }
        findings.append(contentsOf: found)
        findings.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Braces holding one or more alternatives of words, separated by `|`.
    struct Group {
        var tokens: Range<Int>
        var alternatives: [Range<Int>]
    }

    /// The group opening at token `open` (a `{`), if it has the shape of spintax.
    static func group(_ document: Document, openingAt open: Int) -> Group? {
        let tokens = document.tokens
        // Glued to a word before it: a command or an identifier (\emph{x}, f{x}).
        if open > 0, tokens[open].gap == .none, tokens[open - 1].kind != .punctuation || !document.isOpeningMark(open - 1) {
            return nil
        }
        var alternatives: [Range<Int>] = []
        var start = open + 1
        var close: Int?
        var k = open + 1
        let limit = min(tokens.count, open + 2 + maximumAlternatives * (maximumAlternativeWords + 1))
        while k < limit {
            let token = tokens[k]
            if token.gap >= .lineBreak { return nil }
            if token.kind == .punctuation {
                let isBar = document.token(k, is: "|"), isClose = document.token(k, is: "}")
                guard isBar || isClose, k > start, k - start <= maximumAlternativeWords else { return nil }
                alternatives.append(start..<k)
                start = k + 1
                if isClose { close = k; break }
            } else if token.kind != .word && token.kind != .number {
                return nil
            }
            k += 1
        }
        guard let close, alternatives.count <= maximumAlternatives else { return nil }
        // "{0}": a format placeholder, not a protected word.
        if alternatives.count == 1, alternatives[0].contains(where: { tokens[$0].kind != .word }) { return nil }
        // "{III}", "{ROLE|DATABASE}": OCR'd brackets, acronyms and syntax, not words a spinner swaps.
        for alternative in alternatives where !alternative.contains(where: { tokens[$0].caseFlags.contains(.hasLower) }) {
            return nil
        }
        // Glued to what follows, other than closing punctuation: markup.
        if close + 1 < tokens.count, tokens[close + 1].gap == .none {
            guard tokens[close + 1].kind == .punctuation, !document.token(close + 1, is: "{") else { return nil }
        }
        return Group(tokens: open..<close + 1, alternatives: alternatives)
    }

    /// The finding for a group; nil for a single alternative that is not
    /// English to the model ("{disp32}": an identifier, not a protected word).
    static func finding(_ document: Document, _ group: Group, model: ContextModel?) -> Finding? {
        let tokens = document.tokens
        let text = { (r: Range<Int>) in document.text(tokens[r.lowerBound].start..<tokens[r.upperBound - 1].end) }
        let range = tokens[group.tokens.lowerBound].start..<tokens[group.tokens.upperBound - 1].end
        let first = text(group.alternatives[0])
        let explanation: String
        let confidence: Double
        if group.alternatives.count > 1 {
            let others = group.alternatives.dropFirst().map { "'\(text($0))'" }.joined(separator: ", ")
            let words = group.alternatives.filter { $0.count == 1 }.map(text)
            if let model, linksSynonyms(words, model) {
                explanation = "unexpanded spintax: a spinner's list of synonyms left in the text; the first, '\(first)', is the word it started from (others: \(others))"
                confidence = choiceConfidence
            } else {
                explanation = "braces listing alternatives, as in unexpanded spintax ('\(first)', then \(others)); no two are synonyms in the thesauri, so only a spun-looking document gets the first"
                confidence = protectedConfidence
            }
        } else {
            if let model, group.alternatives[0].contains(where: { k in
                model.contextId(model.id(of: document.text(ofToken: k))) == ContextModel.unknown
            }) {
                return nil
            }
            explanation = "spintax braces around '\(first)': a spinner protects a word from spinning this way"
            confidence = protectedConfidence
        }
        return Finding(range: range, found: document.text(range), replacement: first, rule: id, source: nil,
                       confidence: confidence, explanation: explanation, tokens: group.tokens)
    }

    /// Whether the channel lists one of `words` as a synonym a spinner may
    /// have put for another (either way round), on the word of two thesauri
    /// or the curated list: Moby alone links words a technical choice sets
    /// side by side ("set execution-direction {forward|reverse}" in GDB's
    /// NEWS), and spinners' alternatives are synonyms every thesaurus knows.
    static func linksSynonyms(_ words: [String], _ model: ContextModel) -> Bool {
        let ids = words.map { model.id(of: $0) }.filter { $0 != ContextModel.unknown }
        for a in ids {
            for b in ids where a != b && model.candidates(of: a).contains(where: {
                $0.id == b && ($0.sources.thesauri >= 2 || $0.sources.contains(.curated))
            }) { return true }
        }
        return false
    }

    /// Whether the line holding `span` reads as prose: at least three words
    /// outside the groups, none of the marks code, templates and markup are
    /// made of, and a sentence that ends (. ! ?) before the paragraph does;
    /// usage lines and templates do not ("cmd {start|stop}").
    static func isProse(_ document: Document, around span: Range<Int>, groups: [Group]) -> Bool {
        let tokens = document.tokens
        var first = span.lowerBound
        while first > 0, tokens[first].gap < .lineBreak { first -= 1 }
        var end = span.upperBound
        while end < tokens.count, tokens[end].gap < .lineBreak { end += 1 }
        var words = 0
        var k = first
        while k < end {
            defer { k += 1 }
            // `span` is one of `groups`: the words of every group are left out.
            if groups.contains(where: { $0.tokens.contains(k) }) { continue }
            let token = tokens[k]
            if token.kind == .word { words += 1; continue }
            guard token.kind == .punctuation, token.end - token.start == 1 else { continue }
            switch document.bytes[token.start] {
            case UInt8(ascii: "="), UInt8(ascii: "$"), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "#"), UInt8(ascii: ";"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"):
                return false
            case UInt8(ascii: "-"):
                if k + 1 < end, tokens[k + 1].gap == .none, document.token(k + 1, is: "-") { return false }
            default: break
            }
        }
        guard words >= 3 else { return false }
        var after = span.upperBound
        while after < tokens.count, tokens[after].gap != .paragraphBreak {
            if document.isSentenceEndMark(after) { return true }
            after += 1
        }
        return false
    }
}
