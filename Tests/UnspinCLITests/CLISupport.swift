import Foundation
import Testing

/// Locates the `unspin` executable built next to this test bundle.
enum UnspinBinary {
    static let path: String? = {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["UNSPIN_BINARY"] { candidates.append(override) }
        // The test runner lives in the products directory, next to `unspin`.
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("unspin").path)
        }
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("unspin").path)
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent().appendingPathComponent("unspin").path)
        }
        // Fallback: <package root>/<scratch>/debug/unspin.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for scratch in [".build-tests", ".build"] {
            candidates.append(root.appendingPathComponent(scratch).appendingPathComponent("debug/unspin").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func require() throws -> String {
        try #require(path, "cannot find the unspin executable next to the test bundle (set UNSPIN_BINARY)")
    }
}

struct RunResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]
    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// A temporary directory; call `remove()` (usually in a `defer`) when done.
struct TempDir {
    let path: String
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/unspin-tests-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = URL(fileURLWithPath: String(cString: made)).standardizedFileURL.path
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func url(_ relative: String) -> String { relative.isEmpty ? path : path + "/" + relative }

    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8], mode: Int? = nil) throws -> String {
        let file = url(relative)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file) }
        return file
    }

    @discardableResult
    func write(_ relative: String, _ text: String, mode: Int? = nil) throws -> String {
        try write(relative, Array(text.utf8), mode: mode)
    }

    func read(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: url(relative))))
    }

    func mode(_ relative: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url(relative))
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Every path under the directory, hidden ones included, relative to it.
    func allPaths(_ relative: String = "") -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: url(relative)) else { return [] }
        return (enumerator.allObjects as? [String] ?? []).sorted()
    }

    /// Relative path -> bytes of every regular file under the directory.
    func snapshot(_ relative: String = "") throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for path in allPaths(relative) {
            var isDirectory: ObjCBool = false
            let full = url(relative) + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: full)))
            }
        }
        return result
    }
}

/// Runs `unspin` with `arguments`, feeding `stdin`; stdout and stderr go through
/// temporary files, so no pipe can fill up and block.
func unspin(_ arguments: [String], stdin: [UInt8] = [], cwd: String? = nil) throws -> RunResult {
    try run(UnspinBinary.require(), arguments, stdin: stdin, cwd: cwd)
}

/// Runs `executable`: in `cwd`, with `environment` (default: the test process's
/// own), `stdin` from a file, stdout and stderr into files.
func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = [], cwd: String? = nil,
         environment: [String: String]? = nil) throws -> RunResult {
    try launch(executable, arguments, stdin: stdin, cwd: cwd, environment: environment, killAfter: nil).result
}

/// Runs `executable` with its standard streams in files; with `killAfter`, kills
/// it if it is still running after that many seconds. Returns the result and
/// whether it had to be killed.
private func launch(_ executable: String, _ arguments: [String], stdin: [UInt8], cwd: String?,
                    environment: [String: String]?, killAfter seconds: Double?) throws -> (result: RunResult, hung: Bool) {
    let io = try TempDir()
    defer { io.remove() }
    let input = try io.write("stdin", stdin)
    let output = try io.write("stdout", [UInt8]())
    let errors = try io.write("stderr", [UInt8]())
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let stdinHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    let stdoutHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    let stderrHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
    process.standardInput = stdinHandle
    process.standardOutput = stdoutHandle
    process.standardError = stderrHandle
    try process.run()
    var hung = false
    if let seconds {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        hung = process.isRunning
        if hung { kill(process.processIdentifier, SIGKILL) }
    }
    process.waitUntilExit()
    try stdinHandle.close()
    try stdoutHandle.close()
    try stderrHandle.close()
    return (RunResult(status: process.terminationStatus, stdout: try io.read("stdout"), stderr: try io.read("stderr")), hung)
}

/// Names of the built-in dictionaries (from `unspin dictionaries`), so tests can exclude them all.
let builtinNames: [String] = {
    guard let result = try? unspin(["dictionaries"]), result.status == 0 else { return [] }
    return result.out.split(separator: "\n").filter { !$0.hasPrefix(" ") }.compactMap { line in
        line.split(separator: "\t").first.map(String.init)
    }
}()

/// The test dictionary every CLI test uses, with the built-ins excluded so their changes cannot affect results.
let testDictionaryText = """
    @name clitest
    for the reason that => since
    level man => point man
    counterfeit consciousness => artificial intelligence
    stated => said | confidence: 0.45

    """

