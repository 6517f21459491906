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

    /// The next line without its "\n", and whether it had one; nil at the end.
    public mutating func next() throws(FileError) -> (line: [UInt8], terminated: Bool)? {
        var searchFrom = start
        while true {
            if let newline = buffer.withUnsafeBufferPointer({ $0.firstIndex(of: 0x0A, in: searchFrom..<$0.count) }) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return (line, true)
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return (line, false)
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            searchFrom = buffer.count
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "cannot read")
            }
            if n == 0 { eof = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }
}
