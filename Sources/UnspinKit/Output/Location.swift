/// Where a finding is in the whole input, as reports show it.
public struct Location: Sendable, Equatable {
    /// 1-based line and column (columns count Unicode scalars).
    public var line: Int
    public var column: Int
    /// 1-based line and column just past the end (exclusive end column).
    public var endLine: Int
    public var endColumn: Int
    /// Byte offsets in the input as it was given (before any conversion).
    public var start: Int
    public var end: Int
}

/// Turns finding ranges in one analysed piece of an input into `Location`s in
/// the whole input: adds the piece's offset, line and column, and maps UTF-8
/// offsets back to the input's own encoding when it was converted.
public struct Locator {
    private let index: LineIndex
    private let chunk: ChunkReader.Chunk
    private let originalOffset: ((Int) -> Int)?

    public init(chunk: ChunkReader.Chunk, originalOffset: ((Int) -> Int)? = nil) {
        self.index = LineIndex(chunk.bytes)
        self.chunk = chunk
        self.originalOffset = originalOffset
    }

    public func location(of finding: Finding) -> Location {
        let (line, column) = global(index.position(of: finding.range.lowerBound))
        let (endLine, endColumn) = global(index.position(of: finding.range.upperBound))
        let start = chunk.offset + finding.range.lowerBound
        let end = chunk.offset + finding.range.upperBound
        return Location(
            line: line, column: column, endLine: endLine, endColumn: endColumn,
            start: originalOffset?(start) ?? start,
            end: originalOffset?(end) ?? end)
    }

    private func global(_ position: (line: Int, column: Int)) -> (Int, Int) {
        (chunk.firstLine + position.line, position.line == 1 ? chunk.firstColumn + position.column : position.column)
    }
}
