import Testing
@testable import UnspinKit

/// `ChunkAnalyzer.forEachPiece` with several threads analyses chunks ahead
/// from a predicted start state; its pieces must be those of one thread, also
/// where the prediction is wrong: a `disable` region, an `ignore-next-line`
/// or a quotation that crosses a chunk boundary.
@Suite struct ChunkAnalyzerAheadTests {
    static let unspinner = RobustnessChunkAnalyzerTests.unspinner

    /// Words, phrases, sentence ends (clean cuts inside a paragraph, where quotes
    /// stay open), blank lines, directives and quotation marks, at random.
    static func text(_ count: Int, seed: UInt64, directives: Bool = true, quotes: Bool = true) -> [UInt8] {
        let words = RobustnessChunkAnalyzerTests.words, phrases = RobustnessChunkAnalyzerTests.phrases
        var rng = LCG(state: seed)
        var out = ""
        for _ in 0..<count {
            if quotes, rng.next(25) == 0 { out += ["“", "\"", "„", "‘", "'", "`"][rng.next(6)] }
            out += rng.next(6) == 0 ? phrases[rng.next(phrases.count)] : words[rng.next(words.count)]
            if quotes, rng.next(30) == 0 { out += ["”", "\"", "“", "’", "'", "`"][rng.next(6)] }
            switch rng.next(100) {
            case 0..<8: out += ". "
            case 8..<12: out += ".\n"
            case 12..<14: out += ".\n\n"
            case 14..<16: out += "\n"
            case 16 where directives: out += "\n# unspin: disable\n"
            case 17 where directives: out += "\n<!-- unspin: enable -->\n"
            case 18 where directives: out += ".\n# unspin: ignore-next-line\n"
            case 19 where directives: out += " unspin: ignore-line\n"
            default: out += " "
            }
        }
        return utf8(out)
    }

    struct Seen: Equatable {
        var bytes: [UInt8]
        var offset, line, column: Int
        var startsParagraph, endsCleanly: Bool
        var findings: [Finding]
        var words: Int
        var endState: Unspinner.State

        init(_ piece: ChunkAnalyzer.Piece) {
            bytes = piece.chunk.bytes
            offset = piece.chunk.offset
            line = piece.chunk.firstLine
            column = piece.chunk.firstColumn
            startsParagraph = piece.chunk.startsParagraph
            endsCleanly = piece.chunk.endsCleanly
            findings = piece.analysis.all
            words = piece.analysis.words
            endState = piece.analysis.endState
        }
    }

    static func pieces(_ bytes: [UInt8], chunkSize: Int, threads: Int, unspinner: Unspinner = unspinner) throws
        -> (pieces: [Seen], counts: ChunkAnalyzer.AheadCounts) {
        var reader = ChunkReader(bytes: bytes, chunkSize: chunkSize)
        var seen: [Seen] = []
        let counts = try ChunkAnalyzer.forEachPiece(of: &reader, unspinner: unspinner, threads: threads) { seen.append(Seen($0)) }
        return (seen, counts)
    }

    /// The pieces of `threads` threads are those of one, and nothing is analysed ahead with one.
    @discardableResult
    static func expectSameAsOneThread(_ bytes: [UInt8], chunkSize: Int, threads: [Int] = [2, 3, 5], unspinner: Unspinner = unspinner,
                                      _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ChunkAnalyzer.AheadCounts {
        let (one, none) = try pieces(bytes, chunkSize: chunkSize, threads: 1, unspinner: unspinner)
        #expect(none == .init(), sourceLocation: sourceLocation)
        #expect(one.reduce([]) { $0 + $1.bytes } == bytes, "\(label): pieces cover the input", sourceLocation: sourceLocation)
        var total = ChunkAnalyzer.AheadCounts()
        for count in threads {
            let (many, counts) = try pieces(bytes, chunkSize: chunkSize, threads: count, unspinner: unspinner)
            #expect(many.count == one.count, "\(label), \(count) threads: piece count", sourceLocation: sourceLocation)
            if let i = zip(many, one).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("\(label), \(count) threads: piece \(i) at \(one[i].offset) differs", sourceLocation: sourceLocation)
            }
            #expect(counts.used <= counts.analysed, sourceLocation: sourceLocation)
            total.analysed += counts.analysed
            total.used += counts.used
        }
        return total
    }

    /// Random text with directives and quotes at many chunk sizes: chunks are
    /// analysed ahead, and some predictions are wrong.
    @Test(arguments: 1...6)
    func randomTextMatchesOneThread(_ seed: Int) throws {
        let bytes = Self.text(3000, seed: UInt64(seed))
        var total = ChunkAnalyzer.AheadCounts()
        for chunkSize in [16, 40, 100, 300, 1000] {
            let counts = try Self.expectSameAsOneThread(bytes, chunkSize: chunkSize, "seed \(seed), chunk \(chunkSize)")
            total.analysed += counts.analysed
            total.used += counts.used
        }
        #expect(total.used > 0, "chunks analysed ahead are used: \(total)")
        #expect(total.used < total.analysed, "some predicted start states are wrong: \(total)")
    }

