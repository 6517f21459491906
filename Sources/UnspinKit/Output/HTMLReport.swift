/// A self-contained HTML page (no scripts, no network) that shows each file
/// side by side — as written and as unspin would restore it — with every
/// substitution highlighted; hovering shows the replacement, confidence and
/// explanation. Rows are paragraphs, so long documents stay aligned.
public struct HTMLReport: Sendable {
    private var body = ""
    private var fileCount = 0
    private var totalFindings = 0

    public init() {}

    /// Starts a file's section.
    public mutating func beginFile(_ path: String) {
        fileCount += 1
        body += "<section><h2>\(HTMLReport.escape(path))</h2>\n<table><thead><tr><th>As written</th><th>Restored</th></tr></thead><tbody>\n"
    }

    /// Adds one analysed piece of the current file (findings at or above the threshold).
    public mutating func add(_ bytes: [UInt8], findings: [Finding]) {
        totalFindings += findings.count
        // Paragraphs: no finding crosses a blank line, so each paragraph is rendered with its own findings.
        var start = 0
        var remaining = findings[...]
        for end in HTMLReport.paragraphEnds(bytes) {
            var mine: [Finding] = []
            while let next = remaining.first, next.range.lowerBound < end {
                mine.append(next)
                remaining = remaining.dropFirst()
            }
            // Blank lines around a paragraph would only pad the cell.
            var last = end
            while last > start, [0x0A, 0x0D, 0x20, 0x09].contains(bytes[last - 1]) { last -= 1 }
            if last > start {
                let cell = start..<max(last, mine.last?.range.upperBound ?? last)
                body += "<tr><td>\(render(bytes, cell, mine, side: .original))</td><td>\(render(bytes, cell, mine, side: .restored))</td></tr>\n"
            }
            start = end
        }
    }

    /// Adds the files of `other` after this report's (reports made in parallel, merged in order).
    public mutating func append(_ other: HTMLReport) {
        body += other.body
        fileCount += other.fileCount
        totalFindings += other.totalFindings
    }

    /// Ends the current file's section with its totals.
    public mutating func endFile(_ tally: SpinTally) {
        body += "</tbody></table>\n<p class=\"score\">\(tally.words) words, \(tally.findings) finding\(tally.findings == 1 ? "" : "s"), spin score <b>\(tally.spinScore)</b> (confidence-weighted findings per 100 words)</p></section>\n"
    }

    public var rendered: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>unspin report</title>
        <style>
        body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
        h1{font-size:1.4em}h2{font-size:1.1em;font-family:monospace;margin-top:2em}
        table{border-collapse:collapse;width:100%;table-layout:fixed}
        th{text-align:left;border-bottom:2px solid #999;padding:.3em .6em}
        td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd;white-space:pre-wrap;overflow-wrap:anywhere}
        mark{border-radius:3px;padding:0 2px;cursor:help}
        mark.spun{background:#ffd6d6;text-decoration:line-through #b00 1px}
        mark.fix{background:#d4f5d4}
        mark.detect{background:#ffe9b3}
        mark.low{opacity:.75}
        .score{color:#555}.legend mark{margin-right:1em}
        </style></head><body>
        <h1>unspin report</h1>
        <p class="legend"><mark class="spun">spun wording</mark><mark class="fix">restored wording</mark><mark class="detect">suspect, no proposal</mark> Hover a highlight for the rule, confidence and reason.</p>
        <p>\(fileCount) file\(fileCount == 1 ? "" : "s"), \(totalFindings) finding\(totalFindings == 1 ? "" : "s").</p>
        \(body)</body></html>

        """
    }

    private enum Side { case original, restored }

    private func render(_ bytes: [UInt8], _ range: Range<Int>, _ findings: [Finding], side: Side) -> String {
        var html = ""
        var cursor = range.lowerBound
        for finding in findings {
            html += HTMLReport.escape(bytes[cursor..<finding.range.lowerBound])
            let tip = HTMLReport.escape("\(finding.found) → \(finding.replacement ?? "?")\(FindingReport.alternativesNote(finding)) (\(finding.rule), confidence \(finding.confidence)): \(finding.explanation)")
            let low = finding.confidence < 0.8 ? " low" : ""
            switch (side, finding.replacement) {
            case (_, nil):
                html += "<mark class=\"detect\(low)\" title=\"\(tip)\">\(HTMLReport.escape(finding.found))</mark>"
            case (.original, _):
                html += "<mark class=\"spun\(low)\" title=\"\(tip)\">\(HTMLReport.escape(finding.found))</mark>"
            case (.restored, let replacement?):
                html += "<mark class=\"fix\(low)\" title=\"\(tip)\">\(HTMLReport.escape(replacement))</mark>"
            }
            cursor = finding.range.upperBound
        }
        html += HTMLReport.escape(bytes[cursor..<range.upperBound])
        return html
    }

    /// End offsets of paragraphs: just after each blank line, and the end.
    static func paragraphEnds(_ bytes: [UInt8]) -> [Int] {
        var ends: [Int] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                var j = i + 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
                if j < bytes.count, bytes[j] == 0x0A {
                    ends.append(j + 1)
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        if ends.last != bytes.count { ends.append(bytes.count) }
        return ends
    }

    static func escape(_ bytes: ArraySlice<UInt8>) -> String {
        escape(String(decoding: bytes, as: UTF8.self))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
