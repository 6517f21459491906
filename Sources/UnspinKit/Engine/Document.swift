/// The input being analysed: its bytes, its tokens and what the passes
/// derive from them. Valid only while the caller's bytes are.
public struct Document {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let tokens: [Token]
    /// Words and numbers: counted once, since the context rule, the spin
    /// gate and the analysis each need it.
    public let wordCount: Int
    /// When a context model will read the document, the high 32 bits of each
    /// ASCII token's `KeyHash` (all the model's vocabulary lookup needs of it),
    /// kept by the tokenizer, which computes it for the dictionaries' vocabulary
    /// anyway; 0 for other tokens (and, once in 2³² words, for an ASCII one),
    /// which the model hashes itself. Empty when no model will read it.
    let keyHashes: [UInt32]

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], keyHashes: [UInt32] = []) {
        self.bytes = bytes
        self.tokens = tokens
        self.keyHashes = keyHashes
        wordCount = tokens.reduce(0) { $0 + ($1.isWordLike ? 1 : 0) }
    }

    /// Where the paragraphs start and how many words each has, for the passes
    /// that keep the document's evidence to the paragraphs that show it. Found
    /// at first use: only the context rule (in text with an anomaly) and the
    /// document gate (in text with spinner evidence) read them, and a walk over
    /// the tokens for them cost a dictionary-only run 1.3%.
    var paragraphs: Paragraphs { foundParagraphs.of(tokens) }
    private let foundParagraphs = FoundOnce()

    /// The paragraphs, once found.
    private final class FoundOnce {
        private var found: Paragraphs?

        func of(_ tokens: [Token]) -> Paragraphs {
            if let found { return found }
            let paragraphs = Paragraphs(tokens)
            found = paragraphs
            return paragraphs
        }
    }

    public func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    func text(ofToken i: Int) -> String {
        text(tokens[i].start..<tokens[i].end)
    }

    /// Whether token `i` is exactly the ASCII string `s`.
    func token(_ i: Int, is s: StaticString) -> Bool {
        let t = tokens[i]
        guard t.end - t.start == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount where bytes[t.start + k] != p[k] { return false }
        return true
    }

    /// The length in bytes of the 's or ’s that ends word `i` ("Washington's",
    /// "party’s", also "it's"), or nil.
    @inline(__always)
    func possessiveSuffix(_ i: Int) -> Int? {
        let t = tokens[i]
        // Most words end in another letter: one byte says so.
        guard t.end - t.start >= 3, bytes[t.end - 1] | 0x20 == 0x73, t.kind == .word else { return nil }
        if bytes[t.end - 2] == 0x27 { return 2 }
        if t.end - t.start >= 5, bytes[t.end - 4] == 0xE2, bytes[t.end - 3] == 0x80, bytes[t.end - 2] == 0x99 { return 4 }
        return nil
    }

    /// Whether tokens `range` are part of a dotted name: a full stop glued to
    /// the first or last of them and to a word or number on its other side,
    /// the word after it not capitalised ("Clear power.must_resume" in a kernel
    /// changelog, "energy.gov", "report.final.pdf"). Prose puts a space after a
    /// full stop, so such words are code, file and host names, which are never
    /// spun; a capital after it is a sentence whose space was lost ("said.The").
    func isInDottedName(_ range: Range<Int>) -> Bool {
        let end = range.upperBound, start = range.lowerBound
        func continuesName(_ i: Int) -> Bool {
            tokens[i].isWordLike && !tokens[i].caseFlags.contains(.firstLetterUpper)
        }
        if end + 1 < tokens.count, tokens[end].gap == .none, tokens[end + 1].gap == .none,
           continuesName(end + 1), token(end, is: ".") { return true }
        if start >= 2, tokens[start].gap == .none, tokens[start - 1].gap == .none,
           tokens[start - 2].isWordLike, continuesName(start), token(start - 1, is: ".") { return true }
        return false
    }

    /// Sets `marks` at the parts of hyphenated words ("semi" and "final" in
    /// "semi-final", each word of "state-of-the-art"). The context rule leaves
    /// them alone: its counts read the parts as separate words, so "the
    /// semi-final week" read as an odd "final" and became "semi-last"; a
    /// spinner's hyphenated swaps ("South-Jap Asia") are dictionary entries.
    func markHyphenatedWords(_ marks: inout [Bool]) {
        guard tokens.count >= 3 else { return }
        for i in 1..<tokens.count - 1 where token(i, is: "-") {
            guard tokens[i].gap == .none, tokens[i + 1].gap == .none,
                  tokens[i - 1].kind == .word, tokens[i + 1].kind == .word else { continue }
            marks[i - 1] = true
            marks[i + 1] = true
        }
    }

    func isOpeningMark(_ i: Int) -> Bool {
        token(i, is: "\"") || token(i, is: "(") || token(i, is: "[") || token(i, is: "“") || token(i, is: "‘") || token(i, is: "'")
    }

    func isSentenceEndMark(_ i: Int) -> Bool {
        token(i, is: ".") || token(i, is: "!") || token(i, is: "?") || token(i, is: "…")
    }

    /// Whether token `i` begins a sentence: first of a paragraph, first of a
    /// line when capitalised (headlines, lists; a lower-case word after a line
    /// break is hard-wrapped prose), or after . ! ? (possibly followed by
    /// opening quotes or brackets).
    public func isSentenceStart(_ i: Int) -> Bool {
        var k = i
        if tokens[i].gap == .lineBreak && tokens[i].caseFlags.contains(.firstLetterUpper) { return true }
        while true {
            if k == 0 || tokens[k].gap == .paragraphBreak { return true }
            let p = k - 1
            if tokens[p].kind == .punctuation && isOpeningMark(p) { k = p; continue }
            return isSentenceEndMark(p) || tokens[p].kind == .invalid
        }
    }

    /// Whether tokens `range` are in a line written in title case, a headline:
    /// of the line's other words (small words after its first one aside:
    /// `CasePattern.smallWords`), at least three and at most `titleLineWords`,
    /// and at least four in five of them, start with a capital. The words of
    /// `range` are left out: they are what is being replaced, often in the
    /// spinner's lower case ("Subsequent 12 months").
    func isInTitleCaseLine(_ range: Range<Int>) -> Bool {
        // A headline is short: the walk to the line's ends stops past that many
        // tokens (a long line would make it quadratic in the findings).
        let most = 3 * Document.titleLineWords
        var first = range.lowerBound
        while first > 0 && tokens[first].gap < .lineBreak {
            first -= 1
            if range.upperBound - first > most { return false }
        }
        var end = range.upperBound
        while end < tokens.count && tokens[end].gap < .lineBreak {
            end += 1
            if end - first > most { return false }
        }
        var words = 0, capitalized = 0
        for i in first..<end where !range.contains(i) && tokens[i].kind == .word {
            if i != first && isSmallWord(i) { continue }
            words += 1
            if tokens[i].caseFlags.contains(.firstLetterUpper) { capitalized += 1 }
        }
        return words >= 3 && words <= Document.titleLineWords && 5 * capitalized >= 4 * words
    }

    /// Whether token `i` is one of a title's small words (`CasePattern.smallWords`).
    func isSmallWord(_ i: Int) -> Bool {
        guard tokens[i].kind == .word, tokens[i].end - tokens[i].start <= 4 else { return false }  // the longest small word
        return CasePattern.smallWords.contains(text(ofToken: i).lowercased())
    }

    /// The most words a headline in title case has (`isInTitleCaseLine`).
    static let titleLineWords = 20

    /// Whether the text ends a sentence right before token `j` (or at the end).
    public func isSentenceEnd(before j: Int) -> Bool {
        j >= tokens.count || tokens[j].gap == .paragraphBreak || isSentenceEndMark(j)
    }
}

