import Foundation
import Testing
@testable import UnspinKit

/// Issue 4: `ChunkReader` returns chunks that concatenate back to the input
/// exactly, end at a paragraph break whenever one is in reach, never split a
/// UTF-8 character, and carry the right offset, line and column.
@Suite struct RobustnessChunkReaderTests {
    // MARK: Sources

    /// All chunks of `bytes` read from a temporary file.
    static func chunksFromFile(_ bytes: [UInt8], chunkSize: Int, prefixLength: Int = 0) throws -> [ChunkReader.Chunk] {
        let path = NSTemporaryDirectory() + "/unspin-chunks-\(getpid())-\(UUID().uuidString)"
        try Data(bytes[prefixLength...]).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var reader = ChunkReader(fd: fd, path: path, chunkSize: chunkSize, prefix: Array(bytes[..<prefixLength]))
        var chunks: [ChunkReader.Chunk] = []
        while let chunk = try reader.next() { chunks.append(chunk) }
        #expect(try reader.next() == nil, "the end stays the end")
        return chunks
    }

    /// All chunks of `bytes` read from a pipe that a writer thread fills in
    /// pieces of irregular sizes (short reads).
    static func chunksFromPipe(_ bytes: [UInt8], chunkSize: Int, seed: UInt64 = 1) throws -> [ChunkReader.Chunk] {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            var rng = LCG(state: seed)
            var offset = 0
            while offset < bytes.count {
                let n = min(bytes.count - offset, 1 + rng.next(rng.next(4) == 0 ? 200_000 : 3000))
                let written = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, n) }
                if written <= 0 { break }
                offset += written
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        var reader = ChunkReader(fd: readEnd, path: "<pipe>", chunkSize: chunkSize)
        var chunks: [ChunkReader.Chunk] = []
        while let chunk = try reader.next() { chunks.append(chunk) }
        return chunks
    }

    // MARK: Properties

    /// Index just after the first paragraph break (LF, optional spaces/tabs/CR,
    /// LF) whose first LF is at or after `from`, searching up to `limit`.
    static func firstParagraphBreak(_ bytes: ArraySlice<UInt8>, from: Int, limit: Int) -> Int? {
        var i = from
        while i < limit {
            if bytes[i] == 0x0A {
                var j = i + 1
                while j < limit, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
                if j < limit, bytes[j] == 0x0A { return j + 1 }
            }
            i += 1
        }
        return nil
    }

    /// Index just after the white space that follows the first sentence end
    /// (. ! or ?, then closing " ' ) and one ” or ’) at or after `from`, searching up to
    /// `limit`; nil when there is none or nothing follows the white space.
    static func firstSentenceEnd(_ bytes: ArraySlice<UInt8>, from: Int, limit: Int) -> Int? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        var i = from
        while i + 1 < limit {
            if bytes[i] == 0x2E || bytes[i] == 0x21 || bytes[i] == 0x3F {
                var j = i + 1
                while j < limit, bytes[j] == 0x22 || bytes[j] == 0x27 || bytes[j] == 0x29 { j += 1 }
                for quote in ["”", "’"].map({ Array($0.utf8) }) where j + 3 <= limit && bytes[j..<(j + 3)].elementsEqual(quote) {
                    j += 3
                    break
                }
                if j < limit, isSpace(bytes[j]) {
                    var k = j
                    while k < limit, isSpace(bytes[k]) { k += 1 }
                    if k < limit { return k }
                }
            }
            i += 1
        }
        return nil
    }

    static func verify(_ chunks: [ChunkReader.Chunk], of input: [UInt8], chunkSize: Int, validUTF8: Bool = true,
                       _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(chunks.reduce(into: [UInt8]()) { $0 += $1.bytes } == input, "\(label): chunks do not concatenate to the input",
                sourceLocation: sourceLocation)
        if input.isEmpty { #expect(chunks.isEmpty, sourceLocation: sourceLocation); return }
        var offset = 0, line = 0, column = 0
        for (k, chunk) in chunks.enumerated() {
            let where_ = "\(label), chunk \(k) at \(chunk.offset)"
            #expect(!chunk.bytes.isEmpty, "\(where_): empty chunk", sourceLocation: sourceLocation)
            #expect(chunk.offset == offset, "\(where_): offset, expected \(offset)", sourceLocation: sourceLocation)
            #expect(chunk.firstLine == line, "\(where_): firstLine \(chunk.firstLine), expected \(line)", sourceLocation: sourceLocation)
            #expect(chunk.firstColumn == column, "\(where_): firstColumn \(chunk.firstColumn), expected \(column)", sourceLocation: sourceLocation)
            if validUTF8, let first = chunk.bytes.first {
                #expect(first & 0xC0 != 0x80, "\(where_): a chunk starts inside a UTF-8 character", sourceLocation: sourceLocation)
            }
            let isLast = k == chunks.count - 1
            if !isLast {
                #expect(chunk.bytes.count >= chunkSize, "\(where_): a chunk before the last is shorter than chunkSize",
                        sourceLocation: sourceLocation)
                // Whatever the reader had buffered, it held at least 2 × chunkSize bytes.
                let rest = input[offset...]
                let reach = min(input.count, offset + 2 * chunkSize)
                let end = offset + chunk.bytes.count
                if let paragraph = firstParagraphBreak(rest, from: offset + chunkSize, limit: reach) {
                    #expect(end == paragraph, "\(where_): ends at \(end), not after the paragraph break ending at \(paragraph)",
                            sourceLocation: sourceLocation)
                } else if let sentence = firstSentenceEnd(rest, from: offset + chunkSize, limit: reach) {
                    // No paragraph break in reach: after the first sentence end (. ! ?,
                    // closing quotes or brackets, then the white space that follows).
                    // (A paragraph break further on, already buffered, comes first.)
                    let paragraph = firstParagraphBreak(rest, from: offset + chunkSize, limit: input.count)
                    // A sentence that ends a line comes first, then any line end (lines stay
                    // whole for `unspin: ignore-line`), then a sentence end inside a line.
                    #expect(end == sentence || end == paragraph || input[end - 1] == 0x0A,
                            "\(where_): ends at \(end), not after the sentence end at \(sentence)", sourceLocation: sourceLocation)
                } else if input[(offset + chunkSize)..<reach].contains(0x0A) {
                    // Then a line break (or a break found in bytes buffered beyond 2 × chunkSize).
                    #expect(input[end - 1] == 0x0A || input[end - 1] == 0x20, "\(where_): does not end at a line break",
                            sourceLocation: sourceLocation)
                } else if input[(offset + chunkSize)..<reach].contains(where: { $0 == 0x20 || $0 == 0x09 }) {
                    #expect(input[end - 1] == 0x20 || input[end - 1] == 0x09 || input[end - 1] == 0x0A,
                            "\(where_): does not end after a space", sourceLocation: sourceLocation)
                }
            }
            // Running position after this chunk.
            for b in chunk.bytes {
                if b == 0x0A { line += 1; column = 0 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            offset += chunk.bytes.count
        }
    }

    // MARK: Inputs

    static func paragraphs(size: Int, seed: UInt64) -> [UInt8] {
        var rng = LCG(state: seed)
        let words = ["lorem", "ipsum", "café", "日本語", "😀", "e\u{301}", "x", "dolor"].map { Array($0.utf8) }
        let separators = ["\n", "\r\n", "\t", " "].map { Array($0.utf8) }
        let endings = ["\n\n", "\r\n\r\n", "\n \t\r\n", "\n", " "].map { Array($0.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        // Random paragraphs up to 100 KB, then that text repeated (fast in a debug build).
        while out.count < min(size, 100_000) {
            let n = 1 + rng.next(60)
            for w in 0..<n {
                if w > 0 { out += separators[rng.next(9) == 0 ? 0 : rng.next(15) == 0 ? 1 : rng.next(20) == 0 ? 2 : 3] }
                out += words[rng.next(words.count)]
            }
            out += endings[rng.next(endings.count)]
        }
        let block = out
        while out.count < size { out += block }
        return out
    }

    static var inputs: [(String, [UInt8])] {
        let giantWord = Array(String(repeating: "aé😀", count: 2000).utf8)
        return [
            ("empty", []),
            ("one byte", [0x41]),
            ("paragraphs", paragraphs(size: 20_000, seed: 7)),
            ("paragraphs 2", paragraphs(size: 9_000, seed: 99)),
            ("no newline, spaces", Array(String(repeating: "word é ", count: 2000).utf8)),
            ("no newline, no space", giantWord),
            ("only single newlines", Array(String(repeating: "a line of text\n", count: 700).utf8)),
            ("only newlines", Array(repeating: 0x0A, count: 5000)),
            ("blank lines with CR only", Array(String(repeating: "para\r\r\r text ", count: 800).utf8)),
            ("CRLF blank lines", Array(String(repeating: "para text\r\n\r\n", count: 900).utf8)),
            ("invalid UTF-8 run", Array(repeating: 0xBF, count: 3000) + [0xC3] + Array(repeating: 0x80, count: 3000)),
            ("sentences, no blank line", Array(String(repeating: "One sentence. “Quoted!” (Aside?) Another one\n", count: 300).utf8)),
            ("sentence ends without space", Array(String(repeating: "v1.2.3 x.y!z?w ", count: 600).utf8)),
        ]
    }

    // MARK: Tests

    @Test(arguments: [16, 17, 64, 1000, 4096])
    func chunksFromAFile(_ chunkSize: Int) throws {
        for (name, input) in Self.inputs {
            let chunks = try Self.chunksFromFile(input, chunkSize: chunkSize)
            Self.verify(chunks, of: input, chunkSize: chunkSize, validUTF8: !name.hasPrefix("invalid"), "\(name), size \(chunkSize)")
        }
    }

    @Test(arguments: [16, 333, 4096])
    func chunksFromAPipeWithShortReads(_ chunkSize: Int) throws {
        for (index, (name, input)) in Self.inputs.enumerated() {
            let chunks = try Self.chunksFromPipe(input, chunkSize: chunkSize, seed: UInt64(index))
            Self.verify(chunks, of: input, chunkSize: chunkSize, validUTF8: !name.hasPrefix("invalid"), "\(name), pipe, size \(chunkSize)")
        }
    }

    @Test func exactSizesAroundTheLimits() throws {
        let chunkSize = 64
        for size in [chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize - 1, 2 * chunkSize, 2 * chunkSize + 1, 3 * chunkSize, 4 * chunkSize + 2] {
            for unit in ["ab\n\n", "abc ", "x", "é"] {
                var input: [UInt8] = []
                while input.count < size { input += Array(unit.utf8) }
                input = Array(input.prefix(size))
                while let last = input.last, last & 0xC0 == 0x80 || last >= 0xC0 { input.removeLast() }  // no cut scalar at the end
                let chunks = try Self.chunksFromFile(input, chunkSize: chunkSize)
                Self.verify(chunks, of: input, chunkSize: chunkSize, "\(unit.debugDescription) × \(size)")
                if input.count < 2 * chunkSize { #expect(chunks.count <= 1, "input shorter than 2 × chunkSize is one chunk") }
            }
        }
    }

    @Test func prefixBytesComeFirst() throws {
        let input = Self.paragraphs(size: 5_000, seed: 3)
        for prefixLength in [0, 1, 10, 100, 300, 2_000] {
            let chunks = try Self.chunksFromFile(input, chunkSize: 128, prefixLength: prefixLength)
            Self.verify(chunks, of: input, chunkSize: 128, "prefix \(prefixLength)")
        }
    }

    @Test func peekDoesNotConsumeAndReadRestReturnsEverything() throws {
        let input = Self.paragraphs(size: 50_000, seed: 11)
        let path = NSTemporaryDirectory() + "/unspin-peek-\(getpid())-\(UUID().uuidString)"
        try Data(input).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = ChunkReader(fd: fd, path: path, chunkSize: 1000)
        #expect(Array(try reader.peek(8192)) == Array(input.prefix(8192)))
        #expect(Array(try reader.peek(10)) == Array(input.prefix(10)))
        let first = try #require(try reader.next())
        #expect(first.offset == 0)
        #expect(Array(input.prefix(first.bytes.count)) == first.bytes)
        #expect(try reader.readRest() == Array(input[first.bytes.count...]))
        #expect(try reader.next() == nil)
    }

    /// The default 1 MiB chunks over a few MB from a pipe, as `unspin fix` reads stdin.
    @Test func defaultChunkSizeOverSeveralMegabytes() throws {
        let input = Self.paragraphs(size: 2_600_000, seed: 5)
        let chunks = try Self.chunksFromPipe(input, chunkSize: 1 << 20)
        #expect(chunks.count >= 2)
        Self.verify(chunks, of: input, chunkSize: 1 << 20, "2.6 MB paragraphs")
    }

    /// A few MB without any newline (one long line): chunks still concatenate
    /// exactly and columns continue across them.
    @Test func defaultChunkSizeWithoutNewline() throws {
        let unit = Array(String(repeating: "naïve café 😀 words ", count: 200).utf8)
        var input: [UInt8] = []
        while input.count < 2_300_000 { input += unit }
        let chunks = try Self.chunksFromFile(input, chunkSize: 1 << 20)
        #expect(chunks.count >= 2)
        Self.verify(chunks, of: input, chunkSize: 1 << 20, "2.3 MB line")
        #expect(chunks.allSatisfy { $0.firstLine == 0 })
    }

    @Test func readErrorIsThrownWithThePath() throws {
        // A directory descriptor: read(2) fails with EISDIR.
        let fd = open(NSTemporaryDirectory(), O_RDONLY | O_DIRECTORY)
        try #require(fd >= 0)
        defer { close(fd) }
        var reader = ChunkReader(fd: fd, path: "some/dir", chunkSize: 16)
        #expect(throws: FileError.self) { _ = try reader.next() }
        do {
            _ = try reader.peek(10)
        } catch {
            #expect(error.path == "some/dir")
        }
    }
}
