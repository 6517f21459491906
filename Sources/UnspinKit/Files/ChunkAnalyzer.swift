/// Analyses an input chunk by chunk, as `ChunkReader` cuts it, and returns
/// pieces — consecutive byte ranges that together cover the input exactly —
/// each with the findings that start in it.
///
/// A chunk that ends cleanly (a blank line, a sentence end, the end of the
/// input) is one piece. A chunk that ends at a fallback cut (a line break, a
/// space or a character boundary inside a long run of text) may end inside a
/// phrase, so its last words are not trusted: the piece ends at a boundary
/// `margin` tokens before the cut, where no dictionary phrase crosses, and
/// those tokens, with `margin` tokens of context before the boundary, are
/// analysed again at the start of the next chunk. A phrase across the cut is
/// then analysed whole, and each finding is emitted once: by the piece it
/// starts in. The margin covers the longest phrase and the longest context
/// condition on both sides, so the findings are those of the whole input.
///
/// Only what carries across pieces stays approximate, as it is at any cut:
/// the document-spin gate judges each analysed window on its own, and an
/// `unspin: ignore-line` on a line longer than a chunk covers only its own
/// window. A boundary needs `2 × margin` tokens; a run without them (one
/// gigantic word) is carried whole, up to `maxCarry` bytes, and then emitted
/// as it was cut.
///
/// `forEachPiece` drives it over a `ChunkReader`, analysing chunks that start
/// a window of their own ahead on other threads when asked to.
public struct ChunkAnalyzer {
    /// One analysed piece: its bytes and position in the input, and findings
    /// with ranges relative to `chunk.bytes`.
    public struct Piece {
        public var chunk: ChunkReader.Chunk
        public var analysis: Analysis
    }

    public let unspinner: Unspinner
    /// Tokens of context kept on each side of a boundary.
    public let margin: Int
    /// Carried bytes beyond which a window is emitted without a boundary.
    public let maxCarry: Int

    /// The state at the start of the next chunk, when nothing is carried.
    private var state = Unspinner.State()
    /// Bytes of the last window from `carryStart` (an offset in the input) on,
    /// analysed again before the next chunk; empty when nothing is carried.
    private var carry: [UInt8] = []
    private var carryStart = 0
    /// The state at `carryStart`.
    private var carryState = Unspinner.State()
    /// Where the next piece starts in the input, its line and column, and the
    /// words of the carry before it.
    private var pieceStart = 0
    private var pieceLine = 0
    private var pieceColumn = 0
    private var wordsBeforePiece = 0
    private var carrying = false

    public init(unspinner: Unspinner, chunkSize: Int = 1 << 20) {
        self.unspinner = unspinner
        self.margin = unspinner.chunkMargin
        self.maxCarry = max(4 * chunkSize, 1 << 16)
    }

    /// The state `add` analyses `chunk` from when nothing is carried into it:
    /// the end state of the chunks added so far, with quotes closed at a
    /// paragraph start. A prediction for a chunk read ahead.
    public func ownStart(of chunk: ChunkReader.Chunk) -> Unspinner.State {
        var start = state
        // Quotes never stay open across a paragraph break.
        if chunk.startsParagraph { start.quotes = .init() }
        return start
    }

    /// Whether `add(chunk)` analyses `chunk.bytes` alone from `start`: nothing
    /// is carried into it, and `start` is the state it starts from. Then
    /// `unspinner.analyze(chunk.bytes, continuing: start)` is the analysis
    /// `add` makes, and can be made ahead (`add(_:analysedAhead:)`).
    public func analysesAlone(_ chunk: ChunkReader.Chunk, from start: Unspinner.State) -> Bool {
        !carrying && ownStart(of: chunk) == start
    }

