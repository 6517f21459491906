import ArgumentParser
import UnspinKit

#if canImport(Glibc)
import Glibc
#endif

/// Standard output carries only results (corrected text, diffs, reports);
/// every message goes to standard error, so a pipe is never corrupted.
/// Messages come in three kinds: errors (always shown), warnings (always
/// shown), and information such as skips and summaries (hidden by --quiet).
enum Output {
    nonisolated(unsafe) static var quiet = false
    nonisolated(unsafe) static var color = false
    /// A progress line is on screen and must be cleared before the next message.
    nonisolated(unsafe) private static var progressShown = false

    static func write(_ bytes: [UInt8]) {
        if let recording = currentRecording {
            recording.append(fd: 1, bytes)
            return
        }
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
        stderr(text)
    }

    static func warning(_ message: String) {
        stderr("unspin: warning: " + message)
    }

    static func info(_ message: String) {
        guard !quiet else { return }
        stderr(message.hasPrefix("unspin:") ? message : "unspin: " + message)
    }

    private static func stderr(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        if let recording = currentRecording {
            recording.append(fd: 2, bytes)
            return
        }
        writeStderr(bytes)
    }

    fileprivate static func writeStderr(_ bytes: [UInt8]) {
        clearProgress()
        _ = try? FileSystem.write(fd: 2, bytes, path: "<stderr>")
    }

    /// Runs `body` with this thread's output recorded into `recording` instead
    /// of written (see forEachInOrder).
    static func recording<R>(into recording: OutputRecording, _ body: () -> R) -> R {
        pthread_setspecific(recordingKey, Unmanaged.passUnretained(recording).toOpaque())
        defer { pthread_setspecific(recordingKey, nil) }
        return body()
    }

    private static let recordingKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private static var currentRecording: OutputRecording? {
        pthread_getspecific(recordingKey).map { Unmanaged<OutputRecording>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Shows "label done/total" on one self-overwriting stderr line, only on a terminal.
    static func progress(_ label: String, _ done: Int, _ total: Int) {
        guard !quiet, isatty(2) != 0, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        _ = try? FileSystem.write(fd: 2, Array("\r\(label) [\(bar)] \(done)/\(total)\u{1B}[K".utf8), path: "<stderr>")
        progressShown = true
    }

    static func clearProgress() {
        guard progressShown else { return }
        progressShown = false
        _ = try? FileSystem.write(fd: 2, Array("\r\u{1B}[K".utf8), path: "<stderr>")
    }

    /// `text` in an ANSI style when colour is on.
    static func styled(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }
}

/// --color and --quiet, shared by every command.
struct OutputOptions: ParsableArguments {
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Colour the output: auto (only on a terminal, and not when NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print only errors and warnings on standard error (no skips, progress or summaries).")
    var quiet = false

    /// Applies the choices to `Output`.
    func apply() {
        Output.quiet = quiet
        switch color {
        case .always: Output.color = true
        case .never: Output.color = false
        case .auto: Output.color = isatty(1) != 0 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        }
    }
}

/// Output kept to be written later: what a worker thread writes (see forEachInOrder).
final class OutputRecording: @unchecked Sendable {
    private var parts: [(fd: Int32, bytes: [UInt8])] = []

    func append(fd: Int32, _ bytes: [UInt8]) {
        if let last = parts.indices.last, parts[last].fd == fd {
            parts[last].bytes += bytes
        } else {
            parts.append((fd, bytes))
        }
    }

    /// Writes what was recorded, as it would have been written.
    func replay() {
        for part in parts {
            if part.fd == 1 { Output.write(part.bytes) } else { Output.writeStderr(part.bytes) }
        }
    }
}
