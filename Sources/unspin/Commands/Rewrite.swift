import ArgumentParser
import UnspinKit

#if canImport(Glibc)
import Glibc
#endif

/// Batch mode: correct files in place (or into a mirrored tree).
struct Rewrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",  // explicit: deriving it from the type name costs start-up time
        abstract: "Correct files in place, recursing into directories.",
        discussion: """
            Hidden files and directories (.git …), symbolic links inside directories, binary files and \
            files that are not valid UTF-8 are skipped, each with a message (--include-invalid corrects \
            the last kind, keeping their invalid bytes). UTF-16/UTF-32 files with a byte-order mark are \
            corrected and written back in their encoding. Every changed file is replaced atomically \
            (temporary file in the same directory, flushed, renamed over the original) and keeps its \
            permissions and owner; a file named through a symbolic link is written where the link \
            points. Temporary files left by an interrupted run are removed. With --output, files are \
            written to a mirrored tree instead: each directory named is mirrored into DIR, skipped \
            files are copied unchanged. Exit status: 0 done, 2 any file could not be read or written \
            (the others are still processed).
            """)

    @Argument(help: ArgumentHelp("Files or directories to rewrite.", valueName: "PATH"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write corrected copies under this directory instead.", valueName: "DIR"))
    var output: String?

    @Flag(help: "Report what would change; write nothing.")
    var dryRun = false

    @Flag(help: "Also correct files that are not valid UTF-8; their invalid bytes are kept as they are.")
    var includeInvalid = false

    @OptionGroup var engine: EngineOptions
    @OptionGroup var display: OutputOptions
    @OptionGroup var input: EncodingOption
    @OptionGroup var jobs: JobsOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or directory") }
        if paths.contains("-") { throw ValidationError("rewrite works on files; use `unspin fix` for standard input") }
    }

    struct Counts {
        var scanned = 0, changed = 0, skipped = 0, edits = 0, errors = 0

        static func += (a: inout Counts, b: Counts) {
            a.scanned += b.scanned
            a.changed += b.changed
            a.skipped += b.skipped
            a.edits += b.edits
            a.errors += b.errors
        }
    }

    func run() throws {
        display.apply()
        let context = try engine.makeContext()
        var counts = Counts()
        for root in paths where !dryRun {
            switch FileSystem.kind(root) {
            case .directory:
                removeStaleTemporaries(under: root)
            case .file:
                let target = FileSystem.resolve(root) ?? root
                for path in AtomicFileWriter.removeStaleTemporaries(in: FileSystem.parentDirectory(of: target), only: FileSystem.baseName(of: target)) {
                    Output.info("removed \(path), left by an interrupted run")
                }
            default:
                break
            }
        }
        let files = context.inputFiles(paths, skipped: &counts.skipped, failed: &counts.errors)
        // Several files at once (forEachInOrder) when the engines can all be made
        // first (RunContext is not thread-safe); else one after another, so an
        // error comes where it always did.
        if jobs.count > 1, files.count > 1, let engines = context.unspinnersAhead(for: files) {
            forEachInOrder(count: files.count, jobs: jobs.count, work: { i in
                var fileCounts = Counts()
                do {
                    try rewrite(files[i].path, relative: files[i].relative, explicit: files[i].explicit, engines[i], threads: 1, &fileCounts)
                } catch {
                    Output.error("\(error)")
                    fileCounts.errors += 1
                }
                return fileCounts
            }, finish: { index, fileCounts in
                if files.count >= 20 { Output.progress("rewriting", index + 1, files.count) }
                counts += fileCounts
            })
        } else {
            try rewriteInTurn(files, context, &counts)
        }
        Output.clearProgress()
        let verb = dryRun ? "would change" : "changed"
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        Output.info("\(plural(counts.scanned, "file")) scanned, \(counts.changed) \(verb), \(counts.skipped) skipped, \(plural(counts.edits, "edit"))\(counts.errors > 0 ? ", \(plural(counts.errors, "error"))" : "")")
        if counts.errors > 0 { throw ExitCode(2) }
    }

    /// The files one after another (--jobs 1, or a single file: its chunks on `jobs` threads).
    private func rewriteInTurn(_ files: [InputFile], _ context: RunContext, _ counts: inout Counts) throws {
        for (index, file) in files.enumerated() {
            if files.count >= 20 { Output.progress("rewriting", index, files.count) }
            do {
                try rewrite(file.path, relative: file.relative, explicit: file.explicit,
                            try context.unspinner(for: file.path), threads: jobs.count, &counts)
            } catch let error as FileError {
                Output.error("\(error)")
                counts.errors += 1
            }
        }
    }

    private func destination(_ relative: String) -> String? {
        output.map { $0.hasSuffix("/") ? $0 + relative : $0 + "/" + relative }
    }

    /// `threads`: threads for the file's chunks (`TextInput.threads`).
    private func rewrite(_ path: String, relative: String, explicit: Bool, _ unspinner: Unspinner, threads: Int,
                         _ counts: inout Counts) throws {
        // Write through a symbolic link named on the command line, not over it.
        let target = explicit ? (FileSystem.resolve(path) ?? path) : path
        let text = try TextInput(target, encoding: input.encoding)
        text.threads = threads
        var skipReason: String?
        switch text.form {
        case .binary:
            skipReason = TextClassifier.skipReason(.binary)
        case .utf8 where !includeInvalid:
            if let bad = try FileSystem.firstInvalidUTF8Offset(target) {
                skipReason = TextClassifier.skipReason(.invalidUTF8(offset: bad))
            }
        default:
            break
        }
        if let skipReason {
            Output.info("skipping \(path): \(skipReason)")
            counts.skipped += 1
            if let mirror = destination(relative), !dryRun {
                try FileSystem.makeDirectories(FileSystem.parentDirectory(of: mirror))
                try FileSystem.writeAtomically(try FileSystem.read(target), to: mirror, modeOf: target)
            }
            return
        }

        counts.scanned += 1
        let mirror = destination(relative)
        if let mirror, !dryRun { try FileSystem.makeDirectories(FileSystem.parentDirectory(of: mirror)) }
        // A mirror is always written; a file in place only once an edit shows up, so
        // clean files (the common case) cost no temporary file and need no write access.
        var writer: AtomicFileWriter? = mirror != nil && !dryRun ? try AtomicFileWriter(replacing: mirror!, modeOf: target) : nil
        var edits = 0
        var converted: [UInt8] = []
        let isConverted: Bool
        if case .converted = text.form { isConverted = true } else { isConverted = false }
        try text.analyze(with: unspinner) { piece in
            let pieceEdits = piece.analysis.edits
            edits += pieceEdits.count
            let corrected = pieceEdits.isEmpty ? piece.chunk.bytes : pieceEdits.applied(to: piece.chunk.bytes)
            if isConverted {
                converted += corrected
                return
            }
            if writer == nil && !pieceEdits.isEmpty && !dryRun {
                writer = try AtomicFileWriter(replacing: target, modeOf: target)
                try writer!.copy(from: target, count: piece.chunk.offset)  // the unchanged pieces before
            }
            try writer?.write(corrected)
        }
        if case .converted(let encoding) = text.form, !dryRun, edits > 0 || mirror != nil {
            guard let encoded = encoding.encode(converted) else {
                throw FileError(path: path, reason: "a correction cannot be written in \(encoding.name); file left unchanged")
            }
            if writer == nil { writer = try AtomicFileWriter(replacing: target, modeOf: target) }
            try writer!.write(encoded)
        }
        if edits > 0 {
            counts.changed += 1
            counts.edits += edits
            Output.info("\(dryRun ? "would fix" : "fixed") \(path): \(edits) edit\(edits == 1 ? "" : "s")")
        }
        try writer?.commit()
    }

    private func removeStaleTemporaries(under directory: String) {
        for path in AtomicFileWriter.removeStaleTemporaries(in: directory) {
            Output.info("removed \(path), left by an interrupted run")
        }
        guard let names = try? FileSystem.list(directory) else { return }
        for name in names where !name.hasPrefix(".") {
            let path = directory + "/" + name
            if FileSystem.kind(path, followLinks: false) == .directory { removeStaleTemporaries(under: path) }
        }
    }
}
