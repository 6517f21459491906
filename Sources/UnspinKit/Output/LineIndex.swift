/// Maps byte offsets to 1-based line and column numbers. Columns count Unicode
/// scalars, so they match what editors show for UTF-8 text; lines end at LF.
public struct LineIndex: Sendable {
    /// Byte offset at which each line starts.
    public private(set) var lineStarts: [Int] = [0]
    private let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // memchr from line end to line end: lines are tens of bytes long or more.
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while let newline = buffer.firstIndex(of: 0x0A, in: i..<buffer.count) {
                lineStarts.append(newline + 1)
                i = newline + 1
            }
        }
    }

    /// (line, column), both 1-based, of byte `offset`.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = lineStarts[low]
        // A byte-order mark is invisible in editors: it is not a column.
        if i == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]), offset >= 3 { i = 3 }
        while i < offset {
            // Count scalar starts: every byte that is not a UTF-8 continuation byte.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (low + 1, column)
    }

    /// 0-based index of the line containing byte `offset`.
    public func lineIndex(of offset: Int) -> Int { position(of: offset).line - 1 }
}