/// Where a document's paragraphs start, how many words each has, and which
/// paragraph a token is in. Kept as the paragraphs' first tokens and searched,
/// not as a paragraph number for each token: the document gate asks in every
/// spun chunk, and a number per token cost more than the asking.
struct Paragraphs: Sendable {
    /// The first token of each paragraph but the first, in order.
    private let starts: [Int]
    /// The words (`Token.isWordLike`) before each paragraph, and in all.
    private let wordsBefore: [Int]

    init(_ tokens: [Token]) {
        var starts: [Int] = [], wordsBefore = [0]
        var words = 0
        tokens.withUnsafeBufferPointer { t in
            for k in t.indices {
                if t[k].gap == .paragraphBreak && k > 0 {
                    starts.append(k)
                    wordsBefore.append(words)
                }
                words &+= t[k].isWordLike ? 1 : 0
            }
        }
        wordsBefore.append(words)
        self.starts = starts
        self.wordsBefore = wordsBefore
    }

    var count: Int { starts.count + 1 }

    /// The words of paragraph `p`.
    func words(_ p: Int) -> Int { wordsBefore[p + 1] - wordsBefore[p] }

    /// The number of the paragraph `token` is in: how many paragraphs start at or before it.
    func paragraph(of token: Int) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= token { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The paragraphs of a document that hold one of some marked tokens: known
/// spinner phrases, anomalies, strong findings. A document's evidence of
/// spinning is counted over the whole of it, so a page with one spun paragraph
/// reads as spun throughout; the context rule and the document gate keep what
/// that evidence allows them to the paragraphs that show spinning themselves.
struct MarkedParagraphs {
    private let paragraphs: Paragraphs
    private var marked: [Bool]

    init(_ paragraphs: Paragraphs, marks: some Sequence<Int>) {
        self.paragraphs = paragraphs
        marked = [Bool](repeating: false, count: paragraphs.count)
        for k in marks { marked[paragraphs.paragraph(of: k)] = true }
    }

    /// Whether the paragraph of `token` holds a marked token.
    func contains(_ token: Int) -> Bool { marked[paragraphs.paragraph(of: token)] }
}
