import ArgumentParser
import UnspinKit

/// The filter: corrected text on stdout, nothing else.
struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the corrected text of a file (or standard input) to standard output.",
        discussion: "Only corrected text goes to standard output; warnings go to standard error. "
            + "Input that is binary or not UTF-8/text is passed through unchanged with a warning.")

    @Argument(help: ArgumentHelp("The file to correct; '-' or nothing for standard input.", valueName: "PATH"))
    var path: String = "-"

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let unspinner = try engine.makeUnspinner()
        let input: Input
        do {
            input = try Input.read(path)
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        switch input.verdict {
        case .text:
            break
        case .invalidUTF8(let offset):
            Output.error("warning: \(input.label): not valid UTF-8 at byte \(offset); invalid bytes are passed through")
        case .binary, .otherEncoding:
            Output.error("warning: \(input.label): \(TextClassifier.skipReason(input.verdict)!); passed through unchanged")
            Output.write(input.bytes)
            return
        }
        let analysis = unspinner.analyze(input.bytes)
        Output.write(analysis.edits.applied(to: input.bytes))
    }
}
