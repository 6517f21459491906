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
