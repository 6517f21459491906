import ArgumentParser
import UnspinKit

/// The filter: corrected text on stdout, nothing else.
struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",  // explicit: deriving it from the type name costs start-up time
        abstract: "Write the corrected text of a file (or standard input) to standard output.",
        discussion: """
            Only corrected text goes to standard output; warnings go to standard error. Input is \
            read in chunks that end at paragraph breaks, so any size is corrected in bounded memory. \
            Invalid UTF-8 bytes pass through untouched while the text around them is corrected; \
            binary input passes through unchanged with a warning. UTF-16 and UTF-32 input (with a \
            byte-order mark) is corrected and written back in its own encoding.
            """)

    @Argument(help: ArgumentHelp("The file to correct; '-' or nothing for standard input.", valueName: "PATH"))
    var path: String = "-"

    @Option(help: ArgumentHelp("Corpus mode: read one JSON object per line and correct its string FIELD.", valueName: "FIELD"))
    var jsonl: String?

    @OptionGroup var engine: EngineOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var input: EncodingOption
    @OptionGroup var jobs: JobsOption

    func run() throws {
        display.apply()
        let context = try engine.makeContext()
        let unspinner = try context.unspinner(for: path == "-" ? nil : path)
        do {
            if let field = jsonl {
                _ = try CorpusMode.run(.fix, field: field, path: path, unspinner: unspinner, jobs: jobs.count)
                return
            }
            let text = try TextInput(path, encoding: input.encoding)
            text.threads = jobs.count
            let label = text.label
            switch text.form {
            case .binary:
                Output.warning("\(text.label): \(TextClassifier.skipReason(.binary)!); passed through unchanged")
                try text.passThrough()
            case .utf8:
                try text.analyze(with: unspinner, invalid: warnInvalidUTF8(text.label)) { piece in
                    Output.write(piece.corrected)
                }
            case .converted(let encoding):
                try text.analyze(with: unspinner) { piece in
                    guard let encoded = encoding.encode(piece.corrected) else {
                        throw FileError(path: label, reason: "a correction cannot be written in \(encoding.name)")
                    }
                    Output.write(encoded)
                }
            }
        } catch let error as FileError {
            Output.error("\(error)")
            throw ExitCode(2)
        }
    }
}
