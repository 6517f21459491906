import ArgumentParser
import UnspinConfig
import UnspinKit
#if canImport(Glibc)
import Glibc
#endif

/// Everything a command needs besides its own arguments: the configuration,
/// the engines it implies (one per distinct set of settings, built on first
/// use), and the rules for walking directories.
final class RunContext {
    let configuration: Configuration
    let commandLine: Configuration.Settings
    let honourIgnoreFiles: Bool
    private var builtins: [SpinDictionary]?
    private var userDictionaries: [String: SpinDictionary] = [:]
    private var engines: [Configuration.Settings: Unspinner] = [:]
    private var loadedModel: ContextModel?
    private var ignoreFiles: [String: IgnoreFiles] = [:]

    init(configuration: Configuration, commandLine: Configuration.Settings, honourIgnoreFiles: Bool) throws {
        self.configuration = configuration
        self.commandLine = commandLine
        self.honourIgnoreFiles = honourIgnoreFiles && configuration.ignoreFiles
        // Fail early, before any output, on bad dictionaries or names.
        try checkDictionaryNames()
        _ = try unspinner(for: nil)
    }

    /// Unknown built-in names in the configuration are reported as `FILE:LINE`.
    private func checkDictionaryNames() throws {
        guard configuration.path != nil else { return }
        do throws(DictionaryError) {
            if builtins == nil { builtins = try BuiltinDictionaries.load() }
        } catch {
            Output.error(error.description)
            throw ExitCode(2)
        }
        let names = selectableNames
        let scopes: [(Configuration.Settings, Int?)] = [(configuration.settings, nil)]
            + configuration.overrides.enumerated().map { ($0.element.settings, $0.offset) }
        for (settings, index) in scopes {
            for (key, list) in [("only", settings.only ?? []), ("exclude", settings.exclude ?? []), ("enable", settings.enable ?? [])] {
                for name in list where !names.contains(name) {
                    let error = configuration.error(key: key, override: index,
                        "unknown dictionary '\(name)' (built-in: \(names.sorted().joined(separator: ", ")))")
                    Output.error(error.description)
                    throw ExitCode(2)
                }
            }
        }
    }

    /// What `--only`/`--exclude`/`--enable` accept: the built-in dictionaries and the optional detectors.
    private var selectableNames: Set<String> {
        Set((builtins ?? []).map(\.name) + Unspinner.optionalPasses)
    }

    /// The context model: the built-in one, or the file named by UNSPIN_MODEL
    /// (an alternative build of scripts/build_context_model.py, for evaluation).
    func contextModel() throws -> ContextModel {
        if let model = loadedModel { return model }
        if let value = getenv("UNSPIN_MODEL"), case let path = String(cString: value), !path.isEmpty {
            do {
                loadedModel = try ContextModel.load(path: path)
            } catch {
                Output.error("\(error)")
                throw ExitCode(2)
            }
        } else {
            loadedModel = ContextModel.builtin
        }
        return loadedModel!
    }

    /// The effective settings for `path` (nil: standard input / no path).
    func settings(for path: String?) -> Configuration.Settings {
        let base = path.map { configuration.settings(for: $0) } ?? configuration.settings
        return base.merging(commandLine)
    }

    /// The threshold in force for `path`.
    func threshold(for path: String?) -> Double {
        settings(for: path).threshold ?? Unspinner.Options.defaultThreshold
    }

    /// The engine for `path`; exits 2 with `FILE:LINE: reason` on a bad dictionary.
    func unspinner(for path: String?) throws -> Unspinner {
        let settings = settings(for: path)
        if let engine = engines[settings] { return engine }
        do {
            if builtins == nil { builtins = try BuiltinDictionaries.load() }
            let names = selectableNames
            for name in (settings.only ?? []) + (settings.exclude ?? []) + (settings.enable ?? []) where !names.contains(name) {
                throw ValidationError("unknown dictionary '\(name)' (built-in: \(names.sorted().joined(separator: ", ")))")
            }
            let selected = builtins!.filter { settings.selects($0.name) }
            var user: [SpinDictionary] = []
            // Command-line dictionaries first: they take priority over the configuration's.
            for file in commandLine.dictionaries + settings.dictionaries.filter({ !commandLine.dictionaries.contains($0) }) {
                if let loaded = userDictionaries[file] { user.append(loaded); continue }
                let bytes: [UInt8]
                do {
                    bytes = try FileSystem.read(file)
                } catch {
                    Output.error("\(error)")
                    throw ExitCode(2)
                }
                let dictionary = try DictionaryParser.parse(bytes, path: file)
                userDictionaries[file] = dictionary
                user.append(dictionary)
            }
            let excluded = Set(Unspinner.optionalPasses.filter { !settings.selects($0) })
            // The collocation and spintax rules read the model too.
            let needsModel = !excluded.isSuperset(of: [ContextRestoration.id, CollocationRestoration.id, SpintaxResidue.id])
            let engine = Unspinner(dictionaries: user + selected, model: needsModel ? try contextModel() : nil, options: .init(
                threshold: settings.threshold ?? Unspinner.Options.defaultThreshold,
                includeQuoted: settings.includeQuoted ?? false,
                allow: settings.allow,
                excludedPasses: excluded,
                enabledPasses: Unspinner.defaultOffPasses.filter { settings.selects($0) }
                    .union(Unspinner.gatedPasses.filter { settings.names($0) })))
            engines[settings] = engine
            return engine
        } catch let error as DictionaryError {
            Output.error(error.description)
            throw ExitCode(2)
        }
    }

