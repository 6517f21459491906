import ArgumentParser
import UnspinKit

/// Report mode: findings, one per line or as JSON.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",  // explicit: deriving it from the type name costs start-up time
        abstract: "Report suspected spinner substitutions.",
        discussion: """
            text: `path:line:column: found -> replacement (rule, confidence)` per finding, then a spin \
            score line per file on standard error. jsonl: one object per finding (path, line, column, \
            start, end, found, replacement, rule, source, confidence, explanation; start/end are byte \
            offsets in the input as given, line/column 1-based, columns in Unicode scalars), then one \
            summary object per file (path, words, findings, spin_score). json: one document with a \
            `files` array. sarif: a SARIF 2.1.0 log with a fix per finding, for code-scanning tools.
            Exit status: 0 nothing found, 1 findings at or above the threshold, 2 an error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl, sarif
    }

    @Argument(help: ArgumentHelp("Files or directories; '-' or nothing for standard input.", valueName: "PATH"))
    var paths: [String] = []

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Corpus mode: read one JSON object per line and add the findings for its string FIELD under \"unspin\".", valueName: "FIELD"))
    var jsonl: String?

    @OptionGroup var engine: EngineOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var input: EncodingOption
    @OptionGroup var jobs: JobsOption

    /// One file's part of the report (see forEachTextInput).
    struct CheckedFile: FileResult {
        var label = ""
        var findings = 0
        /// Its object in the `json` format.
        var json: String?
        var sarifFindings: [(Finding, Location)] = []
        /// Rules (dictionaries) to describe in the `sarif` format.
        var rules: [(String, String)] = []
    }

    func run() throws {
        display.apply()
        let context = try engine.makeContext()
        if let field = jsonl {
            var total = 0
            var failed = false
            for path in paths.isEmpty ? ["-"] : paths {
                do {
                    total += try CorpusMode.run(.check, field: field, path: path, unspinner: try context.unspinner(for: path == "-" ? nil : path),
                                                  jobs: jobs.count)
                } catch let error as FileError {
                    Output.error("\(error)")
                    failed = true
                }
            }
            if failed { throw ExitCode(2) }
            if total > 0 { throw ExitCode(1) }
            return
        }
        var total = 0
        var files: [String] = []
        var sarif = SARIFReport(toolVersion: Unspin.version)
        let format = self.format
        let failed = try forEachTextInput(paths, context: context, encoding: input.encoding, jobs: jobs.count) {
            (text: TextInput, unspinner: Unspinner, result: inout CheckedFile) in
            let label = text.label
            result.label = label
            var tally = SpinTally()
            var objects: [String] = []
            try text.analyze(with: unspinner, invalid: warnInvalidUTF8(label)) { piece in
                tally.add(piece.analysis)
                let findings = piece.analysis.findings
                guard !findings.isEmpty else { return }  // (no line index to build)
                let locator = piece.locator
                for finding in findings {
                    let location = locator.location(of: finding)
                    switch format {
                    case .text: Output.line(Check.textLine(label, finding, location))
                    case .jsonl: Output.line(FindingReport.jsonObject(path: label, finding: finding, at: location))
                    case .json: objects.append(FindingReport.jsonObject(path: label, finding: finding, at: location))
                    case .sarif: result.sarifFindings.append((finding, location))
                    }
                }
            }
            result.findings = tally.findings
            switch format {
            case .text:
                if tally.findings > 0 {
                    Output.info("\(label): \(tally.findings) finding\(tally.findings == 1 ? "" : "s") in \(tally.words) words, spin score \(tally.spinScore)")
                }
            case .jsonl:
                Output.line(FindingReport.summaryObject(path: label, tally: tally))
            case .json:
                var file = JSONObject()
                file.add("path", label)
                file.add("words", tally.words)
                file.add("spin_score", tally.spinScore)
                file.addRaw("findings", "[" + objects.joined(separator: ",") + "]")
                result.json = file.rendered
            case .sarif:
                // Dictionaries describe themselves; the context and spintax rules by their pass summary.
                result.rules = unspinner.table.dictionaries.map { ($0.name, $0.description ?? "Spinner substitutions listed in \($0.name)") }
                    + PassRegistry.passes.map { (type(of: $0).id, type(of: $0).summary) }
            }
        } merge: { file in
            total += file.findings
            if let json = file.json { files.append(json) }
            for (finding, location) in file.sarifFindings { sarif.add(finding, path: file.label, at: location) }
            for (rule, description) in file.rules { sarif.describe(rule: rule, description) }
        }
        if format == .json {
            var document = JSONObject()
            document.add("threshold", context.threshold(for: nil))
            document.addRaw("files", "[" + files.joined(separator: ",\n") + "]")
            document.add("findings", total)
            Output.line(document.rendered)
        }
        if format == .sarif { Output.line(sarif.rendered) }
        if failed { throw ExitCode(2) }
        if total > 0 { throw ExitCode(1) }
    }

    /// The text format, coloured when colour is on.
    static func textLine(_ path: String, _ finding: Finding, _ location: Location) -> String {
        guard Output.color else { return FindingReport.textLine(path: path, finding: finding, at: location) }
        let replacement = finding.replacement.map { Output.styled($0, .green) } ?? Output.styled("?", .yellow)
        let detail = Output.styled("(\(finding.rule), \(FindingReport.format(finding.confidence)))", .dim)
        return "\(Output.styled("\(path):\(location.line):\(location.column):", .bold)) \(Output.styled(FindingReport.oneLine(finding.found), .red)) -> \(replacement) \(detail)"
    }
}
