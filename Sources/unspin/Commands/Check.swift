import ArgumentParser
import UnspinKit

/// Report mode: findings, one per line or as JSON.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report suspected spinner substitutions.",
        discussion: """
            text: `path:line:column: found -> replacement (rule, confidence)` per finding, then a spin \
            score line per file on standard error. jsonl: one object per finding (path, line, column, \
            start, end, found, replacement, rule, source, confidence, explanation; start/end are byte \
            offsets, line/column 1-based, columns in Unicode scalars), then one summary object per file \
            (path, words, findings, spin_score). json: one document with a `files` array.
            Exit status: 0 nothing found, 1 findings at or above the threshold, 2 an error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl
    }

    @Argument(help: ArgumentHelp("Files or directories; '-' or nothing for standard input.", valueName: "PATH"))
    var paths: [String] = []

    @Option(help: "Output format.")
    var format: Format = .text

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let unspinner = try engine.makeUnspinner()
        var total = 0
        var files: [String] = []
        let failed = try forEachInput(paths) { input in
            let analysis = unspinner.analyze(input.bytes)
            let index = LineIndex(input.bytes)
            let findings = analysis.findings
            total += findings.count
            switch format {
            case .text:
                for finding in findings {
                    Output.line(FindingReport.textLine(path: input.label, finding: finding, index: index))
                }
                if !findings.isEmpty {
                    Output.error("\(input.label): \(findings.count) finding\(findings.count == 1 ? "" : "s") in \(analysis.words) words, spin score \(analysis.spinScore)")
                }
            case .jsonl:
                for finding in findings {
                    Output.line(FindingReport.jsonObject(path: input.label, finding: finding, index: index))
                }
                Output.line(FindingReport.summaryObject(path: input.label, analysis: analysis))
            case .json:
                var file = JSONObject()
                file.add("path", input.label)
                file.add("words", analysis.words)
                file.add("spin_score", analysis.spinScore)
                let objects = findings.map { FindingReport.jsonObject(path: input.label, finding: $0, index: index) }
                file.addRaw("findings", "[" + objects.joined(separator: ",") + "]")
                files.append(file.rendered)
            }
        }
        if format == .json {
            var document = JSONObject()
            document.add("threshold", engine.threshold)
            document.addRaw("files", "[" + files.joined(separator: ",\n") + "]")
            document.add("findings", total)
            Output.line(document.rendered)
        }
        if failed { throw ExitCode(2) }
        if total > 0 { throw ExitCode(1) }
    }
}