/// Engine options: only the test dictionary. Put them after positional arguments
/// (`--exclude` takes every following value up to the next option).
func engineArguments(_ dictionary: String) -> [String] {
    ["--dictionary", dictionary] + (builtinNames.isEmpty ? [] : ["--exclude", builtinNames.joined(separator: ",")])
}

func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

// MARK: - Helpers for the Robustness* suites (issue 4)

/// Whether the tests run as root, where file permissions do not stop reading or writing.
var runningAsRoot: Bool { getuid() == 0 }

/// Starts `unspin` without waiting (for concurrent runs); output goes to the given files.
func startUnspin(_ arguments: [String], stdout: String, stderr: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try UnspinBinary.require())
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    _ = FileManager.default.createFile(atPath: stdout, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
    try process.run()
    return process
}

/// The JSON objects of `check --format jsonl` output, one per line.
func jsonlObjects(_ output: [UInt8]) throws -> [[String: Any]] {
    try output.split(separator: 0x0A).map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                     "not a JSON object: \(String(decoding: line, as: UTF8.self))")
    }
}

/// `bytes` with every occurrence of `phrase` replaced by `replacement`: an
/// expected output computed without the engine.
func replacingAll(_ bytes: [UInt8], _ phrase: String, with replacement: String) -> [UInt8] {
    let needle = Array(phrase.utf8), substitute = Array(replacement.utf8)
    guard !needle.isEmpty, bytes.count >= needle.count else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    let last = bytes.count - needle.count
    while i < bytes.count {
        if i <= last, bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
            out += substitute
            i += needle.count
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return out
}

/// `text` as UTF-16BE / UTF-32LE / UTF-32BE with a byte-order mark.
func utf16BE(_ text: String) -> [UInt8] {
    [0xFE, 0xFF] + Array(text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
}

func utf32LE(_ text: String) -> [UInt8] {
    [0xFF, 0xFE, 0, 0] + Array(text.unicodeScalars.flatMap { s -> [UInt8] in
        let v = s.value
        return [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    })
}

func utf32BE(_ text: String) -> [UInt8] {
    [0, 0, 0xFE, 0xFF] + Array(text.unicodeScalars.flatMap { s -> [UInt8] in
        let v = s.value
        return [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    })
}

/// `text` in ISO-8859-1 (every scalar must be below U+0100).
func latin1(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { UInt8($0.value) }
}

/// Names in `directory` (recursively, hidden ones included) that are unspin temporary files.
func temporaryLitter(_ dir: TempDir, _ relative: String = "") -> [String] {
    dir.allPaths(relative).filter { $0.contains(".unspin-") }
}

/// Expects two byte arrays to be equal; on failure shows only where they first
/// differ (large inputs would otherwise flood the log).
func expectSameBytes(_ actual: [UInt8], _ expected: [UInt8], _ label: String = "",
                     sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual != expected else { return }
    let n = min(actual.count, expected.count)
    var i = 0
    while i < n && actual[i] == expected[i] { i += 1 }
    func context(_ bytes: [UInt8]) -> String {
        String(decoding: bytes[max(0, i - 40)..<min(bytes.count, i + 40)], as: UTF8.self).debugDescription
    }
    let message = "\(label) bytes differ first at offset \(i) (sizes \(actual.count), expected \(expected.count)):\n"
        + "  actual:   \(context(actual))\n  expected: \(context(expected))"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// Runs `unspin` with extra environment variables, e.g. UNSPIN_CHUNK_BYTES to
/// exercise chunk boundaries with small inputs.
func unspin(_ arguments: [String], stdin: [UInt8] = [], cwd: String? = nil, environment: [String: String]) throws -> RunResult {
    try run(try UnspinBinary.require(), arguments, stdin: stdin, cwd: cwd,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new })
}

/// The environment for `unspin(_:environment:)` that cuts input into chunks of `bytes` (default 1 MiB).
func chunkBytes(_ bytes: Int?) -> [String: String] {
    bytes.map { ["UNSPIN_CHUNK_BYTES": String($0)] } ?? [:]
}

/// Runs `unspin`, killing it if it is still running after `seconds` (a guard
/// against hangs, so that one cannot stall the whole suite; not a timing
/// assertion: the limit is far above the normal run time). Returns the result
/// and whether the process had to be killed.
func unspin(_ arguments: [String], stdin: [UInt8] = [], killAfter seconds: Double) throws -> (result: RunResult, hung: Bool) {
    try launch(try UnspinBinary.require(), arguments, stdin: stdin, cwd: nil, environment: nil, killAfter: seconds)
}
