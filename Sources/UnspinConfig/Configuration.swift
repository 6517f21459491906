import TOMLKit
import UnspinKit

/// Project settings from `.unspin.toml` (or `unspin.toml`), found by looking
/// upward from the working directory, like `_typos.toml` and `.vale.ini`.
///
/// ```toml
/// threshold = 0.7              # minimum confidence to apply or report
/// include-quoted = false       # also correct inside quotation marks
/// dictionaries = ["house.dict"]  # extra dictionaries, relative to this file
/// only = ["news-spinner"]      # built-in dictionaries to use (default: all)
/// exclude = ["tortured-phrases"]
/// enable = ["collocation"]     # rules to run in every document (exclude wins)
/// allow = ["most cancers"]     # phrases never reported
/// ignore-files = true          # honour .gitignore and .ignore when walking
///
/// [files]
/// include = ["**/*.md", "**/*.txt"]   # walk only these (default: everything)
/// exclude = ["vendor/**"]
///
/// [[overrides]]                # settings for some paths; later ones win
/// paths = ["papers/**"]
/// threshold = 0.5
/// exclude = ["news-spinner"]
/// ```
/// Globs are relative to the file's directory (see `Glob`).
public struct Configuration: Sendable {
    /// Engine settings; nil means "not set here".
    public struct Settings: Sendable, Hashable {
        public var threshold: Double?
        public var includeQuoted: Bool?
        /// Absolute paths (or as given when absolute in the file).
        public var dictionaries: [String] = []
        public var only: [String]?
        public var exclude: [String]?
        /// Rules to run in every document: those off by default
        /// (`Unspinner.defaultOffPasses`), and those that by default run only in
        /// some documents (`Unspinner.gatedPasses`).
        public var enable: [String]?
        public var allow: [String] = []

        public init() {}

        /// `other` on top of `self`: set values replace, lists of dictionaries and
        /// allowed phrases add up. An `only` replaces the selection wholesale, so
        /// it also drops an inherited `exclude` and `enable`.
        public func merging(_ other: Settings) -> Settings {
            var merged = self
            merged.threshold = other.threshold ?? threshold
            merged.includeQuoted = other.includeQuoted ?? includeQuoted
            merged.dictionaries += other.dictionaries
            merged.only = other.only ?? only
            merged.exclude = other.only != nil ? other.exclude : (other.exclude ?? exclude)
            merged.enable = other.only != nil ? other.enable : (other.enable ?? enable)
            merged.allow += other.allow
            return merged
        }
    }

    public struct Override: Sendable {
        public var paths: [Glob]
        public var settings: Settings
    }

    public static let fileNames = [".unspin.toml", "unspin.toml"]

    /// The file read, or nil for the empty configuration.
    public var path: String?
    /// Base directory for relative paths and globs.
    public var directory: String
    public var settings = Settings()
    public var include: [Glob] = []
    public var exclude: [Glob] = []
    public var ignoreFiles = true
    public var overrides: [Override] = []
    /// The file's text, to point errors found later at their line.
    var text = ""

    /// No configuration file: defaults everywhere.
    public init(directory: String) {
        self.directory = directory
    }

    /// The configuration file in `directory` or the nearest parent, if any.
    public static func discover(from directory: String) -> String? {
        var current = FileSystem.resolve(directory) ?? directory
        while true {
            for name in fileNames where FileSystem.kind(current + "/" + name) == .file {
                return current == "/" ? "/" + name : current + "/" + name
            }
            let parent = FileSystem.parentDirectory(of: current)
            if parent == current { return nil }
            current = parent
        }
    }

