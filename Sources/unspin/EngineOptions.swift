import ArgumentParser
import UnspinConfig
import UnspinKit

/// Options shared by every command that runs the engine. Set on the command
/// line, they override the configuration file.
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Minimum confidence (0-1) to apply or report a finding (default \(Unspinner.Options.defaultThreshold)).", valueName: "X"))
    var threshold: Double?

    @Option(name: .customLong("dictionary"),
            help: ArgumentHelp("Also use this dictionary file (repeatable); it takes priority over the built-ins.", valueName: "FILE"))
    var dictionaries: [String] = []

    @Option(help: ArgumentHelp("Use only these built-in dictionaries (repeatable or comma-separated; see `unspin dictionaries`).", valueName: "NAME"))
    var only: [String] = []

    @Option(help: ArgumentHelp("Do not use these built-in dictionaries (repeatable or comma-separated).", valueName: "NAME"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Run these rules in every document: collocation runs by default only in documents with tortured phrases (repeatable or comma-separated; --exclude wins).",
                               valueName: "NAME"))
    var enable: [String] = []

    @Flag(help: "Also correct text inside quotation marks and phrases emphasised on their own (skipped by default: spinners leave quotes alone, and a phrase set apart is mentioned).")
    var includeQuoted = false

    @Option(help: ArgumentHelp("Read settings from this file instead of the nearest .unspin.toml or unspin.toml.", valueName: "FILE"))
    var config: String?

    @Flag(help: "Ignore configuration files.")
    var noConfig = false

    @Flag(help: "Walk directories without honouring .gitignore and .ignore files.")
    var noIgnore = false

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) {
            throw ValidationError("--threshold must be between 0 and 1, not \(threshold)")
        }
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be combined") }
    }

    /// The command line as settings, to lay over the configuration's.
    var settings: Configuration.Settings {
        var settings = Configuration.Settings()
        settings.threshold = threshold
        settings.includeQuoted = includeQuoted ? true : nil
        settings.dictionaries = dictionaries
        func names(_ values: [String]) -> [String]? {
            let list = values.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
            return list.isEmpty ? nil : list
        }
        settings.only = names(only)
        settings.exclude = names(exclude)
        settings.enable = names(enable)
        return settings
    }

    /// Loads the configuration and builds the engines, or exits 2 with `FILE:LINE: reason`.
    func makeContext() throws -> RunContext {
        do {
            var configuration = Configuration(directory: FileSystem.resolve(".") ?? ".")
            if let path = config ?? (noConfig ? nil : Configuration.discover(from: ".")) {
                configuration = try Configuration.load(path)
            }
            return try RunContext(configuration: configuration, commandLine: settings, honourIgnoreFiles: !noIgnore)
        } catch let error as ConfigurationError {
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

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
