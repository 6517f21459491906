import UnspinKit

#if canImport(Glibc)
import Glibc
#endif

/// Standard output carries only results (corrected text, diffs, reports);
/// every message goes to standard error, so a pipe is never corrupted.
enum Output {
    static func write(_ bytes: [UInt8]) {
        do {
            try FileSystem.write(fd: 1, bytes, path: "<stdout>")
        } catch {
            // A closed pipe (e.g. `| head`) is not worth a message.
            exit(Glibc.errno == EPIPE ? 0 : 2)
        }
    }

    static func write(_ text: String) { write(Array(text.utf8)) }

    static func line(_ text: String) { write(text + "\n") }

    static func error(_ message: String) {
        let text = message.hasPrefix("unspin:") || message.hasPrefix("Error:") ? message : "unspin: " + message
        _ = try? FileSystem.write(fd: 2, Array((text + "\n").utf8), path: "<stderr>")
    }
}

/// One input: a named file or standard input, read whole.
struct Input {
    var path: String
    /// Name shown in messages and output; "stdin" for "-".
    var label: String
    var bytes: [UInt8]
    var verdict: TextClassifier.Verdict

    static func read(_ path: String) throws(FileError) -> Input {
        let bytes = try FileSystem.read(path)
        return Input(path: path, label: path == "-" ? "stdin" : path, bytes: bytes, verdict: TextClassifier.classify(bytes))
    }
}

/// Expands PATH arguments ("-" for standard input) into inputs, in order,
/// reporting skips and errors on stderr. Binary and non-UTF-8 files found in
/// a directory walk are skipped; standard input and files named explicitly are
/// processed even with invalid UTF-8 (those bytes pass through untouched, like
/// sed). Returns whether any error happened.
func forEachInput(_ paths: [String], _ body: (Input) throws -> Void) throws -> Bool {
    var failed = false
    var files: [(path: String, named: Bool)] = []
    for path in paths.isEmpty ? ["-"] : paths {
        if path == "-" { files.append((path, true)); continue }
        TreeWalker.walk([path]) { item in
            switch item {
            case .file(let file, _): files.append((file, file == path))
            case .skipped(let file, let reason): Output.error("skipping \(file): \(reason)")
            case .failed(let error): Output.error("\(error)"); failed = true
            }
        }
    }
    for (path, named) in files {
        do {
            let input = try Input.read(path)
            switch input.verdict {
            case .text:
                break
            case .invalidUTF8(let offset) where named:
                Output.error("warning: \(input.label): not valid UTF-8 at byte \(offset); invalid bytes are passed through")
            default:
                Output.error("skipping \(input.label): \(TextClassifier.skipReason(input.verdict)!)")
                continue
            }
            try body(input)
        } catch let error as FileError {
            Output.error("\(error)")
            failed = true
        }
    }
    return failed
}
