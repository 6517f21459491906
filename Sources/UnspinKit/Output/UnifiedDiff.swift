/// Renders proposed edits as a unified diff (`diff -u` format, 3 lines of
/// context). Because edits never overlap and bytes outside them are unchanged,
/// hunks come straight from the edits: no line-matching algorithm is needed,
/// and the diff is exactly what `fix` would write.
public enum UnifiedDiff {
    public static let contextLines = 3

    /// The diff of `original` after `edits`, or an empty array when nothing changes.
    public static func render(path: String, original: [UInt8], edits: [Finding]) -> [UInt8] {
        var delta = 0
        let body = hunks(original: original, edits: edits, delta: &delta)
        return body.isEmpty ? [] : header(path: path) + body
    }

    public static func header(path: String) -> [UInt8] {
        Array("--- a/\(path)\n+++ b/\(path)\n".utf8)
    }

    /// The hunks for one piece of a file that starts at 0-based line
    /// `firstLine`; `delta` carries the line-count change of earlier pieces.
    public static func hunks(original: [UInt8], edits: [Finding], firstLine: Int = 0, delta: inout Int) -> [UInt8] {
        let edits = edits.filter(\.isEdit)
        guard !edits.isEmpty else { return [] }
        let index = LineIndex(original)
        let starts = index.lineStarts
        let lineCount = original.last == 0x0A ? starts.count - 1 : starts.count
        func lineEnd(_ line: Int) -> Int { line + 1 < starts.count ? starts[line + 1] : original.count }

        // Blocks: runs of old lines touched by edits (an edit across a line break
        // joins its lines). Hunks: blocks whose context would overlap.
        typealias Block = (first: Int, last: Int, edits: [Finding])
        var blocks: [Block] = []
        for edit in edits {
            let first = index.lineIndex(of: edit.range.lowerBound)
            let last = index.lineIndex(of: max(edit.range.lowerBound, edit.range.upperBound - 1))
            if let previous = blocks.last, first <= previous.last {
                blocks[blocks.count - 1].last = max(previous.last, last)
                blocks[blocks.count - 1].edits.append(edit)
            } else {
                blocks.append((first, last, [edit]))
            }
        }
        var hunks: [[Block]] = []
        for block in blocks {
            if let last = hunks.last?.last, block.first - last.last - 1 <= 2 * contextLines {
                hunks[hunks.count - 1].append(block)
            } else {
                hunks.append([block])
            }
        }

        func oldLines(_ first: Int, _ last: Int) -> [ArraySlice<UInt8>] {
            first > last ? [] : splitLines(original[starts[first]..<lineEnd(last)])
        }

        var out: [UInt8] = []
        for hunk in hunks {
            let from = max(0, hunk[0].first - contextLines)
            let to = min(lineCount - 1, hunk[hunk.count - 1].last + contextLines)
            var body: [UInt8] = []
            var newCount = 0
            var line = from
            for block in hunk {
                for context in oldLines(line, block.first - 1) { emit(&body, " ", context); newCount += 1 }
                let base = starts[block.first]
                let oldBlock = Array(original[base..<lineEnd(block.last)])
                let shifted = block.edits.map { edit -> Finding in
                    var e = edit
                    e.range = (edit.range.lowerBound - base)..<(edit.range.upperBound - base)
                    return e
                }
                for old in splitLines(oldBlock[...]) { emit(&body, "-", old) }
                let newBlock = shifted.applied(to: oldBlock)
                for new in splitLines(newBlock[...]) { emit(&body, "+", new); newCount += 1 }
                line = block.last + 1
            }
            for context in oldLines(line, to) { emit(&body, " ", context); newCount += 1 }
            let oldCount = to - from + 1
            out.append(contentsOf: "@@ -\(range(firstLine + from + 1, oldCount)) +\(range(firstLine + from + 1 + delta, newCount)) @@\n".utf8)
            out.append(contentsOf: body)
            delta += newCount - oldCount
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }

    /// Lines including their terminator; a last line without one is kept as is.
    private static func splitLines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for i in bytes.indices where bytes[i] == 0x0A {
            lines.append(bytes[start...i])
            start = i + 1
        }
        if start < bytes.endIndex { lines.append(bytes[start...]) }
        return lines
    }

    private static func emit(_ out: inout [UInt8], _ marker: String, _ line: ArraySlice<UInt8>) {
        out.append(contentsOf: marker.utf8)
        out.append(contentsOf: line)
        if line.last != 0x0A {
            out.append(contentsOf: "\n\\ No newline at end of file\n".utf8)
        }
    }
}
