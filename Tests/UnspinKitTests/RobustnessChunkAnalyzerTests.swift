import Testing
@testable import UnspinKit

/// Issue 4: `ChunkAnalyzer` gives the findings of the whole input, also where
/// a chunk is cut at a fallback point (a line break, a space, a character
/// boundary) inside a phrase, and its pieces cover the input exactly.
@Suite struct RobustnessChunkAnalyzerTests {
    /// Phrases, contexts on both sides, classes, numbers, sentence starts and
    /// ends, and articles; every entry strong, so that the document-spin gate
    /// (which judges each analysed window on its own) changes nothing.
    static let dictionary = """
        @name chunks
        @confidence 0.9
        @class nationality = afghan, iraqi, us-backed
        @class unit = week, month, year
        for the reason that => since
        level man => point man
        counterfeit consciousness => artificial intelligence
        authorities => government | after: @nationality
        final => last | before: @unit | not-after: the, its
        twelve months => year | after: @number
        informed => told | after: he, she, "the envoy"
        colour => color | after: @start
        finish => end | before: @end
        energy => power | after: returned to, seize
        awesome => great
        big => enormous
        """
    static let unspinner = engine(dictionary)

    static let words = ["lorem", "ipsum", "dolor,", "sit", "amet", "the", "a", "an", "A", "he", "she", "envoy", "afghan",
                        "Iraqi", "authorities", "final", "week", "year", "twelve", "months", "3", "returned", "to", "energy",
                        "seize", "colour", "Colour", "finish", "awesome", "big", "“", "”", "(", "naïve", "日本語", "😀"]
    static let phrases = ["for the reason that", "level man", "counterfeit consciousness", "an awesome", "a big"]

    /// About `count` words and phrases joined by `separators`, without sentence
    /// ends or blank lines, so that every cut is a fallback cut.
    static func text(_ count: Int, separators: [String], seed: UInt64) -> [UInt8] {
        var rng = LCG(state: seed)
        var out = ""
        for _ in 0..<count {
            out += rng.next(8) == 0 ? phrases[rng.next(phrases.count)] : words[rng.next(words.count)]
            out += separators[rng.next(separators.count)]
        }
        return utf8(out)
    }

    /// The pieces of `bytes` cut into chunks of `chunkSize`.
    static func pieces(_ bytes: [UInt8], chunkSize: Int, unspinner: Unspinner = unspinner) throws -> [ChunkAnalyzer.Piece] {
        var reader = ChunkReader(bytes: bytes, chunkSize: chunkSize)
        var pieces: [ChunkAnalyzer.Piece] = []
        try ChunkAnalyzer.forEachPiece(of: &reader, unspinner: unspinner) { pieces.append($0) }
        return pieces
    }

    struct Seen: Equatable, CustomStringConvertible {
        var range: Range<Int>
        var replacement: String?
        var confidence: Double
        var description: String { "\(range) → \(replacement ?? "?") (\(confidence))" }
    }

