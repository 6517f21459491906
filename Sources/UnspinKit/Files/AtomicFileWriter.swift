import CPlatform
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that a crash at any moment leaves either the old file or
/// the new one, never a mix: the data goes to a temporary file in the same
/// directory (same file system, so the rename is atomic), is flushed to disk,
/// takes the original's mode, owner and extended attributes, and is renamed
/// over the original.
///
/// Temporary files are named `.NAME.unspin-PID-XXXXXX`. A run killed with
/// SIGKILL cannot remove its own; `removeStaleTemporaries(in:)` deletes those
/// whose process is gone, so the next run leaves no litter — and never touches
/// the live temporary file of a concurrent run.
public struct AtomicFileWriter: ~Copyable {
    public let path: String
    private let temporary: String
    private var fd: Int32
    /// Set once committed or discarded; otherwise deinit removes the temporary file.
    private var finished = false

    static let marker = ".unspin-"

    /// Starts replacing `path` (which need not exist yet). `modeOf` names the
    /// file whose permissions and owner to copy; default `path` itself.
    public init(replacing path: String, modeOf template: String? = nil) throws(FileError) {
        self.path = path
        let directory = FileSystem.parentDirectory(of: path)
        // Keep the temporary name within NAME_MAX (255 bytes) for long file names.
        let name = AtomicFileWriter.truncated(FileSystem.baseName(of: path), toBytes: 200)
        var pattern = Array("\(directory)/.\(name)\(AtomicFileWriter.marker)\(getpid())-XXXXXX".utf8CString)
        let fd = pattern.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError.errno(path, "cannot create a temporary file in \(directory)") }
        self.fd = fd
        // mkstemp filled in the X's; the name is the bytes before the terminating NUL.
        self.temporary = String(decoding: pattern.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var st = stat()
        if stat(template ?? path, &st) == 0 {
            _ = fchown(fd, st.st_uid, st.st_gid)  // best effort: other owners need privileges
            fchmod(fd, st.st_mode & 0o7777)
            _ = platform_copy_xattrs(template ?? path, fd)  // best effort, like the owner
        } else {
            fchmod(fd, 0o666 & ~FileSystem.currentUmask())
        }
    }

    public mutating func write(_ bytes: [UInt8]) throws(FileError) {
        try FileSystem.write(fd: fd, bytes, path: temporary)
    }

    /// Copies the first `count` bytes of the file at `source`, in blocks.
    public mutating func copy(from source: String, count: Int) throws(FileError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileError.errno(source, "cannot open") }
        defer { close(input) }
        var remaining = count
        // At most a MiB at a time, and no more than needed: most prefixes are a few kB.
        var block = [UInt8](repeating: 0, count: min(max(count, 1), 1 << 20))
        while remaining > 0 {
            let n = block.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, min($0.count, remaining)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.errno(source, "cannot read")
            }
            if n == 0 { throw FileError(path: source, reason: "changed while being rewritten (shorter than expected)") }
            try FileSystem.write(fd: fd, Array(block[0..<n]), path: temporary)
            remaining -= n
        }
    }

    /// Flushes and renames the temporary file over `path`. On failure the
    /// temporary file is removed and `path` is left as it was.
    public consuming func commit() throws(FileError) {
        let descriptor = fd
        fd = -1
        guard fsync(descriptor) == 0 else {
            let error = FileError.errno(path, "cannot flush")
            close(descriptor)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else { throw FileError.errno(path, "cannot replace") }
        finished = true
        let directory = open(FileSystem.parentDirectory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// Abandons the new content; `path` is left as it was.
    public consuming func discard() {}

    deinit {
        if fd >= 0 { close(fd) }
        if !finished { unlink(temporary) }
    }

    static func truncated(_ name: String, toBytes limit: Int) -> String {
        guard name.utf8.count > limit else { return name }
        var bytes = Array(name.utf8.prefix(limit))
        while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }  // whole characters only
        if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `name` is one of this writer's temporary files.
    public static func isTemporary(_ name: String) -> Bool { owner(ofTemporary: name) != nil }

    /// The process id that made the temporary file `name`, if it is one.
    static func owner(ofTemporary name: String) -> Int32? {
        guard name.hasPrefix("."), let marker = name.firstRange(of: marker) else { return nil }
        let rest = name[marker.upperBound...]
        guard let dash = rest.firstIndex(of: "-"), rest.distance(from: dash, to: rest.endIndex) == 7 else { return nil }
        return Int32(rest[..<dash])
    }

    /// Deletes temporary files in `directory` left by runs that no longer
    /// exist — only those for the file `only` when given. Returns the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String, only file: String? = nil) -> [String] {
        guard let names = try? FileSystem.list(directory) else { return [] }
        let prefix = file.map { "." + truncated($0, toBytes: 200) + marker }
        var removed: [String] = []
        for name in names {
            if let prefix, !name.hasPrefix(prefix) { continue }
            guard let pid = owner(ofTemporary: name) else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // that run is still alive
            let path = directory + "/" + name
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }
}
