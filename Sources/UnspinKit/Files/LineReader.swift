#if canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor line by line in bounded memory (one line at a
/// time), for line-oriented formats such as JSON Lines.
public struct LineReader {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false

    public init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// The next whole line if it can be had without waiting for input: one
    /// already read, or one that a single read of what is ready completes
    /// (a regular file is always ready). What a batch can take besides the
    /// line that was waited for.
    public mutating func nextWithoutWaiting() throws(FileError) -> (line: [UInt8], terminated: Bool)? {
        if let newline = newline(from: start) { return take(through: newline) }
        guard !eof, isReady() else { return nil }
        // What is left after `start` has no line end; it moves to the front.
        let searchFrom = buffer.count - start
        try readChunk()
        return newline(from: searchFrom).map { take(through: $0) }
    }

    /// Whether a read would return at once (data, or the end of the input).
    private func isReady() -> Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }

    /// The first line end in the buffer at or after `offset`.
    private func newline(from offset: Int) -> Int? {
        buffer.withUnsafeBufferPointer { $0.firstIndex(of: 0x0A, in: offset..<$0.count) }
    }

    /// The line that ends at the buffer's `newline`, taken out.
    private mutating func take(through newline: Int) -> (line: [UInt8], terminated: Bool) {
        let line = Array(buffer[start..<newline])
        start = newline + 1
        return (line, true)
    }

    /// The next line without its "\n", and whether it had one; nil at the end.
    public mutating func next() throws(FileError) -> (line: [UInt8], terminated: Bool)? {
        var searchFrom = start
        while true {
            if let newline = newline(from: searchFrom) { return take(through: newline) }
            if eof {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return (line, false)
            }
            searchFrom = buffer.count - start
            try readChunk()
        }
    }

    /// Drops the lines taken and appends what one read returns (sets `eof` at the end).
    private mutating func readChunk() throws(FileError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "cannot read")
            }
            if n == 0 { eof = true } else { buffer.append(contentsOf: chunk[0..<n]) }
            return
        }
    }
}