    /// Checks that the pieces cover `bytes` exactly, their offsets, lines and
    /// columns, and that their findings (moved to input offsets) and word
    /// counts are the whole input's.
    static func expectWholeInputResult(_ bytes: [UInt8], chunkSize: Int, _ label: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pieces = try pieces(bytes, chunkSize: chunkSize)
        let whole = unspinner.analyze(bytes)
        var offset = 0
        var seen: [Seen] = []
        var words = 0
        let index = LineIndex(bytes)
        for piece in pieces {
            #expect(piece.chunk.offset == offset, "\(label): pieces are consecutive", sourceLocation: sourceLocation)
            #expect(piece.chunk.bytes.elementsEqual(bytes[offset..<min(bytes.count, offset + piece.chunk.bytes.count)]),
                    "\(label): piece bytes at \(offset)", sourceLocation: sourceLocation)
            let (line, column) = index.position(of: offset)
            #expect(piece.chunk.firstLine + 1 == line && piece.chunk.firstColumn + 1 == column,
                    "\(label): piece at \(offset) starts at \(piece.chunk.firstLine + 1):\(piece.chunk.firstColumn + 1), not \(line):\(column)",
                    sourceLocation: sourceLocation)
            for finding in piece.analysis.all {
                #expect(finding.range.upperBound <= piece.chunk.bytes.count, "\(label): finding inside its piece", sourceLocation: sourceLocation)
                seen.append(Seen(range: (finding.range.lowerBound + offset)..<(finding.range.upperBound + offset),
                                 replacement: finding.replacement, confidence: finding.confidence))
            }
            words += piece.analysis.words
            offset += piece.chunk.bytes.count
        }
        #expect(offset == bytes.count, "\(label): pieces cover the input", sourceLocation: sourceLocation)
        let expected = whole.all.map { Seen(range: $0.range, replacement: $0.replacement, confidence: $0.confidence) }
        #expect(seen == expected, "\(label): findings differ from the whole input's", sourceLocation: sourceLocation)
        #expect(words == whole.words, "\(label): words", sourceLocation: sourceLocation)
    }

    /// A phrase at every position around the first cut (the first space at or
    /// after the chunk size on one long line).
    @Test(arguments: ["for the reason that", "level man", "an awesome", "the envoy informed", "returned to energy"])
    func phraseAtEveryPositionAroundAFallbackCut(_ phrase: String) throws {
        let chunkSize = 256
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 8)
        for shift in 0..<40 {
            // The phrase starts from 30 bytes before the cut to 9 bytes after it.
            let pad = String(repeating: "w", count: shift + 1) + " "
            let text = pad + filler.prefix(chunkSize - 30 - pad.utf8.count - 1) + " " + phrase + " " + filler + filler
            try Self.expectWholeInputResult(utf8(text), chunkSize: chunkSize, "\(phrase) at shift \(shift)")
        }
    }

    /// A sentence start is found by looking back over opening marks: a long
    /// run of them before "colour" (which needs a sentence start) is not taken
    /// for one where the carried context starts.
    @Test func longRunOfOpeningMarksBeforeAContext() throws {
        let run = String(repeating: "( ", count: 45)
        for shift in stride(from: 0, to: 120, by: 7) {
            let text = String(repeating: "w", count: shift + 1) + " lorem ipsum dolor sit amet " + run + "colour dolor " + run + "colour "
                + String(repeating: "lorem ipsum ", count: 30) + ". " + run + "colour"
            for chunkSize in [64, 200] {
                try Self.expectWholeInputResult(utf8(text), chunkSize: chunkSize, "shift \(shift), chunk \(chunkSize)")
            }
        }
    }

    /// Random text cut at spaces, line breaks, no-break spaces (character
    /// boundaries) and mixtures, at many chunk sizes.
    @Test(arguments: [[" "], [" ", "\n"], ["\n"], ["\u{A0}"], [" ", " ", "\u{A0}", "\t", "\r\n"]])
    func randomTextMatchesTheWholeInput(_ separators: [String]) throws {
        for seed in 1...4 {
            let bytes = Self.text(1500, separators: separators, seed: UInt64(seed))
            for chunkSize in [16, 17, 64, 300, 1000, 4096] {
                try Self.expectWholeInputResult(bytes, chunkSize: chunkSize, "seed \(seed), chunk \(chunkSize), \(separators)")
            }
        }
    }

    /// Text without sentence ends, where a single ignore-next-line (on its own
    /// line), quotations and paragraph breaks the chunk reader does not see
    /// carry over the carried context: the state where the carried context
    /// starts is the state of the text before it.
    @Test func quotesAndDirectivesAcrossCarriedContext() throws {
        var text = ""
        var rng = LCG(state: 7)
        for k in 0..<400 {
            text += ["“we waited for the reason that", "it rained”", "level man", "lorem ipsum", "\"a big\"", "dolor sit",
                     "'for the reason that", "level man'", "`level man", "the boys' level man"][rng.next(10)]
            // A line of only a no-break space is a paragraph break to the tokenizer (which
            // closes quotes) but not a blank line to the chunk reader.
            text += k % 37 == 0 ? "\n# unspin: ignore-next-line\n" : k % 23 == 0 ? "\n\u{A0}\n" : (rng.next(5) == 0 ? "\n" : " ")
        }
        for chunkSize in [16, 50, 200, 1000] {
            try Self.expectWholeInputResult(utf8(text), chunkSize: chunkSize, "chunk \(chunkSize)")
        }
    }

    /// Pieces always cover the input, even in one gigantic word (no token to
    /// put a boundary at): the window is carried up to `maxCarry` and then cut.
    @Test func giganticWordIsCoveredExactly() throws {
        let bytes = Array(repeating: UInt8(ascii: "x"), count: 150_000) + utf8(" level man ") + Array(repeating: UInt8(ascii: "y"), count: 70_000)
        let pieces = try Self.pieces(bytes, chunkSize: 4096)
        #expect(pieces.reduce([]) { $0 + $1.chunk.bytes } == bytes)
        #expect(pieces.count > 1)
        let edits = pieces.flatMap { piece in piece.analysis.edits.map { ($0.range.lowerBound + piece.chunk.offset, $0.replacement) } }
        #expect(edits.map(\.0) == [150_001])
    }
}

extension RobustnessChunkAnalyzerTests {
    /// Which cuts are clean: blank lines and sentence ends; not line breaks, spaces or characters.
    @Test(arguments: [
        ("one two three.\n\nfour five six", true),
        ("one two three.\nfour five six", true),
        ("one two three. four five six", true),
        ("one two three\nfour five six", false),
        ("one two three four five six", false),
        ("onetwothreefourfivesixseven", false),
    ])
    func chunksSayWhetherTheyEndCleanly(_ text: String, _ clean: Bool) throws {
        var reader = ChunkReader(bytes: utf8(text + " " + text), chunkSize: 16)
        let first = try #require(try reader.next())
        #expect(first.endsCleanly == clean, "\(first.bytes.count) bytes: \(String(decoding: first.bytes, as: UTF8.self).debugDescription)")
        var last = first
        while let chunk = try reader.next() { last = chunk }
        #expect(last.endsCleanly, "the end of the input is a clean end")
    }
}