    /// Reads and validates a configuration file.
    public static func load(_ path: String) throws(ConfigurationError) -> Configuration {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            throw ConfigurationError(path: path, line: nil, reason: error.reason)
        }
        if let bad = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) {
            throw ConfigurationError(path: path, line: bytes[..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }, reason: "not valid UTF-8")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(path: path, line: error.source.begin.line, reason: error.description)
        } catch {
            throw ConfigurationError(path: path, line: nil, reason: "\(error)")
        }
        let directory = FileSystem.parentDirectory(of: FileSystem.resolve(path) ?? path)
        var reader = Reader(path: path, text: text, directory: directory)
        var configuration = Configuration(directory: directory)
        configuration.path = path
        configuration.text = text
        try reader.read(table, into: &configuration)
        return configuration
    }

    /// The error for a bad value of `key` found after loading (e.g. an unknown
    /// dictionary name): `FILE:LINE: reason`, at the top level or in override `index`.
    public func error(key: String, override index: Int? = nil, _ reason: String) -> ConfigurationError {
        let reader = Reader(path: path ?? "", text: text, directory: directory)
        let section: Reader.Section = index.map { .override($0) } ?? .top
        return ConfigurationError(path: path ?? "", line: reader.lineNumber(of: key, in: section) ?? reader.headerLine(of: section), reason: reason)
    }

    /// The settings for `file`: the top level, then every matching override in order.
    public func settings(for file: String) -> Settings {
        guard !overrides.isEmpty, let relative = relativePath(file) else { return settings }
        var result = settings
        for override in overrides where override.paths.contains(where: { $0.matchesPathOrParent(relative) }) {
            result = result.merging(override.settings)
        }
        return result
    }

    /// Whether a file found in a directory walk is excluded by `[files]`.
    public func excludes(_ file: String) -> Bool {
        guard !include.isEmpty || !exclude.isEmpty, let relative = relativePath(file) else { return false }
        if exclude.contains(where: { $0.matchesPathOrParent(relative) }) { return true }
        return !include.isEmpty && !include.contains(where: { $0.matches(relative) })
    }

    /// `file` relative to the configuration's directory, or nil when outside it.
    public func relativePath(_ file: String) -> String? {
        let absolute = Configuration.absolute(file)
        guard absolute.hasPrefix(directory + "/") else { return directory == "/" ? String(absolute.dropFirst()) : nil }
        return String(absolute.dropFirst(directory.count + 1))
    }

    /// An absolute, link-free path for `file` (whose last component need not exist).
    static func absolute(_ file: String) -> String {
        if let resolved = FileSystem.resolve(file) { return resolved }
        let parent = FileSystem.resolve(FileSystem.parentDirectory(of: file)) ?? FileSystem.parentDirectory(of: file)
        return parent + "/" + FileSystem.baseName(of: file)
    }
}

/// A configuration file that cannot be used: `FILE:LINE: reason`.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int?
    public var reason: String
    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}

/// Turns the TOML table into settings, rejecting unknown keys and wrong types
/// with the line they are on.
private struct Reader {
    /// Which part of the file a key belongs to, for error lines.
    enum Section: Equatable {
        case top
        case files
        case override(Int)
    }

    let path: String
    let lines: [Substring]
    let directory: String
    /// 0-based line range of each section.
    private var sections: [(section: Section?, lines: Range<Int>)] = []

