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
    static func run(_ action: Action, field: String, path: String, unspinner: Unspinner) throws -> Int {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        let label = path == "-" ? "stdin" : path
        guard fd >= 0 else { throw FileError.errno(path, "cannot open") }
        defer { if fd > 0 { close(fd) } }
        var reader = LineReader(fd: fd, path: label)
        var lineNumber = 0
        var total = 0
        while let (line, terminated) = try reader.next() {
            lineNumber += 1
            var out = line
            if let members = JSONLine.members(line),
               let member = members.first(where: { $0.key == field }),
               let text = JSONLine.decodeString(Array(line[member.value])) {
                let bytes = Array(text.utf8)
                let analysis = unspinner.analyze(bytes)
                var summary = JSONObject()
                // Where the members are in `out`: only a corrected field moves those after it.
                var members = members
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
                    total += findings.count
                }
                summary.add("words", analysis.words)
                summary.add("spin_score", analysis.spinScore)
                out = JSONLine.setting("unspin", to: summary.rendered, in: out, members: members)
            } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                Output.warning("\(label):\(lineNumber): not a JSON object with a string field '\(field)'; passed through")
            }
            if terminated { out.append(0x0A) }
            Output.write(out)
        }
        return total
    }
}