    /// The engines for `files`, made now, in order, without a word on standard
    /// error; nil if one cannot be made (the caller then makes them one at a
    /// time, as it goes, so that the error comes where it always did).
    func unspinnersAhead(for files: [InputFile]) -> [Unspinner]? {
        Output.recording(into: OutputRecording()) {
            var engines: [Unspinner] = []
            engines.reserveCapacity(files.count)
            for file in files {
                guard let engine = try? unspinner(for: file.path == "-" ? nil : file.path) else { return nil }
                engines.append(engine)
            }
            return engines
        }
    }

    /// Whether a file or directory found while walking is left out: by the
    /// configuration's [files] globs or by .gitignore/.ignore files.
    func isIgnored(_ path: String, isDirectory: Bool, root: String) -> Bool {
        if isDirectory ? configuration.exclude.contains(where: { g in configuration.relativePath(path).map { g.matchesPathOrParent($0) } ?? false })
            : configuration.excludes(path) {
            return true
        }
        guard honourIgnoreFiles else { return false }
        let rules: IgnoreFiles
        if let cached = ignoreFiles[root] {
            rules = cached
        } else {
            rules = IgnoreFiles(top: IgnoreFiles.top(for: root))
            ignoreFiles[root] = rules
        }
        return rules.isIgnored(FileSystem.resolve(path) ?? path, isDirectory: isDirectory)
    }

    /// The files named by `paths` ("-" is standard input), walking directories.
    /// Skips and failures are reported on stderr and counted; ignored files are left out silently.
    func inputFiles(_ paths: [String], skipped: inout Int, failed: inout Int) -> [InputFile] {
        var files: [InputFile] = []
        for root in paths.isEmpty ? ["-"] : paths {
            if root == "-" { files.append(InputFile(path: "-", relative: "-", explicit: true)); continue }
            TreeWalker.walk([root], ignore: { self.isIgnored($0, isDirectory: $1, root: root) }) { item in
                switch item {
                case .file(let path, let relative):
                    files.append(InputFile(path: path, relative: relative, explicit: path == root))
                case .skipped(let path, let reason):
                    if AtomicFileWriter.isTemporary(FileSystem.baseName(of: path)) { return }
                    Output.info("skipping \(path): \(reason)")
                    skipped += 1
                case .failed(let error):
                    Output.error("\(error)")
                    failed += 1
                }
            }
        }
        return files
    }
}

struct InputFile {
    var path: String
    /// Relative to the root it was found under (for --output mirrors).
    var relative: String
    /// Standard input, or a file named on the command line.
    var explicit: Bool
}

extension Configuration.Settings {
    /// Whether `--only`/`--exclude`/`--enable` (or the configuration's
    /// `only`/`exclude`/`enable`) leave the built-in dictionary or optional
    /// detector `name` on: listed by `only` (without one, on unless off by
    /// default, `Unspinner.defaultOffPasses`) or by `enable`, and not excluded.
    func selects(_ name: String) -> Bool {
        let chosen = only.map { $0.contains(name) } ?? !Unspinner.defaultOffPasses.contains(name)
        return (chosen || (enable?.contains(name) ?? false)) && !(exclude?.contains(name) ?? false)
    }

    /// Whether `only` or `enable` names `name` and `exclude` does not: a rule
    /// that runs by default only in some documents (`Unspinner.gatedPasses`)
    /// then runs in every document.
    func names(_ name: String) -> Bool {
        ((only?.contains(name) ?? false) || (enable?.contains(name) ?? false)) && !(exclude?.contains(name) ?? false)
    }
}