    init(path: String, text: String, directory: String) {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.directory = directory
        var current: Section? = .top
        var start = 0
        var overrides = 0
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("[") else { continue }
            sections.append((current, start..<index))
            start = index
            if trimmed.hasPrefix("[[overrides]]") {
                current = .override(overrides)
                overrides += 1
            } else if trimmed.hasPrefix("[files]") {
                current = .files
            } else {
                current = nil
            }
        }
        sections.append((current, start..<lines.count))
    }

    static let settingKeys = ["threshold", "include-quoted", "dictionaries", "only", "exclude", "enable", "allow"]

    mutating func read(_ table: TOMLTable, into configuration: inout Configuration) throws(ConfigurationError) {
        for key in table.keys {
            let value = table[key]!
            switch key {
            case _ where Reader.settingKeys.contains(key):
                continue
            case "ignore-files":
                configuration.ignoreFiles = try bool(value, key)
            case "files":
                guard let files = value.table else { throw fail(key, "[files] must be a table") }
                for fileKey in files.keys {
                    switch fileKey {
                    case "include": configuration.include = try strings(files[fileKey]!, fileKey, in: .files).map { Glob($0) }
                    case "exclude": configuration.exclude = try strings(files[fileKey]!, fileKey, in: .files).map { Glob($0) }
                    default: throw fail(fileKey, "unknown key '\(fileKey)' in [files] (expected include, exclude)", in: .files)
                    }
                }
            case "overrides":
                guard let array = value.array else { throw fail(key, "overrides must be an array of tables: [[overrides]]") }
                for (index, element) in array.enumerated() {
                    let section = Section.override(index)
                    guard let override = element.table else { throw fail(key, "overrides must be an array of tables: [[overrides]]") }
                    guard let paths = override["paths"] else {
                        throw ConfigurationError(path: path, line: headerLine(of: section), reason: "[[overrides]] needs paths = [\"glob\", …]")
                    }
                    for overrideKey in override.keys where overrideKey != "paths" && !Reader.settingKeys.contains(overrideKey) {
                        throw fail(overrideKey, "unknown key '\(overrideKey)' in [[overrides]] (expected paths, \(Reader.settingKeys.joined(separator: ", ")))", in: section)
                    }
                    configuration.overrides.append(Configuration.Override(
                        paths: try strings(paths, "paths", in: section).map { Glob($0) }, settings: try settings(override, in: section)))
                }
            default:
                throw fail(key, "unknown key '\(key)' (expected \((Reader.settingKeys + ["ignore-files", "[files]", "[[overrides]]"]).joined(separator: ", ")))")
            }
        }
        configuration.settings = try settings(table)
    }

    func settings(_ table: TOMLTable, in section: Section = .top) throws(ConfigurationError) -> Configuration.Settings {
        var settings = Configuration.Settings()
        if let value = table["threshold"] {
            guard let number = value.double ?? value.int.map(Double.init), (0...1).contains(number) else {
                throw fail("threshold", "threshold must be a number from 0 to 1", in: section)
            }
            settings.threshold = number
        }
        if let value = table["include-quoted"] { settings.includeQuoted = try bool(value, "include-quoted", in: section) }
        if let value = table["dictionaries"] {
            settings.dictionaries = try strings(value, "dictionaries", in: section).map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
        }
        if let value = table["only"] { settings.only = try strings(value, "only", in: section) }
        if let value = table["exclude"] { settings.exclude = try strings(value, "exclude", in: section) }
        if let value = table["enable"] { settings.enable = try strings(value, "enable", in: section) }
        if let value = table["allow"] { settings.allow = try strings(value, "allow", in: section) }
        return settings
    }

    func bool(_ value: TOMLValueConvertible, _ key: String, in section: Section = .top) throws(ConfigurationError) -> Bool {
        guard let flag = value.bool else { throw fail(key, "\(key) must be true or false", in: section) }
        return flag
    }

    func strings(_ value: TOMLValueConvertible, _ key: String, in section: Section = .top) throws(ConfigurationError) -> [String] {
        guard let array = value.array else { throw fail(key, "\(key) must be an array of strings", in: section) }
        var result: [String] = []
        for element in array {
            guard let string = element.string else { throw fail(key, "\(key) must be an array of strings", in: section) }
            result.append(string)
        }
        return result
    }

    /// An error on the line that sets `key` in `section` (TOML values carry no positions).
    func fail(_ key: String, _ reason: String, in section: Section = .top) -> ConfigurationError {
        ConfigurationError(path: path, line: lineNumber(of: key, in: section) ?? headerLine(of: section), reason: reason)
    }

    /// 1-based line of `key = …` (or of a `[key]` / `[[key]]` header) within `section`.
    func lineNumber(of key: String, in section: Section) -> Int? {
        for part in sections {
            for index in part.lines {
                let trimmed = lines[index].drop { $0 == " " || $0 == "\t" }
                if part.section == section, trimmed.hasPrefix(key),
                   trimmed.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("=") {
                    return index + 1
                }
                if section == .top, trimmed.hasPrefix("[\(key)]") || trimmed.hasPrefix("[[\(key)]]") { return index + 1 }
            }
        }
        return nil
    }

    /// 1-based line of the header that starts `section`.
    func headerLine(of section: Section) -> Int? {
        guard section != .top, let part = sections.first(where: { $0.section == section }) else { return nil }
        return part.lines.lowerBound + 1
    }
}