    /// Analyses the next chunk; returns the piece that is complete, if any.
    /// `analysedAhead`, when given, is `unspinner.analyze(chunk.bytes,
    /// continuing: start)` for a `start` that `analysesAlone(chunk, from:)`
    /// accepted, and stands for that analysis.
    public mutating func add(_ chunk: ChunkReader.Chunk, analysedAhead: Analysis? = nil) -> Piece? {
        let windowStart: Int
        let window: [UInt8]
        let windowState: Unspinner.State
        let ahead: Analysis?
        if carrying {
            precondition(analysedAhead == nil, "a chunk with carried bytes before it is not analysed alone")
            windowStart = carryStart
            window = carry + chunk.bytes
            windowState = carryState
            ahead = nil
        } else {
            windowStart = chunk.offset
            window = chunk.bytes
            windowState = ownStart(of: chunk)
            ahead = analysedAhead
            pieceStart = chunk.offset
            pieceLine = chunk.firstLine
            pieceColumn = chunk.firstColumn
            wordsBeforePiece = 0
        }
        carry = []
        carrying = false
        let from = pieceStart - windowStart
        if !chunk.endsCleanly, window.count - from <= maxCarry, boundary(window, findings: [], after: from) == nil {
            // Too few tokens for a boundary: analyse the whole window again with the next chunk.
            carry = window
            carryStart = windowStart
            carryState = windowState
            carrying = true
            return nil
        }
        let analysis = ahead ?? unspinner.analyze(window, continuing: windowState)
        if chunk.endsCleanly {
            state = analysis.endState
            return piece(window, analysis, from: from, to: window.count, wordsAfter: 0, startsParagraph: chunk.startsParagraph && from == 0)
        }
        if let boundary = boundary(window, findings: analysis.all.map(\.range), after: from) {
            let result = piece(window, analysis, from: from, to: boundary.offset, wordsAfter: boundary.wordsAfter,
                               startsParagraph: chunk.startsParagraph && from == 0)
            // The state where the carried context starts: the end state of the text before it,
            // with quotes closed if a paragraph break comes before its first token (the analysis
            // does not close them at a first token, which continues the state it is given).
            carryState = window.withUnsafeBufferPointer {
                unspinner.analyze(UnsafeBufferPointer(rebasing: $0[..<boundary.contextStart]), continuing: windowState).endState
            }
            if boundary.contextAfterParagraphBreak { carryState.quotes = .init() }
            carry = Array(window[boundary.contextStart...])
            carryStart = windowStart + boundary.contextStart
            (pieceLine, pieceColumn) = ChunkReader.position(after: window[from..<boundary.offset], line: pieceLine, column: pieceColumn,
                                                            atInputStart: pieceStart == 0)
            pieceStart = windowStart + boundary.offset
            wordsBeforePiece = boundary.contextWords
            carrying = true
            return result
        }
        if window.count - from <= maxCarry {
            // Findings cross every possible boundary: try again with the next chunk.
            carry = window
            carryStart = windowStart
            carryState = windowState
            carrying = true
            return nil
        }
        state = analysis.endState
        return piece(window, analysis, from: from, to: window.count, wordsAfter: 0, startsParagraph: chunk.startsParagraph && from == 0)
    }

    /// The carried rest after the last chunk (when the input ended right at a fallback cut).
    public mutating func finish() -> Piece? {
        guard carrying else { return nil }
        let window = carry
        let analysis = unspinner.analyze(window, continuing: carryState)
        carry = []
        carrying = false
        state = analysis.endState
        return piece(window, analysis, from: pieceStart - carryStart, to: window.count, wordsAfter: 0, startsParagraph: false)
    }

    /// The piece `window[from..<to]` with the findings that start in it.
    private func piece(_ window: [UInt8], _ analysis: Analysis, from: Int, to: Int, wordsAfter: Int, startsParagraph: Bool) -> Piece {
        var result = analysis
        result.all = analysis.all.compactMap { finding in
            guard finding.range.lowerBound >= from, finding.range.lowerBound < to, finding.range.upperBound <= to else { return nil }
            var moved = finding
            moved.range = (finding.range.lowerBound - from)..<(finding.range.upperBound - from)
            return moved
        }
        result.words = analysis.words - wordsBeforePiece - wordsAfter
        let chunk = ChunkReader.Chunk(bytes: Array(window[from..<to]), offset: pieceStart, firstLine: pieceLine,
                                      firstColumn: pieceColumn, startsParagraph: startsParagraph, endsCleanly: to == window.count)
        return Piece(chunk: chunk, analysis: result)
    }

    struct Boundary {
        /// Where the piece ends (a token start), in the window.
        var offset: Int
        /// Where the context analysed again with the next chunk starts: a token
        /// after white space, `margin` tokens before `offset`.
        var contextStart: Int
        /// Words from `contextStart` to `offset`, and from `offset` to the end.
        var contextWords: Int
        var wordsAfter: Int
        /// Whether a paragraph break separates `contextStart` from the token before it.
        var contextAfterParagraphBreak: Bool
    }