    /// Each kind of state that carries from chunk to chunk alone, so that a
    /// wrong prediction of that kind is seen (a `disable` region over many
    /// chunks, an `ignore-next-line` before a cut, a quotation across sentence
    /// ends), with quotes looked into or not.
    @Test(arguments: [(true, false, false), (false, true, false), (false, true, true)])
    func eachStateAlone(_ directives: Bool, _ quotes: Bool, _ includeQuoted: Bool) throws {
        let unspinner = includeQuoted ? engine(RobustnessChunkAnalyzerTests.dictionary, includeQuoted: true) : Self.unspinner
        var total = ChunkAnalyzer.AheadCounts()
        for seed in 11...13 {
            let bytes = Self.text(2000, seed: UInt64(seed), directives: directives, quotes: quotes)
            for chunkSize in [24, 120, 500] {
                let counts = try Self.expectSameAsOneThread(bytes, chunkSize: chunkSize, threads: [2, 4], unspinner: unspinner,
                                                            "seed \(seed), chunk \(chunkSize)")
                total.analysed += counts.analysed
                total.used += counts.used
            }
        }
        #expect(total.used < total.analysed, "some predicted start states are wrong: \(total)")
    }

    /// A `disable` that stays open over many chunks: every chunk read ahead
    /// before it is known is predicted enabled, and must not report the
    /// phrases it holds.
    @Test func disabledRegionOverManyChunks() throws {
        let paragraph = "The level man said it. It rained for the reason that it rained.\n\n"
        let text = String(repeating: paragraph, count: 5) + "<!-- unspin: disable -->\n\n" + String(repeating: paragraph, count: 60)
            + "<!-- unspin: enable -->\n\n" + String(repeating: paragraph, count: 20)
        let bytes = utf8(text)
        let counts = try Self.expectSameAsOneThread(bytes, chunkSize: 64, "disable")
        #expect(counts.used < counts.analysed)
        let (pieces, _) = try Self.pieces(bytes, chunkSize: 64, threads: 3)
        let reported = pieces.reduce(0) { $0 + $1.findings.count }
        #expect(reported == 2 * (5 + 20), "only the phrases outside the disabled region")
    }

    /// One line of quoted sentences over many chunks, cut at sentence ends
    /// (without a line break: a cut falls at the first blank line, then at the
    /// first sentence end that ends a line, anywhere in what is buffered).
    @Test func quotationAcrossSentenceEnds() throws {
        let text = "“" + String(repeating: "He was the level man. ", count: 200) + "” The level man. The level man."
        let counts = try Self.expectSameAsOneThread(utf8(text), chunkSize: 64, "quotation")
        #expect(counts.used < counts.analysed)
        let (pieces, _) = try Self.pieces(utf8(text), chunkSize: 64, threads: 2)
        #expect(pieces.reduce(0) { $0 + $1.findings.count } == 2, "the quoted phrases are left alone")
    }

    /// Whole paragraphs: every prediction is right, and every chunk but the first is analysed ahead.
    @Test func cleanParagraphsAreAllAnalysedAhead() throws {
        let text = String(repeating: "The level man said it. It rained for the reason that it rained.\n\n", count: 100)
        let counts = try Self.expectSameAsOneThread(utf8(text), chunkSize: 100, threads: [2], "paragraphs")
        let (pieces, _) = try Self.pieces(utf8(text), chunkSize: 100, threads: 1)
        #expect(counts.analysed == pieces.count - 1)
        #expect(counts.used == counts.analysed)
    }

    /// Random text cut only at fallback points (no sentence ends), where windows carry bytes.
    @Test func fallbackCutsMatchOneThread() throws {
        for seed in 1...3 {
            let bytes = RobustnessChunkAnalyzerTests.text(1500, separators: [" ", "\n", " ", "\u{A0}"], seed: UInt64(seed))
            for chunkSize in [16, 64, 300] {
                try Self.expectSameAsOneThread(bytes, chunkSize: chunkSize, threads: [3], "seed \(seed), chunk \(chunkSize)")
            }
        }
    }

    struct Stop: Error {}

    /// An error from `body` stops the run at that piece (the threads are
    /// stopped and waited for); the pieces before it are those of one thread.
    @Test func errorInBodyStopsAtItsPiece() throws {
        let bytes = Self.text(2000, seed: 5)
        let (one, _) = try Self.pieces(bytes, chunkSize: 50, threads: 1)
        for stopAt in [0, 1, 7, 30] {
            var reader = ChunkReader(bytes: bytes, chunkSize: 50)
            var seen: [Seen] = []
            #expect(throws: Stop.self) {
                try ChunkAnalyzer.forEachPiece(of: &reader, unspinner: Self.unspinner, threads: 3) { piece in
                    if seen.count == stopAt { throw Stop() }
                    seen.append(Seen(piece))
                }
            }
            let same = seen == Array(one.prefix(stopAt))
            #expect(same, "the pieces before the error, stopping at \(stopAt)")
        }
    }
}
