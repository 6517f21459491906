/// Where a finding is in the whole input, as reports show it.
public struct Location: Sendable, Equatable {
    /// 1-based line and column (columns count Unicode scalars).
    public var line: Int
    public var column: Int
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
        let (line, column) = index.position(of: finding.range.lowerBound)
        let start = chunk.offset + finding.range.lowerBound
        let end = chunk.offset + finding.range.upperBound
        return Location(
            line: chunk.firstLine + line,
            column: line == 1 ? chunk.firstColumn + column : column,
            start: originalOffset?(start) ?? start,
            end: originalOffset?(end) ?? end)
    }
}
