#if canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor in chunks that end at paragraph breaks, so that
/// arbitrarily large input is corrected in bounded memory.
///
/// Cutting at a blank line is safe: no phrase, context condition or quotation
/// crosses a paragraph break (see `Token.Gap`). When a chunk-sized window has no
/// blank line, the cut falls after a sentence that ends a line, which phrases
/// and contexts do not cross either; an open quotation is carried to the next
/// chunk in `Unspinner.State`. Failing that, it falls at a line end (keeping
/// lines whole for `unspin: ignore-line`), then after a sentence end inside a
/// line, then at a space, and, in one gigantic word, at a UTF-8 character
/// boundary. Those fallback cuts can split a phrase; `Chunk.endsCleanly` says
/// which kind of cut ended a chunk, and `ChunkAnalyzer` carries the words
/// before a fallback cut into the next chunk's analysis. The
/// document-spin gate judges each chunk on its own; a chunk is at least
/// `chunkSize` bytes (about 150,000 words by default), longer than any article.
public struct ChunkReader {
    public struct Chunk: Sendable {
        public var bytes: [UInt8]
        /// Offset of `bytes[0]` in the whole input.
        public var offset: Int
        /// 0-based line number of `bytes[0]` in the whole input.
        public var firstLine: Int
        /// 0-based column (in Unicode scalars) of `bytes[0]` on its line: 0
        /// unless a chunk had to be cut inside a line.
        public var firstColumn: Int
        /// Whether the chunk starts a paragraph (the input's start, or after a
        /// blank line), so that nothing carries over from the previous chunk.
        public var startsParagraph: Bool
        /// Whether the chunk ends where no phrase or context continues: at the
        /// end of the input, a blank line or a sentence end. False after a
        /// fallback cut (a line break, a space, a character boundary).
        public var endsCleanly: Bool

        public init(bytes: [UInt8], offset: Int = 0, firstLine: Int = 0, firstColumn: Int = 0, startsParagraph: Bool = true,
                    endsCleanly: Bool = true) {
            self.bytes = bytes
            self.offset = offset
            self.firstLine = firstLine
            self.firstColumn = firstColumn
            self.startsParagraph = startsParagraph
            self.endsCleanly = endsCleanly
        }
    }

    public let chunkSize: Int
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var eof = false
    private var offset = 0
    private var line = 0
    private var column = 0
    private var atParagraph = true

    /// Bytes already read (e.g. to classify the input) that come first.
    public init(fd: Int32, path: String, chunkSize: Int = 1 << 20, prefix: [UInt8] = []) {
        self.buffer = prefix
        self.fd = fd
        self.path = path
        self.chunkSize = max(chunkSize, 16)
    }

    /// Cuts bytes already in memory (tests, the fuzz target) as a file would be cut.
    public init(bytes: [UInt8], chunkSize: Int = 1 << 20) {
        self.buffer = bytes
        self.fd = -1
        self.path = "memory"
        self.eof = true
        self.chunkSize = max(chunkSize, 16)
    }

    /// Reads everything that is left (for inputs that must be converted whole).
    public mutating func readRest() throws(FileError) -> [UInt8] {
        while !eof { try fill() }
        defer { buffer = [] }
        return buffer
    }

    /// Reads until at least `count` bytes are buffered (or the input ends) and
    /// returns them without consuming them.
    public mutating func peek(_ count: Int) throws(FileError) -> ArraySlice<UInt8> {
        while !eof && buffer.count < count { try fill() }
        return buffer.prefix(count)
    }

    /// The next chunk, or nil at the end of the input.
    public mutating func next() throws(FileError) -> Chunk? {
        while !eof && buffer.count < chunkSize * 2 {
            try fill()
        }
        if buffer.isEmpty { return nil }
        var (cut, clean) = eof && buffer.count <= chunkSize * 2 ? (buffer.count, true) : ChunkReader.cut(buffer, after: chunkSize)
        if eof && cut == buffer.count { clean = true }
        let bytes: [UInt8]
        if cut == buffer.count {
            // The rest of the input (all of a file under two chunks): handed
            // over, not copied.
            bytes = buffer
            buffer = []
        } else {
            bytes = Array(buffer[0..<cut])
            buffer.removeFirst(cut)
        }
        let chunk = Chunk(bytes: bytes, offset: offset, firstLine: line, firstColumn: column, startsParagraph: atParagraph,
                          endsCleanly: clean)
        atParagraph = ChunkReader.endsWithBlankLine(bytes)
        offset += cut
        (line, column) = ChunkReader.position(after: bytes[...], line: line, column: column, atInputStart: chunk.offset == 0)
        return chunk
    }