    /// The latest boundary after `from` with `margin` tokens on each side
    /// that no phrase (of any entry, whatever its context) and none of
    /// `findings` crosses.
    func boundary(_ window: [UInt8], findings: [Range<Int>], after from: Int) -> Boundary? {
        let table = unspinner.table
        var suffix = 1 << 13
        while true {
            // Tokenize from a byte after white space: a token starting there is
            // the token the whole window has there, and so is every one after it.
            var start = max(0, window.count - suffix)
            if start > 0 {
                while start < window.count, !ChunkAnalyzer.isSpace(window[start - 1]) || ChunkAnalyzer.isSpace(window[start]) { start += 1 }
            }
            let tokens = window.withUnsafeBufferPointer { bytes in
                var keyer = WordKeyer()
                let all = Tokenizer.tokenize(UnsafeBufferPointer(rebasing: bytes[start...]), vocabulary: table.vocabulary, keyer: &keyer,
                                             isWord: unspinner.isWord)
                return all.map { token in
                    var moved = token
                    moved.start += start
                    moved.end += start
                    return moved
                }
            }
            // Findings that reach into the suffix (the others cannot cross a boundary in it).
            let nearEnd = findings.filter { $0.upperBound > start }
            if let found = boundary(in: tokens, window, nearEnd, after: from, suffixIsWindow: start == 0) { return found }
            if start == 0 || suffix >= window.count { return nil }
            suffix *= 4
        }
    }

    private func boundary(in tokens: [Token], _ window: [UInt8], _ findings: [Range<Int>], after from: Int,
                          suffixIsWindow: Bool) -> Boundary? {
        var b = tokens.count - margin
        while b >= margin {
            let offset = tokens[b].start
            guard offset > from else { return nil }
            if crossable(tokens, b, window) || findings.contains(where: { $0.lowerBound < offset && $0.upperBound > offset }) {
                b -= 1
                continue
            }
            // The context starts at a token after white space, where tokenizing
            // afresh gives the same tokens, and not at punctuation: a sentence
            // start is found by looking back over opening marks, and an analysis
            // takes its first token for one. The first token of a suffix does not
            // say what separates it from the token before (its gap is always a
            // paragraph break): it serves only when the suffix is the whole window.
            // Nor inside a directive: its line is read whole ("unspin:" in the text
            // before the context and "ignore-next-line" in it would be no directive),
            // so the context starts before such a line.
            var c = b - margin
            while c > 0 {
                if tokens[c].gap == .none || tokens[c].kind == .punctuation {
                    c -= 1
                } else if let line = ChunkAnalyzer.directiveLine(before: tokens[c].start, in: window) {
                    while c > 0, tokens[c].start >= line { c -= 1 }
                } else {
                    break
                }
            }
            if c == 0 && !suffixIsWindow { return nil }
            let contextWords = tokens[c..<b].reduce(0) { $0 + ($1.isWordLike ? 1 : 0) }
            let wordsAfter = tokens[b...].reduce(0) { $0 + ($1.isWordLike ? 1 : 0) }
            return Boundary(offset: offset, contextStart: tokens[c].start, contextWords: contextWords, wordsAfter: wordsAfter,
                            contextAfterParagraphBreak: c > 0 && tokens[c].gap == .paragraphBreak)
        }
        return nil
    }

    /// Whether a phrase could cross the boundary before token `b`: a spun phrase
    /// that starts before it and ends after it, or one that starts at it right
    /// after "a"/"an" (whose article fix would start before it).
    private func crossable(_ tokens: [Token], _ b: Int, _ window: [UInt8]) -> Bool {
        let table = unspinner.table
        for q in max(0, b - table.longestPhrase)...b {
            guard table.startsPhrase(tokens[q].id) else { continue }
            var crosses = false
            table.forEachMatch(in: tokens, at: q, allowed: { _ in true }) { end, _ in
                crosses = q < b ? end > b : ChunkAnalyzer.isArticle(tokens[b - 1], window)
                return true
            }
            if crosses { return true }
        }
        return false
    }

    static func isArticle(_ token: Token, _ window: [UInt8]) -> Bool {
        let length = token.end - token.start
        guard token.kind == .word, length == 1 || length == 2 else { return false }
        let first = window[token.start] | 0x20
        return first == 0x61 && (length == 1 || window[token.start + 1] | 0x20 == 0x6E)
    }

    /// Where the line `offset` is on starts, when that line has an inline
    /// directive's marker before `offset` (`InlineDirectives.containsMarker`).
    static func directiveLine(before offset: Int, in window: [UInt8]) -> Int? {
        let lineStart = window[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let marked = window[lineStart..<offset].withUnsafeBufferPointer { InlineDirectives.containsMarker($0) }
        return marked ? lineStart : nil
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
