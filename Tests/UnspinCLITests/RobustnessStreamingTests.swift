import Foundation
import Testing

/// Issue 4: inputs larger than the chunk size are corrected exactly as a whole
/// document would be, and reports point at the right bytes and lines.
///
/// One test runs the real 1 MiB chunks on a few MB; the others set
/// UNSPIN_CHUNK_BYTES to a few KB, which puts dozens of chunk boundaries into a
/// small input (a debug build of unspin takes over a second per MB).
@Suite struct RobustnessStreamingTests {
    static let mebibyte = 1 << 20
    static let smallChunk = 4096

    /// A deterministic pseudo-random generator (the tests must not depend on a seed source).
    struct LCG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// A spun phrase as it appears in the input, and the text that replaces it.
    static let spun: [(found: String, replacement: String)] = [
        ("for the reason that", "since"),
        ("level man", "point man"),
        ("level\nman", "point man"),
        ("counterfeit consciousness", "artificial intelligence"),
    ]

    static let filler = ["lorem", "ipsum", "dolor", "sit", "amet,", "consectetur", "adipiscing", "elit.",
                         "café", "naïve", "日本語", "😀", "e\u{301}", "x", "42", "(parens)", "“quote”", "—"]

    struct Input {
        var bytes: [UInt8]
        /// Offset of each spun phrase and its index in `spun`, in order.
        var phrases: [(offset: Int, index: Int)]
        var boundary: Int
    }

    /// About `size` bytes of paragraphs with spun phrases. A phrase straddles
    /// every multiple of `boundary`, and others sit just before and after the
    /// break that follows it (where chunks are cut). With `blankLines`,
    /// paragraphs end with LF, CRLF or whitespace-only blank lines; without, the
    /// text has single line breaks only, so chunks are cut at sentence ends.
    /// (Paragraphs are made once and cycled: building bytes word by word is slow
    /// in a debug build.)
    static func makeInput(size: Int, boundary: Int, blankLines: Bool = true, seed: UInt64 = 4) -> Input {
        var rng = LCG(state: seed)
        let spunBytes = spun.map { utf8($0.found) }
        let fillerBytes = filler.map(utf8)
        let (space, newline) = (utf8(" "), utf8("\n"))
        let endings = blankLines
            ? [utf8(".\r\n\r\n"), utf8(".\n \t\n"), utf8(".\n\n"), utf8(".\n\n")]
            : [utf8(".\r\n"), utf8(".\n"), utf8(". "), utf8("!\n")]
        var paragraphs: [(bytes: [UInt8], phrases: [(offset: Int, index: Int)])] = []
        for _ in 0..<150 {
            var p: [UInt8] = []
            var found: [(offset: Int, index: Int)] = []
            let words = 40 + rng.next(120)
            for w in 0..<words {
                if w > 0 { p += rng.next(12) == 0 ? newline : space }
                if rng.next(25) == 0 {
                    let index = rng.next(spun.count)
                    found.append((p.count, index))
                    p += spunBytes[index]
                } else {
                    p += fillerBytes[rng.next(filler.count)]
                }
            }
            p += endings[rng.next(endings.count)]
            paragraphs.append((p, found))
        }
        let straddleEnd = blankLines ? utf8("\r\n\r\n") : utf8(". ")
        var input = Input(bytes: [], phrases: [], boundary: boundary)
        input.bytes.reserveCapacity(size + 4096)
        var nextBoundary = boundary
        func phrase(_ index: Int) {
            input.phrases.append((input.bytes.count, index))
            input.bytes += spunBytes[index]
        }
        var k = 0
        while input.bytes.count < size {
            let p = paragraphs[k % paragraphs.count]
            k += 1
            if input.bytes.count + p.bytes.count + 40 > nextBoundary {
                // Pad so that the phrase "for the reason that" covers the boundary.
                let pad = nextBoundary - input.bytes.count - 8
                if pad > 0 { input.bytes += Array(repeating: UInt8(ascii: "w"), count: pad) + space }
                phrase(0)
                input.bytes += utf8(" it rained, said the ")
                phrase(1)
                input.bytes += straddleEnd
                phrase(3)
                input.bytes += utf8(" came first.") + (blankLines ? utf8("\n\n") : newline)
                nextBoundary += boundary
            }
            for (offset, index) in p.phrases { input.phrases.append((input.bytes.count + offset, index)) }
            input.bytes += p.bytes
        }
        return input
    }

