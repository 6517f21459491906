import ArgumentParser
import UnspinKit

/// Options shared by every command that runs the engine.
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Minimum confidence (0-1) to apply or report a finding.", valueName: "X"))
    var threshold: Double = Unspinner.Options.defaultThreshold

    @Option(name: .customLong("dictionary"),
            help: ArgumentHelp("Also use this dictionary file (repeatable); it takes priority over the built-ins.", valueName: "FILE"))
    var dictionaries: [String] = []

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Use only these built-in dictionaries (see `unspin dictionaries`).", valueName: "NAME"))
    var only: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Do not use these built-in dictionaries.", valueName: "NAME"))
    var exclude: [String] = []

    @Flag(help: "Also correct text inside quotation marks (skipped by default: spinners leave quotes alone).")
    var includeQuoted = false

    func validate() throws {
        guard (0...1).contains(threshold) else {
            throw ValidationError("--threshold must be between 0 and 1, not \(threshold)")
        }
    }

    /// Loads the dictionaries and builds the engine, or exits 2 with `FILE:LINE: reason`.
    func makeUnspinner() throws -> Unspinner {
        do {
            var builtins = try BuiltinDictionaries.load()
            let names = Set(builtins.map(\.name))
            for name in only + exclude where !names.contains(name) {
                throw ValidationError("unknown dictionary '\(name)' (built-in: \(names.sorted().joined(separator: ", ")))")
            }
            if !only.isEmpty { builtins.removeAll { !only.contains($0.name) } }
            builtins.removeAll { exclude.contains($0.name) }
            var user: [SpinDictionary] = []
            for path in dictionaries {
                let bytes: [UInt8]
                do {
                    bytes = try FileSystem.read(path)
                } catch {
                    Output.error("\(error)")
                    throw ExitCode(2)
                }
                user.append(try DictionaryParser.parse(bytes, path: path))
            }
            return Unspinner(dictionaries: user + builtins,
                             options: .init(threshold: threshold, includeQuoted: includeQuoted))
        } catch let error as DictionaryError {
            Output.error(error.description)
            throw ExitCode(2)
        }
    }
}

/// How inputs are decoded.
struct EncodingOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Read (and write back) text in this ICU charset, e.g. ISO-8859-1 or windows-1252. "
            + "Without it, UTF-8 is assumed and UTF-16/UTF-32 are recognised by their byte-order mark.",
        valueName: "NAME"))
    var encoding: String?

    func validate() throws {
        if let encoding, !TextEncoding.isKnown(encoding) {
            throw ValidationError("unknown encoding '\(encoding)'")
        }
    }
}
