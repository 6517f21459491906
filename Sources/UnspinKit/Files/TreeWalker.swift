/// Expands the paths a user names into the files to process. Directories are
/// walked in sorted order; inside them, hidden entries (".git", ".cache", …)
/// and symbolic links are skipped, so a walk never leaves the tree or loops.
/// A path named explicitly is used even if hidden or a link.
public enum TreeWalker {
    public enum Item: Sendable, Equatable {
        /// A regular file: its path, and its path relative to the root that was named.
        case file(path: String, relative: String)
        /// Something not processed, and why.
        case skipped(path: String, reason: String)
        case failed(FileError)
    }

    /// Walks `roots`. `ignore(path, isDirectory)` silently leaves out entries
    /// found inside directories (ignore files, exclude globs); named roots are
    /// never left out.
    public static func walk(
        _ roots: [String], ignore: (String, Bool) -> Bool = { _, _ in false }, _ visit: (Item) -> Void
    ) {
        for root in roots {
            switch FileSystem.kind(root) {
            case .file:
                visit(.file(path: root, relative: FileSystem.baseName(of: root)))
            case .directory:
                walkDirectory(root, relative: "", ignore, visit)
            case .missing:
                visit(.failed(FileError(path: root, reason: "no such file or directory")))
            case .symlink, .other:
                visit(.skipped(path: root, reason: "not a regular file or directory"))
            }
        }
    }

    private static func walkDirectory(
        _ directory: String, relative: String, _ ignore: (String, Bool) -> Bool, _ visit: (Item) -> Void
    ) {
        let names: [String]
        do {
            names = try FileSystem.list(directory)
        } catch {
            visit(.failed(error))
            return
        }
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            if name.hasPrefix(".") {
                if FileSystem.kind(path, followLinks: false) == .directory {
                    visit(.skipped(path: path, reason: "hidden directory"))
                } else {
                    visit(.skipped(path: path, reason: "hidden file"))
                }
                continue
            }
            let kind = FileSystem.kind(path, followLinks: false)
            if (kind == .file || kind == .directory) && ignore(path, kind == .directory) { continue }
            switch kind {
            case .file: visit(.file(path: path, relative: rel))
            case .directory: walkDirectory(path, relative: rel, ignore, visit)
            case .symlink: visit(.skipped(path: path, reason: "symbolic link (not followed)"))
            case .other: visit(.skipped(path: path, reason: "not a regular file"))
            case .missing: visit(.failed(FileError(path: path, reason: "vanished while walking")))
            }
        }
    }
}