    /// The input with every phrase replaced, built by copying the segments between them.
    static func expectedOutput(_ input: Input) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.bytes.count)
        var cursor = 0
        for (offset, index) in input.phrases {
            out += input.bytes[cursor..<offset]
            out += utf8(spun[index].replacement)
            cursor = offset + spun[index].found.utf8.count
        }
        out += input.bytes[cursor...]
        return out
    }

    /// Real 1 MiB chunks: more than 2 MiB, since the reader cuts after 1 MiB
    /// once it has 2 MiB buffered.
    static let big = makeInput(size: 2 * mebibyte + 400_000, boundary: mebibyte)
    /// Dozens of 4 KB chunks, cut at blank lines.
    static let small = makeInput(size: 250_000, boundary: smallChunk)
    /// Dozens of 4 KB chunks, without blank lines: cut at sentence ends.
    static let smallWithoutBlankLines = makeInput(size: 250_000, boundary: smallChunk, blankLines: false, seed: 9)

    /// (input, UNSPIN_CHUNK_BYTES) for the parameterised tests.
    static let cases: [(name: String, input: Input, chunk: Int?)] = [
        ("2.4 MB, 1 MiB chunks", big, nil),
        ("250 KB, 4 KB chunks", small, smallChunk),
        ("250 KB without blank lines, 4 KB chunks", smallWithoutBlankLines, smallChunk),
    ]

    @Test func generatorPlacesPhrasesWhereIntended() {
        for (name, input, _) in Self.cases {
            let bytes = input.bytes
            for (offset, index) in input.phrases {
                #expect(bytes[offset..<(offset + Self.spun[index].found.utf8.count)].elementsEqual(utf8(Self.spun[index].found)), "\(name)")
            }
            #expect(zip(input.phrases, input.phrases.dropFirst()).allSatisfy { $0.0.offset < $0.1.offset }, "\(name): phrases in order")
            let boundaries = Array(stride(from: input.boundary, to: bytes.count - 2000, by: input.boundary))
            let straddled = boundaries.filter { boundary in
                input.phrases.contains { $0.offset < boundary && boundary < $0.offset + Self.spun[$0.index].found.utf8.count }
            }
            #expect(straddled.count == boundaries.count, "\(name): \(straddled.count) of \(boundaries.count) boundaries straddled")
        }
    }

    @Test(arguments: 0..<cases.count)
    func standardInputIsCorrectedExactly(_ index: Int) throws {
        let (name, input, chunk) = Self.cases[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input.bytes, environment: chunkBytes(chunk))
        #expect(result.status == 0, "\(name): \(result.err)")
        #expect(result.err.isEmpty, "\(name): \(result.err)")
        expectSameBytes(result.stdout, Self.expectedOutput(input), name)
    }

    @Test(arguments: 0..<cases.count)
    func checkOffsetsAndLinesAcrossChunkBoundaries(_ index: Int) throws {
        let (name, input, chunk) = Self.cases[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let bytes = input.bytes
        let result = try unspin(["check", "--format", "jsonl"] + engineArguments(dictionary), stdin: bytes, environment: chunkBytes(chunk))
        #expect(result.status == 1, "\(name): \(result.err)")
        let objects = try jsonlObjects(result.stdout)
        let findings = objects.filter { $0["start"] != nil }
        // Line starts, to compute lines and columns independently.
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { lineStarts.append(i + 1) }
        func lineIndex(_ offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return low
        }
        var starts: [Int] = []
        var mismatches = 0
        for finding in findings {
            guard let start = finding["start"] as? Int, let end = finding["end"] as? Int,
                  let found = finding["found"] as? String, let line = finding["line"] as? Int,
                  let column = finding["column"] as? Int, 0 <= start, start < end, end <= bytes.count
            else {
                Issue.record("\(name): malformed finding \(finding)")
                continue
            }
            starts.append(start)
            let li = lineIndex(start)
            let expectedColumn = bytes[lineStarts[li]..<start].reduce(1) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            if !bytes[start..<end].elementsEqual(utf8(found)) || line != li + 1 || column != expectedColumn {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("""
                        \(name): finding at \(start)..<\(end): found \(found.debugDescription), bytes \
                        \(String(decoding: bytes[start..<end], as: UTF8.self).debugDescription); \
                        line \(line) (expected \(li + 1)), column \(column) (expected \(expectedColumn))
                        """)
                }
            }
        }
        #expect(mismatches == 0, "\(name)")
        #expect(starts == input.phrases.map(\.offset), "\(name): reported \(starts.count) findings, expected \(input.phrases.count)")
        let summary = try #require(objects.last)
        #expect(summary["findings"] as? Int == input.phrases.count, "\(name)")
    }

    @Test(arguments: [1, 2])
    func diffAcrossChunkBoundariesAppliesWithPatch(_ index: Int) throws {
        let (name, input, chunk) = Self.cases[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("work/big.txt", input.bytes)
        let result = try unspin(["diff", "big.txt"] + engineArguments(dictionary), cwd: dir.url("work"), environment: chunkBytes(chunk))
        #expect(result.status == 1, "\(name): \(result.err)")
        try dir.write("big.patch", result.stdout)
        let patch = try run("/usr/bin/env", ["patch", "-p1", "-s", "-i", dir.url("big.patch")], cwd: dir.url("work"))
        #expect(patch.status == 0, "\(name): patch: \(patch.out) \(patch.err)")
        expectSameBytes(try dir.read("work/big.txt"), Self.expectedOutput(input), name)
    }

    /// A chunk cut at a sentence end inside a line: the hunk must show the whole
    /// line as it is in the file, or `patch` cannot apply it.
    @Test func diffOfALineSplitBetweenChunks() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let text = "First line here.\nA sentence that is long enough. Then the level man came.\nLast.\n"
        try dir.write("work/t.txt", text)
        let result = try unspin(["diff", "t.txt"] + engineArguments(dictionary), cwd: dir.url("work"), environment: chunkBytes(20))
        #expect(result.status == 1)
        #expect(result.out.contains("""
            -A sentence that is long enough. Then the level man came.
            +A sentence that is long enough. Then the point man came.

            """), "hunks must hold whole lines: \(result.out)")
        try dir.write("t.patch", result.stdout)
        let patch = try run("/usr/bin/env", ["patch", "-p1", "-s", "-i", dir.url("t.patch")], cwd: dir.url("work"))
        #expect(patch.status == 0, "patch: \(patch.out) \(patch.err)")
        #expect(try dir.read("work/t.txt") == utf8(text.replacingOccurrences(of: "level man", with: "point man")))
    }

    /// An edit on the line where a chunk is cut (after a sentence end inside the
    /// line): its hunk keeps the context lines of the next chunk. Without them
    /// (3 lines before, 0 after) GNU patch takes the hunk to be at the end of the
    /// file and rejects it.
    @Test func diffHunkAtAMidLineCutKeepsItsTrailingContext() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let text = "Zero.\nLine one is here.\nLine two is here.\nLine three here.\n"
            + "The level man came. More text on the line.\nAfter one.\nAfter two.\nAfter three.\nEnd.\n"
        try dir.write("work/t.txt", text)
        let whole = try unspin(["diff", "t.txt"] + engineArguments(dictionary), cwd: dir.url("work"))
        let chunked = try unspin(["diff", "t.txt"] + engineArguments(dictionary), cwd: dir.url("work"), environment: chunkBytes(60))
        #expect(chunked.status == 1)
        #expect(chunked.out == whole.out, "the chunked diff differs from the whole-file diff:\n\(chunked.out)")
        try dir.write("t.patch", chunked.stdout)
        let patch = try run("/usr/bin/env", ["patch", "-p1", "-s", "-i", dir.url("t.patch")], cwd: dir.url("work"))
        #expect(patch.status == 0, "patch: \(patch.out) \(patch.err)")
        #expect(try dir.read("work/t.txt") == utf8(text.replacingOccurrences(of: "level man", with: "point man")))
    }

    @Test(arguments: [1, 2])
    func rewriteAcrossChunkBoundaries(_ index: Int) throws {
        let (name, input, chunk) = Self.cases[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/big.txt", input.bytes)
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary), environment: chunkBytes(chunk))
        #expect(result.status == 0, "\(name): \(result.err)")
        expectSameBytes(try dir.read("tree/big.txt"), Self.expectedOutput(input), name)
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// Invalid bytes far into the input: the warning names their offset, they
    /// pass through, and the text around them is still corrected.
    @Test func invalidUTF8InALaterChunk() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let paragraphs = Self.unit("lorem ipsum dolor sit amet, the level man said.\n\n")
        var input: [UInt8] = []
        while input.count < 40_000 { input += paragraphs }
        let badOffset = input.count + 4
        input += utf8("the ") + [0xC3, 0x28, 0xFF] + utf8(" level man ") + [0xED, 0xA0, 0x80] + utf8(" level man\n\n")
        input += paragraphs + [0xFF] + paragraphs
        let expected = replacingAll(input, "level man", with: "point man")
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input, environment: chunkBytes(Self.smallChunk))
        #expect(result.status == 0)
        expectSameBytes(result.stdout, expected)
        #expect(result.err.contains("at byte \(badOffset)"), "stderr: \(result.err)")
    }

    // MARK: Phrases and quotations where a chunk is cut

    /// `filler` repeated up to just before `cutAt`, then `lead` padded so that it
    /// ends exactly at byte `cutAt`, then `tail`, then `filler` again up to `size`.
    static func around(cutAt: Int, filler: String, lead: String, tail: String, size: Int) -> [UInt8] {
        let unit = Self.unit(filler)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + unit.count)
        while bytes.count + unit.count < cutAt - lead.utf8.count - 200 { bytes += unit }
        bytes += Array(repeating: UInt8(ascii: "w"), count: cutAt - lead.utf8.count - bytes.count) + utf8(lead)
        precondition(bytes.count == cutAt)
        bytes += utf8(tail)
        while bytes.count < size { bytes += unit }
        return bytes
    }

    /// `text` repeated to about 4 KB, so that building a large input takes few appends.
    static func unit(_ text: String) -> [UInt8] {
        Array(String(repeating: text, count: max(1, 4096 / max(1, text.utf8.count))).utf8)
    }

    static let cut = smallChunk
    static let aroundSize = 3 * smallChunk + 1000

    /// Lines without blank lines, a phrase wrapped across the first line break
    /// after the chunk size: the cut falls at a sentence end, not inside it.
    @Test func phraseWrappedAcrossTheLineBreakAtTheChunkSize() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = Self.around(cutAt: Self.cut, filler: "lorem ipsum dolor sit amet.\n",
                                lead: " He left for the reason", tail: "\nthat it rained.\n", size: Self.aroundSize)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input, environment: chunkBytes(Self.cut))
        #expect(result.status == 0)
        expectSameBytes(result.stdout, replacingAll(input, "for the reason\nthat", with: "since"))
    }

    /// The same on one long line: the first space after the chunk size is inside the phrase.
    @Test func phraseAcrossTheSpaceAtTheChunkSize() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = Self.around(cutAt: Self.cut, filler: "lorem ipsum dolor sit amet. ",
                                lead: " He left for the reason", tail: " that it rained. ", size: Self.aroundSize)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input, environment: chunkBytes(Self.cut))
        #expect(result.status == 0)
        expectSameBytes(result.stdout, replacingAll(input, "for the reason that", with: "since"))
    }

    /// Text without any sentence end or blank line (a list, a table, code): the
    /// cut falls back to a line break or space, which splits the phrase; the
    /// words before the cut are analysed again with the next chunk.
    @Test(arguments: [("lorem ipsum dolor sit amet\n", "\nthat it rained\n", "for the reason\nthat"),
                      ("lorem ipsum dolor sit amet, ", " that it rained, ", "for the reason that")])
    func phraseSplitByAFallbackCut(_ filler: String, _ tail: String, _ phrase: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = Self.around(cutAt: Self.cut, filler: filler, lead: " He left for the reason", tail: tail, size: Self.aroundSize)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input, environment: chunkBytes(Self.cut))
        #expect(result.status == 0)
        expectSameBytes(result.stdout, replacingAll(input, phrase, with: "since"))
    }

    /// A dictionary with contexts on both sides, classes, sentence starts and
    /// ends and articles, every entry strong (the document-spin gate judges
    /// each analysed window on its own, so weak entries could differ).
    static let fallbackDictionary = """
        @name fallback
        @confidence 0.9
        @class nationality = afghan, iraqi
        @class unit = week, month, year
        for the reason that => since
        level man => point man
        counterfeit consciousness => artificial intelligence
        authorities => government | after: @nationality
        final => last | before: @unit | not-after: the
        informed => told | after: he, she, "the envoy"
        colour => color | after: @start
        finish => end | before: @end
        energy => power | after: returned to
        awesome => great

        """

    /// Text without sentence ends or blank lines, joined by `separators`, with
    /// spun phrases every few words: at small chunk sizes, every cut is a
    /// fallback cut and many fall inside a phrase.
    static func fallbackText(separators: [String], seed: UInt64) -> [UInt8] {
        var rng = LCG(state: seed)
        let words = ["lorem", "ipsum", "dolor,", "sit", "the", "a", "an", "he", "envoy", "afghan", "authorities", "final",
                     "week", "returned", "to", "energy", "colour", "finish", "“", "”", "naïve", "日本語", "😀"]
        let phrases = ["for the reason that", "level man", "counterfeit consciousness", "an awesome", "level\nman"]
        var text = ""
        while text.utf8.count < 40_000 {
            text += rng.next(6) == 0 ? phrases[rng.next(phrases.count)] : words[rng.next(words.count)]
            text += separators[rng.next(separators.count)]
        }
        return utf8(text)
    }

    /// fix, check (offsets, lines, columns), diff and rewrite of text cut only
    /// at fallback points give exactly the whole-file result.
    @Test(arguments: [[" "], [" ", "\n"], ["\u{A0}", "\u{A0}", " "]])
    func fallbackCutsGiveTheWholeFileResult(_ separators: [String]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("fallback.dict", Self.fallbackDictionary)
        let input = Self.fallbackText(separators: separators, seed: UInt64(separators.count))
        let arguments = engineArguments(dictionary)
        try dir.write("work/t.txt", input)
        let whole = (
            fix: try unspin(["fix", "t.txt"] + arguments, cwd: dir.url("work")),
            check: try unspin(["check", "--format", "jsonl", "t.txt"] + arguments, cwd: dir.url("work")),
            diff: try unspin(["diff", "t.txt"] + arguments, cwd: dir.url("work")))
        #expect(whole.fix.status == 0 && whole.check.status == 1 && whole.diff.status == 1)
        #expect(whole.fix.stdout != input, "the input has phrases to fix")
        for chunk in [64, 333, 4096] {
            let name = "\(separators.map(\.debugDescription)), chunk \(chunk)"
            let fix = try unspin(["fix", "t.txt"] + arguments, cwd: dir.url("work"), environment: chunkBytes(chunk))
            expectSameBytes(fix.stdout, whole.fix.stdout, "fix: \(name)")
            let check = try unspin(["check", "--format", "jsonl", "t.txt"] + arguments, cwd: dir.url("work"), environment: chunkBytes(chunk))
            #expect(check.out == whole.check.out, "check: \(name)")
            let diff = try unspin(["diff", "t.txt"] + arguments, cwd: dir.url("work"), environment: chunkBytes(chunk))
            #expect(diff.out == whole.diff.out, "diff: \(name)")
            try dir.write("tree/t.txt", input)
            let rewrite = try unspin(["rewrite", dir.url("tree/t.txt")] + arguments, environment: chunkBytes(chunk))
            #expect(rewrite.status == 0, "rewrite: \(name): \(rewrite.err)")
            expectSameBytes(try dir.read("tree/t.txt"), whole.fix.stdout, "rewrite: \(name)")
        }
    }

    /// A quotation open across the cut: a phrase inside it is left alone (the
    /// default), as it is when the same lines are a small document.
    @Test(arguments: ["lorem ipsum dolor sit amet.\n", "lorem ipsum dolor sit amet\n"])
    func quotationAcrossTheChunkCutStaysUntouched(_ filler: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let small = utf8("He said “we waited\nfor the reason that it rained” and left.\n")
        #expect(try unspin(["fix"] + engineArguments(dictionary), stdin: small).stdout == small, "quoted speech is not corrected")
        // The first sentence end after the chunk size is inside the quotation.
        let input = Self.around(cutAt: Self.cut, filler: filler, lead: " He said “we waited",
                                tail: "\nand waited. For the reason that it rained” and left.\n", size: Self.aroundSize)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input, environment: chunkBytes(Self.cut))
        #expect(result.status == 0)
        expectSameBytes(result.stdout, input)
    }

    /// Columns after a cut inside a line that starts with a byte-order mark:
    /// the mark is not a column (as on a short line), in every chunk.
    @Test func columnsOnALongLineAfterAByteOrderMark() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        var input = utf8("\u{FEFF}")
        var starts: [Int] = []
        let filler = Self.unit("lorem ipsum “naïve” dolor, ")
        let phrase = utf8("level\u{A0}man ")
        while input.count < 12 * Self.smallChunk {
            input += filler
            // No-break spaces inside the phrase: a cut (after a plain space) cannot split it.
            starts.append(input.count)
            input += phrase
        }
        let result = try unspin(["check", "--format", "jsonl"] + engineArguments(dictionary), stdin: input,
                                environment: chunkBytes(Self.smallChunk))
        #expect(result.status == 1)
        let findings = try jsonlObjects(result.stdout).filter { $0["start"] != nil }
        #expect(findings.compactMap { $0["start"] as? Int } == starts)
        for finding in findings {
            let start = try #require(finding["start"] as? Int)
            // Scalars before `start`, not counting the byte-order mark (3 bytes, 1 scalar).
            let column = input[3..<start].reduce(1) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            #expect(finding["line"] as? Int == 1)
            #expect(finding["column"] as? Int == column, "finding at byte \(start)")
        }
    }
}
