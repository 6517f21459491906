import UnspinKit

/// The rules of `.gitignore` and `.ignore` files, as git and ripgrep read them:
/// each file applies to its own directory and below, later rules override
/// earlier ones, deeper files override shallower ones, `!` re-includes, a
/// trailing `/` matches directories only, and a pattern with a slash is
/// anchored to the file's directory.
public final class IgnoreFiles {
    struct Rule {
        var glob: Glob
        var negated: Bool
        var directoryOnly: Bool
    }

    public static let names = [".gitignore", ".ignore"]
    private var cache: [String: [Rule]] = [:]
    /// The highest directory whose ignore files count (a repository's top, or the walk's root).
    private let top: String

    /// Ignore files are read from the directories from `top` down.
    public init(top: String) {
        self.top = top.count > 1 && top.hasSuffix("/") ? String(top.dropLast()) : top
    }

    /// The top of the git repository containing `directory`, or `directory` itself.
    public static func top(for directory: String) -> String {
        var current = FileSystem.resolve(directory) ?? directory
        while true {
            if FileSystem.kind(current + "/.git", followLinks: false) != .missing { return current }
            let parent = FileSystem.parentDirectory(of: current)
            if parent == current || current == "/" { return FileSystem.resolve(directory) ?? directory }
            current = parent
        }
    }

    /// Whether `path` (absolute, resolved like `top`) is ignored.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        guard path.hasPrefix(top + "/") else { return false }
        // Directories from the top down to the path's parent.
        var directories: [String] = []
        var current = FileSystem.parentDirectory(of: path)
        while current.count >= top.count {
            directories.append(current)
            if current == top { break }
            current = FileSystem.parentDirectory(of: current)
        }
        var ignored = false
        for directory in directories.reversed() {
            let relative = String(path.dropFirst(directory.count + 1))
            for rule in rules(in: directory) where !(rule.directoryOnly && !isDirectory) {
                if rule.glob.matches(relative) { ignored = !rule.negated }
            }
        }
        return ignored
    }

    private func rules(in directory: String) -> [Rule] {
        if let cached = cache[directory] { return cached }
        var rules: [Rule] = []
        for name in IgnoreFiles.names {
            guard let bytes = try? FileSystem.read(directory + "/" + name) else { continue }
            rules += IgnoreFiles.parse(String(decoding: bytes, as: UTF8.self))
        }
        cache[directory] = rules
        return rules
    }

    static func parse(_ text: String) -> [Rule] {
        var rules: [Rule] = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = Substring(raw)
            while line.last == " " && !line.hasSuffix("\\ ") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line = line.dropFirst() }
            if line.hasPrefix("\\") { line = line.dropFirst() }
            let directoryOnly = line.hasSuffix("/")
            if directoryOnly { line = line.dropLast() }
            guard !line.isEmpty else { continue }
            // A leading slash anchors the pattern to this directory, as does any inner slash.
            let anchored = line.hasPrefix("/") || line.contains("/")
            rules.append(Rule(glob: Glob(String(line), anchored: anchored), negated: negated, directoryOnly: directoryOnly))
        }
        return rules
    }
}
