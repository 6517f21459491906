import ArgumentParser
import UnspinKit

/// Review mode: the proposed corrections as a unified diff.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the proposed corrections as a unified diff.",
        discussion: "Exit status: 0 no differences, 1 differences, 2 an error (like diff). "
            + "The diff applies with `patch -p1` from the directory the paths are relative to. "
            + "Text converted from another encoding is shown in UTF-8.")

    @Argument(help: ArgumentHelp("Files or directories; '-' or nothing for standard input.", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var engine: EngineOptions
    @OptionGroup var input: EncodingOption

    func run() throws {
        let context = try engine.makeContext()
        var differs = false
        let failed = try forEachTextInput(paths, context: context, encoding: input.encoding) { text, unspinner in
            var delta = 0
            var headerWritten = false
            let label = text.label
            try text.analyze(with: unspinner, invalid: warnInvalidUTF8(label)) { piece in
                let hunks = UnifiedDiff.hunks(original: piece.chunk.bytes, edits: piece.analysis.edits,
                                              firstLine: piece.chunk.firstLine, delta: &delta)
                guard !hunks.isEmpty else { return }
                if !headerWritten {
                    Output.write(UnifiedDiff.header(path: label))
                    headerWritten = true
                }
                differs = true
                Output.write(hunks)
            }
        }
        if failed { throw ExitCode(2) }
        if differs { throw ExitCode(1) }
    }
}