    /// The 0-based line and column (in Unicode scalars) just after `bytes`, which
    /// start at `line` and `column`; `atInputStart` when they start the input.
    static func position(after bytes: ArraySlice<UInt8>, line: Int, column: Int, atInputStart: Bool) -> (line: Int, column: Int) {
        let newlines = bytes.withUnsafeBufferPointer { buffer in
            // memchr from line to line rather than a test per byte.
            var count = 0, i = 0
            while let newline = buffer.firstIndex(of: 0x0A, in: i..<buffer.count) {
                count += 1
                i = newline + 1
            }
            return count
        }
        let lastLineStart = (bytes.lastIndex(of: 0x0A).map { $0 + 1 }) ?? bytes.startIndex
        var scalars = bytes[lastLineStart...].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        // A byte-order mark at the very start is not a column (see LineIndex).
        if atInputStart, lastLineStart == bytes.startIndex, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scalars -= 1 }
        return (line + newlines, newlines > 0 ? scalars : column + scalars)
    }

    /// Bytes asked of each read.
    private static let blockSize = 1 << 16

    private mutating func fill() throws(FileError) {
        while true {
            let n = ChunkReader.readAppending(fd, into: &buffer, count: ChunkReader.blockSize)
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "cannot read")
            }
            if n == 0 { eof = true }
            // A full block: the input may be large. Room at once for all that
            // `next` buffers (two chunks and a block), rather than growing the
            // buffer by doubling, each doubling a copy of it (2 MB of copies
            // for a 1 MB file); a small input never asks for it.
            let room = 2 * chunkSize + ChunkReader.blockSize
            if n == ChunkReader.blockSize && buffer.capacity < room { buffer.reserveCapacity(room) }
            return
        }
    }

    /// Appends up to `count` bytes read from `fd` to `buffer`; returns the count
    /// read, 0 at the end of the input, -1 on error. Reads into a stack block, so
    /// the buffer is never zero-filled and resized back.
    static func readAppending(_ fd: Int32, into buffer: inout [UInt8], count: Int) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { block in
            let n = Glibc.read(fd, block.baseAddress, count)
            if n > 0 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: block[0..<n])) }
            return n
        }
    }

    /// Where to end a chunk of `bytes`: just after the first paragraph break at
    /// or after `size` (a blank line, possibly with CR or spaces), else after a
    /// line break, else after a space, else at a character boundary.
    static func cutPoint(_ bytes: [UInt8], after size: Int) -> Int {
        cut(bytes, after: size).offset
    }

    /// `cutPoint`, and whether the cut is clean: a blank line or a sentence
    /// end, which no phrase or context crosses.
    static func cut(_ bytes: [UInt8], after size: Int) -> (offset: Int, clean: Bool) {
        let limit = bytes.count
        // A blank line: "\n" followed by optional spaces/tabs/CR and another "\n".
        var i = size
        while i < limit {
            if bytes[i] == 0x0A {
                var j = i + 1
                while j < limit, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
                if j < limit, bytes[j] == 0x0A { return (j + 1, true) }
            }
            i += 1
        }
        // The end of a sentence that ends a line; then any line end (a line cut
        // in two would lose its `unspin: ignore-line`); then a sentence end inside a line.
        if let cut = sentenceEnd(bytes, from: size, lineEndOnly: true) { return (cut, true) }
        if let newline = bytes[size..<limit].firstIndex(of: 0x0A) { return (newline + 1, false) }
        if let cut = sentenceEnd(bytes, from: size, lineEndOnly: false) { return (cut, true) }
        if let space = bytes[size..<limit].firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) { return (space + 1, false) }
        var cut = min(size, limit)
        while cut < limit, bytes[cut] & 0xC0 == 0x80 { cut += 1 }
        return (cut, false)
    }

    /// The offset just after the first sentence end at or after `from`: . ! or ?
    /// (and any closing quotes or brackets), then white space — a line break
    /// when `lineEndOnly`.
    static func sentenceEnd(_ bytes: [UInt8], from: Int, lineEndOnly: Bool) -> Int? {
        let limit = bytes.count
        var i = from
        while i + 1 < limit {
            if bytes[i] == 0x2E || bytes[i] == 0x21 || bytes[i] == 0x3F {
                var j = i + 1
                while j < limit, bytes[j] == 0x22 || bytes[j] == 0x27 || bytes[j] == 0x29 { j += 1 }
                if j + 2 < limit, bytes[j] == 0xE2, bytes[j + 1] == 0x80, bytes[j + 2] == 0x9D || bytes[j + 2] == 0x99 { j += 3 }
                if j < limit, bytes[j] == 0x0D { j += 1 }
                if j < limit, bytes[j] == 0x0A { return j + 1 }
                if !lineEndOnly, j < limit, bytes[j] == 0x20 || bytes[j] == 0x09 {
                    var k = j
                    while k < limit, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
                    if k < limit, bytes[k] != 0x0A, bytes[k] != 0x0D { return k }
                }
            }
            i += 1
        }
        return nil
    }

    /// Whether `bytes` ends with a blank line ("\n", optional spaces/tabs/CR, "\n").
    static func endsWithBlankLine(_ bytes: [UInt8]) -> Bool {
        var i = bytes.count - 1
        guard i >= 0, bytes[i] == 0x0A else { return false }
        i -= 1
        while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i -= 1 }
        return i >= 0 && bytes[i] == 0x0A
    }
}
