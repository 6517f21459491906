#if canImport(Glibc)
import Glibc
#endif

/// A path pattern as in .gitignore and typos/ripgrep globs: `*` and `?` and
/// `[…]` within one path segment, `**` for any number of segments. A pattern
/// without a slash matches a file or directory name at any depth; one with a
/// slash is anchored to the directory it is relative to.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let segments: [String]
    private let anchored: Bool

    /// `anchored` forces anchoring (a .gitignore pattern with a leading slash).
    public init(_ pattern: String, anchored: Bool? = nil) {
        var text = pattern
        while text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasPrefix("/") { text.removeFirst() }
        self.pattern = pattern
        let anchored = anchored ?? text.dropLast(text.hasSuffix("/") ? 1 : 0).contains("/")
        self.anchored = anchored
        var parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if !anchored { parts.insert("**", at: 0) }
        segments = parts
    }

    public var description: String { pattern }

    /// Whether `relativePath` (segments separated by "/", no leading slash) matches.
    public func matches(_ relativePath: String) -> Bool {
        let path = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return Glob.match(segments[...], path[...])
    }

    /// Whether the pattern matches `relativePath` or a directory containing it.
    public func matchesPathOrParent(_ relativePath: String) -> Bool {
        let path = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for end in stride(from: path.count, through: 1, by: -1) where Glob.match(segments[...], path[..<end]) {
            return true
        }
        return false
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            for skip in 0...path.count where match(rest, path.dropFirst(skip)) { return true }
            return false
        }
        guard let name = path.first, fnmatch(head, name, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
