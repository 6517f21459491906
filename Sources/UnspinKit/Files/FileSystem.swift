#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file operation, reported as `PATH: reason`.
public struct FileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The error for the current `errno` after `action` failed on `path`.
    public static func errno(_ path: String, _ action: String) -> FileError {
        FileError(path: path, reason: "\(action): \(String(cString: strerror(Glibc.errno)))")
    }
}

/// Thin wrappers over POSIX file calls: whole-file reads, atomic replacement
/// and a directory walk. Plain syscalls keep the CLI free of Foundation.
public enum FileSystem {
    public enum Kind: Sendable { case file, directory, symlink, other, missing }

    public static func kind(_ path: String, followLinks: Bool = true) -> Kind {
        var st = stat()
        let rc = followLinks ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// Reads all of `path` (or standard input for "-").
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        if path == "-" { return try readAll(fd: 0, path: "<stdin>") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.errno(path, "cannot open") }
        defer { close(fd) }
        return try readAll(fd: fd, path: path)
    }

    static func readAll(fd: Int32, path: String) throws(FileError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "cannot read")
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
            if chunk.count < 1 << 22 && result.count > chunk.count * 4 {
                chunk = [UInt8](repeating: 0, count: chunk.count * 4)
            }
        }
        return result
    }

    /// Offset of the first invalid UTF-8 byte in the file, or nil; reads in
    /// chunks, so any size is checked in bounded memory.
    public static func firstInvalidUTF8Offset(_ path: String) throws(FileError) -> Int? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.errno(path, "cannot open") }
        defer { close(fd) }
        var reader = ChunkReader(fd: fd, path: path)
        while let chunk = try reader.next() {
            if let bad = chunk.bytes.withUnsafeBufferPointer({ UnspinKit.firstInvalidUTF8Offset($0) }) {
                return chunk.offset + bad
            }
        }
        return nil
    }

    /// Writes all of `bytes` to the file descriptor.
    public static func write(fd: Int32, _ bytes: [UInt8], path: String) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "cannot write")
            }
            offset += n
        }
    }

    /// Replaces `path` with `bytes` atomically (see `AtomicFileWriter`).
    /// `modeOf` names the file whose permissions to copy (default: `path`).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, modeOf template: String? = nil) throws(FileError) {
        var writer = try AtomicFileWriter(replacing: path, modeOf: template)
        try writer.write(bytes)  // on failure the writer's deinit removes the temporary file
        try writer.commit()
    }

    static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    /// The canonical path of `path` with symbolic links resolved, or nil.
    public static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Creates `path` and its parents as needed.
    public static func makeDirectories(_ path: String) throws(FileError) {
        if path.isEmpty || kind(path) == .directory { return }
        try makeDirectories(parentDirectory(of: path))
        if mkdir(path, 0o777) != 0 && Glibc.errno != EEXIST {
            throw FileError.errno(path, "cannot create directory")
        }
    }

    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Entry names in `directory`, sorted, without "." and "..".
    public static func list(_ directory: String) throws(FileError) -> [String] {
        guard let dir = opendir(directory) else { throw FileError.errno(directory, "cannot list directory") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
