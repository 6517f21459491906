/// Builds a unified diff piece by piece for input read in chunks, with the
/// same hunks as `UnifiedDiff.render` on the whole input.
///
/// A hunk needs its context lines on both sides (GNU patch anchors a hunk
/// with missing trailing context to the end of the file), and two edits up to
/// six lines apart share a hunk. So text is held back until it ends with
/// enough lines free of edits: everything before the last `2 × context + 1`
/// clean lines is rendered, and the last `context` lines of it are kept as
/// leading context for what follows.
public struct UnifiedDiffStream {
    private var pending: [UInt8] = []
    private var edits: [Finding] = []
    private var firstLine = 0
    private var delta = 0
    private var started = false

    public init() {}

    /// Adds the next piece (its bytes and its edits, ranges relative to it) and
    /// returns the hunks that are complete.
    public mutating func add(_ bytes: [UInt8], edits pieceEdits: [Finding], firstLine pieceLine: Int) -> [UInt8] {
        if !started { firstLine = pieceLine; started = true }
        let shift = pending.count
        for edit in pieceEdits where edit.isEdit {
            var moved = edit
            moved.range = (edit.range.lowerBound + shift)..<(edit.range.upperBound + shift)
            edits.append(moved)
        }
        pending += bytes
        return flush(final: false)
    }

    /// The remaining hunks, at the end of the input.
    public mutating func finish() -> [UInt8] {
        flush(final: true)
    }

    private mutating func flush(final: Bool) -> [UInt8] {
        if final {
            defer { pending = []; edits = [] }
            return UnifiedDiff.hunks(original: pending, edits: edits, firstLine: firstLine, delta: &delta)
        }
        let context = UnifiedDiff.contextLines
        var lineStarts = [0]
        for (i, b) in pending.enumerated() where b == 0x0A && i + 1 < pending.count { lineStarts.append(i + 1) }
        // Only complete lines count; a trailing partial line stays pending.
        let complete = pending.last == 0x0A ? lineStarts.count : lineStarts.count - 1
        func line(of offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return low
        }
        let editLines = edits.map { (line(of: $0.range.lowerBound), line(of: max($0.range.lowerBound, $0.range.upperBound - 1))) }
        // The latest cut k with lines [k - (2·context + 1), k) free of edits.
        let clean = 2 * context + 1
        var cut = complete
        while cut >= clean {
            let window = (cut - clean)..<cut
            if !editLines.contains(where: { $0.0 < window.upperBound && $0.1 >= window.lowerBound }) { break }
            cut -= 1
        }
        let keepFrom = cut - context
        guard cut >= clean, keepFrom > 0 else { return [] }
        let split = cut < lineStarts.count ? lineStarts[cut] : pending.count
        let out = UnifiedDiff.hunks(original: Array(pending[..<split]), edits: edits.filter { $0.range.lowerBound < split },
                                    firstLine: firstLine, delta: &delta)
        // Keep the last `context` lines before the cut as leading context.
        let keep = lineStarts[keepFrom]
        pending.removeFirst(keep)
        edits = edits.filter { $0.range.lowerBound >= split }.map { edit in
            var moved = edit
            moved.range = (edit.range.lowerBound - keep)..<(edit.range.upperBound - keep)
            return moved
        }
        firstLine += keepFrom
        return out
    }
}
