import ArgumentParser
import UnspinKit

#if canImport(Glibc)
import Glibc
#endif

/// Corpus mode (`--jsonl FIELD`): one JSON object per line in, one per line
/// out, in the same order, each with the text of FIELD corrected (`fix`) or
/// its findings added (`check`) under the key "unspin". Stateless and
/// line-preserving, so it runs under GNU parallel, Hadoop streaming and
/// Spark's `rdd.pipe`. A line that is not a JSON object with a string FIELD is
/// passed through unchanged, with a warning on stderr naming its line.
enum CorpusMode {
    enum Action { case fix, check }

    /// Processes `path` ("-" for stdin); returns the number of findings reported.
    /// Lines are independent: with `jobs` > 1 a batch of lines is processed
    /// on that many threads and written in order. A batch takes only lines
    /// that can be read without waiting, so a caller that writes a line and
    /// waits for its answer gets it.
    static func run(_ action: Action, field: String, path: String, unspinner: Unspinner, jobs: Int = 1) throws -> Int {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        let label = path == "-" ? "stdin" : path
        guard fd >= 0 else { throw FileError.errno(path, "cannot open") }
        defer { if fd > 0 { close(fd) } }
        var reader = LineReader(fd: fd, path: label)
        var lineNumber = 0
        var total = 0
        // Lines are written a buffer at a time, not a write each.
        var written: [UInt8] = []
        func flush() {
            if !written.isEmpty { Output.write(written) }
            written.removeAll(keepingCapacity: true)
        }
        while let first = try reader.next() {
            var batch = [first], bytes = first.line.count
            while jobs > 1, batch.count < batchLinesPerJob * jobs, bytes < batchBytes, let next = try reader.nextWithoutWaiting() {
                batch.append(next)
                bytes += next.line.count
            }
            let lines = batch, firstNumber = lineNumber + 1
            lineNumber += lines.count
            // Threads take the lines a group at a time: handing over each line
            // alone cost as much in waking threads as a short line's analysis.
            let groups = (lines.count + linesPerGroup - 1) / linesPerGroup
            forEachInOrder(count: groups, jobs: jobs, work: { g in
                (g * linesPerGroup..<min(lines.count, (g + 1) * linesPerGroup)).map { i in
                    process(action, field: field, lines[i].line, number: firstNumber + i, label: label, unspinner: unspinner)
                }
            }, finish: { g, results in
                for (k, result) in results.enumerated() {
                    if let warning = result.warning {
                        // Standard output up to this line first, as one line at a time writes it.
                        flush()
                        Output.warning(warning)
                    }
                    total += result.findings
                    written += result.out
                    if lines[g * linesPerGroup + k].terminated { written.append(0x0A) }
                }
                if written.count >= 1 << 16 { flush() }
            })
            // A batch's lines go out before the next is waited for.
            flush()
        }
        return total
    }

    /// The most lines a batch holds per thread, and the most bytes in all:
    /// each batch ends with threads waiting for its slowest line.
    static let batchLinesPerJob = 256, batchBytes = 16 << 20, linesPerGroup = 16

    /// One line's output (without its line end), the findings it reports,
    /// and the warning to write before it, if any (written by the caller, in
    /// order with standard output).
    static func process(_ action: Action, field: String, _ line: [UInt8], number: Int, label: String,
                        unspinner: Unspinner) -> (out: [UInt8], findings: Int, warning: String?) {
        guard let parsed = JSONLine.members(line),
              let member = parsed.first(where: { $0.key == field }),
              let text = JSONLine.decodeString(Array(line[member.value])) else {
            let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            return (line, 0, blank ? nil : "\(label):\(number): not a JSON object with a string field '\(field)'; passed through")
        }
        var out = line
        // Where the members are in `out`: only a corrected field moves those after it.
        var members = parsed
        let bytes = Array(text.utf8)
        let analysis = unspinner.analyze(bytes)
        var summary = JSONObject()
        var reported = 0
        switch action {
        case .fix:
            // An unchanged field keeps its exact bytes (escapes included).
            if !analysis.edits.isEmpty {
                let corrected = String(decoding: analysis.edits.applied(to: bytes), as: UTF8.self)
                out = JSONLine.setting(field, to: JSONObject.quote(corrected), in: line, members: members)
                members = JSONLine.members(out) ?? members
            }
            summary.add("edits", analysis.edits.count)
        case .check:
            let findings = analysis.findings.map { finding -> String in
                var o = JSONObject()
                o.add("start", finding.range.lowerBound)
                o.add("end", finding.range.upperBound)
                FindingReport.addProposal(finding, to: &o)
                o.add("rule", finding.rule)
                o.add("confidence", finding.confidence)
                o.add("explanation", finding.explanation)
                return o.rendered
            }
            summary.addRaw("findings", "[" + findings.joined(separator: ",") + "]")
            reported = findings.count
        }
        summary.add("words", analysis.words)
        summary.add("spin_score", analysis.spinScore)
        return (JSONLine.setting("unspin", to: summary.rendered, in: out, members: members), reported, nil)
    }
}
