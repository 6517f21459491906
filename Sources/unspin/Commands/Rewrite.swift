import ArgumentParser
import UnspinKit

/// Batch mode: correct files in place (or into a mirrored tree).
struct Rewrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct files in place, recursing into directories.",
        discussion: """
            Hidden files and directories (.git …), symbolic links inside directories, binary files and \
            files that are not valid UTF-8 are skipped, each with a message. Every file is replaced \
            atomically (temporary file in the same directory, flushed, renamed over the original) and \
            keeps its permissions. With --output, files are written to a mirrored tree instead: each \
            directory named is mirrored into DIR, skipped files are copied unchanged.
            """)

    @Argument(help: ArgumentHelp("Files or directories to rewrite.", valueName: "PATH"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write corrected copies under this directory instead.", valueName: "DIR"))
    var output: String?

    @Flag(help: "Report what would change; write nothing.")
    var dryRun = false

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or directory") }
        if paths.contains("-") { throw ValidationError("rewrite works on files; use `unspin fix` for standard input") }
    }

    func run() throws {
        let unspinner = try engine.makeUnspinner()
        var scanned = 0, changed = 0, skipped = 0, edits = 0, errors = 0

        func destination(_ relative: String) -> String? {
            output.map { $0.hasSuffix("/") ? $0 + relative : $0 + "/" + relative }
        }
        func copyUnchanged(_ path: String, _ relative: String) {
            guard let target = destination(relative), !dryRun else { return }
            do {
                let bytes = try FileSystem.read(path)
                try FileSystem.makeDirectories(FileSystem.parentDirectory(of: target))
                try FileSystem.writeAtomically(bytes, to: target, modeOf: path)
            } catch {
                Output.error("\(error)")
                errors += 1
            }
        }

        for root in paths {
            TreeWalker.walk([root]) { item in
                switch item {
                case .failed(let error):
                    Output.error("\(error)")
                    errors += 1
                case .skipped(let path, let reason):
                    Output.error("skipping \(path): \(reason)")
                    skipped += 1
                case .file(let path, let relative):
                    do {
                        let bytes = try FileSystem.read(path)
                        let verdict = TextClassifier.classify(bytes)
                        if let reason = TextClassifier.skipReason(verdict) {
                            Output.error("skipping \(path): \(reason)")
                            skipped += 1
                            copyUnchanged(path, relative)
                            return
                        }
                        scanned += 1
                        let fileEdits = unspinner.analyze(bytes).edits
                        let corrected = fileEdits.applied(to: bytes)
                        let differs = corrected != bytes
                        if differs {
                            changed += 1
                            edits += fileEdits.count
                            Output.error("\(dryRun ? "would fix" : "fixed") \(path): \(fileEdits.count) edit\(fileEdits.count == 1 ? "" : "s")")
                        }
                        guard !dryRun else { return }
                        if let target = destination(relative) {
                            try FileSystem.makeDirectories(FileSystem.parentDirectory(of: target))
                            try FileSystem.writeAtomically(corrected, to: target, modeOf: path)
                        } else if differs {
                            try FileSystem.writeAtomically(corrected, to: path)
                        }
                    } catch {
                        Output.error("\(error)")
                        errors += 1
                    }
                }
            }
        }
        let verb = dryRun ? "would change" : "changed"
        Output.error("unspin: \(scanned) file\(scanned == 1 ? "" : "s") scanned, \(changed) \(verb), \(skipped) skipped, \(edits) edit\(edits == 1 ? "" : "s")\(errors > 0 ? ", \(errors) error\(errors == 1 ? "" : "s")" : "")")
        if errors > 0 { throw ExitCode(2) }
    }
}
