import ArgumentParser
import UnspinKit

/// Review mode: the proposed corrections as a unified diff.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the proposed corrections as a unified diff.",
        discussion: "Exit status: 0 no differences, 1 differences, 2 an error (like diff). "
            + "The diff applies with `patch -p1` from the directory the paths are relative to.")

    @Argument(help: ArgumentHelp("Files or directories; '-' or nothing for standard input.", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let unspinner = try engine.makeUnspinner()
        var differs = false
        let failed = try forEachInput(paths) { input in
            let edits = unspinner.analyze(input.bytes).edits
            let diff = UnifiedDiff.render(path: input.label, original: input.bytes, edits: edits)
            if !diff.isEmpty {
                differs = true
                Output.write(diff)
            }
        }
        if failed { throw ExitCode(2) }
        if differs { throw ExitCode(1) }
    }
}
