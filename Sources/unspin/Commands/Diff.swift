import ArgumentParser
import UnspinKit

/// Review mode: the proposed corrections as a unified diff.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",  // explicit: deriving it from the type name costs start-up time
        abstract: "Show the proposed corrections as a unified diff.",
        discussion: "Exit status: 0 no differences, 1 differences, 2 an error (like diff). "
            + "The diff applies with `patch -p1` from the directory the paths are relative to. "
            + "Text converted from another encoding is shown in UTF-8.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case unified, html
    }

    @Argument(help: ArgumentHelp("Files or directories; '-' or nothing for standard input.", valueName: "PATH"))
    var paths: [String] = []

    @Option(help: "unified: a patch; html: a self-contained side-by-side page with every substitution highlighted.")
    var format: Format = .unified

    @OptionGroup var engine: EngineOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var input: EncodingOption
    @OptionGroup var jobs: JobsOption

    /// One file's part of the diff (see forEachTextInput); unified hunks are written as they come.
    struct DiffedFile: FileResult {
        var differs = false
        var html = HTMLReport()
    }

    func run() throws {
        display.apply()
        let context = try engine.makeContext()
        var differs = false
        var html = HTMLReport()
        let format = self.format
        let failed = try forEachTextInput(paths, context: context, encoding: input.encoding, jobs: jobs.count) {
            (text: TextInput, unspinner: Unspinner, result: inout DiffedFile) in
            if format == .html {
                var tally = SpinTally()
                result.html.beginFile(text.label)
                try text.analyze(with: unspinner, invalid: warnInvalidUTF8(text.label)) { piece in
                    tally.add(piece.analysis)
                    if !piece.analysis.edits.isEmpty { result.differs = true }
                    result.html.add(piece.chunk.bytes, findings: piece.analysis.findings)
                }
                result.html.endFile(tally)
                return
            }
            var stream = UnifiedDiffStream()
            var headerWritten = false
            let label = text.label
            func emit(_ hunks: [UInt8]) {
                guard !hunks.isEmpty else { return }
                if !headerWritten {
                    Output.write(Diff.colored(UnifiedDiff.header(path: label)))
                    headerWritten = true
                }
                result.differs = true
                Output.write(Diff.colored(hunks))
            }
            try text.analyze(with: unspinner, invalid: warnInvalidUTF8(label)) { piece in
                emit(stream.add(piece.chunk.bytes, edits: piece.analysis.edits, firstLine: piece.chunk.firstLine))
            }
            emit(stream.finish())
        } merge: { file in
            if file.differs { differs = true }
            html.append(file.html)
        }
        if format == .html { Output.write(html.rendered) }
        if failed { throw ExitCode(2) }
        if differs { throw ExitCode(1) }
    }

    /// Diff lines coloured like git's when colour is on: removals red, additions green, hunk headers cyan.
    static func colored(_ diff: [UInt8]) -> [UInt8] {
        guard Output.color else { return diff }
        var out: [UInt8] = []
        for line in diff.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            let text = String(decoding: line, as: UTF8.self)
            let style: Output.Style? = text.hasPrefix("---") || text.hasPrefix("+++") ? .bold
                : text.hasPrefix("@@") ? .cyan : text.hasPrefix("-") ? .red : text.hasPrefix("+") ? .green : nil
            out += Array((style.map { Output.styled(text, $0) } ?? text).utf8) + [0x0A]
        }
        return out
    }
}
