import Foundation
import Testing

/// Issue 4: `rewrite` never loses a byte. Files are replaced atomically and
/// keep their mode (and owner); symbolic links are handled as documented;
/// unreadable files and unwritable directories are reported without stopping
/// the run; temporary files of killed runs are cleaned up; concurrent runs
/// never expose partial content.
@Suite(.serialized) struct RobustnessRewriteTests {
    static let spun = utf8("He left for the reason that it rained.\nThe level man spoke.\n")
    static let fixed = utf8("He left since it rained.\nThe point man spoke.\n")

    /// Whether `chattr +i` works here (root on ext4 and similar); used where root
    /// would otherwise ignore a read-only directory.
    static func immutable(_ path: String, _ on: Bool) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr"),
              let result = try? run("/usr/bin/chattr", [on ? "+i" : "-i", path]) else { return false }
        return result.status == 0
    }

    @Test func modesAreKept() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let modes = [0o644, 0o600, 0o640, 0o755, 0o444, 0o400, 0o4755, 0o2750, 0o1777, 0o000]
        for mode in modes { try dir.write("tree/m\(String(mode, radix: 8)).txt", Self.spun, mode: mode) }
        if !runningAsRoot {
            // Without root a mode-000 file cannot be read: it is covered by unreadableFileIsReported.
            try FileManager.default.removeItem(atPath: dir.url("tree/m0.txt"))
        }
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        for mode in modes where FileManager.default.fileExists(atPath: dir.url("tree/m\(String(mode, radix: 8)).txt")) {
            let name = "tree/m\(String(mode, radix: 8)).txt"
            #expect(try dir.read(name) == Self.fixed, "\(name)")
            let actual = try dir.mode(name)
            #expect(actual == mode, "mode of \(name): \(String(actual, radix: 8))")
        }
        #expect(temporaryLitter(dir).isEmpty)
    }

    @Test(.enabled(if: getuid() == 0)) func ownerIsKeptWhenRoot() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let file = try dir.write("tree/owned.txt", Self.spun, mode: 0o640)
        #expect(chown(file, 4321, 8765) == 0)
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("tree/owned.txt") == Self.fixed)
        var st = stat()
        #expect(stat(file, &st) == 0)
        #expect(st.st_uid == 4321 && st.st_gid == 8765, "owner \(st.st_uid):\(st.st_gid)")
        #expect(try dir.mode("tree/owned.txt") == 0o640)
    }

    /// Extended attributes (where POSIX ACLs and security labels live too) stay
    /// with the file, like its mode and owner.
    @Test func extendedAttributesAreKept() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let file = try dir.write("tree/a.txt", Self.spun)
        // <sys/xattr.h> is not in the Glibc module: look the calls up at run time.
        typealias SetXattr = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer, Int, Int32) -> Int32
        typealias GetXattr = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer, Int) -> Int
        guard let set = dlsym(nil, "setxattr").map({ unsafeBitCast($0, to: SetXattr.self) }),
              let get = dlsym(nil, "getxattr").map({ unsafeBitCast($0, to: GetXattr.self) }) else { return }
        let value = Array("kept".utf8)
        guard set(file, "user.unspin-test", value, value.count, 0) == 0 else { return }  // no user xattrs on this file system
        let result = try unspin(["rewrite", file] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("tree/a.txt") == Self.fixed)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = get(file, "user.unspin-test", &buffer, buffer.count)
        #expect(n == value.count && Array(buffer.prefix(max(n, 0))) == value, "the extended attribute user.unspin-test was lost")
    }

    /// Whether strace can trace a process here (ptrace may be forbidden in containers).
    static let straceWorks: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"),
              let result = try? run("/usr/bin/strace", ["-o", "/dev/null", "/bin/true"]) else { return false }
        return result.status == 0
    }()

    /// The system calls of a rewrite, in order: the new content goes to
    /// `.NAME.unspin-PID-XXXXXX` in the same directory, which is flushed with
    /// fsync, closed and renamed over the file; then the directory is flushed.
    @Test(.enabled(if: straceWorks)) func temporaryFileIsFlushedThenRenamed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/a.txt", Self.spun)
        let trace = dir.url("trace")
        let result = try run("/usr/bin/strace", ["-f", "-o", trace, "-e", "trace=openat,write,fsync,fdatasync,close,rename,renameat,renameat2",
                                                 try UnspinBinary.require(), "rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("tree/a.txt") == Self.fixed)
        let lines = String(decoding: try dir.read("trace"), as: UTF8.self).split(separator: "\n").map(String.init)
        let tree = dir.url("tree")
        let create = try Regex(#"openat\(AT_FDCWD, "([^"]*/\.a\.txt\.unspin-([0-9]+)-[A-Za-z0-9]{6})", [^)]*O_CREAT[^)]*O_EXCL[^)]*\) = ([0-9]+)"#)
        guard let (createIndex, match) = lines.enumerated().lazy.compactMap({ i, line in (try? create.firstMatch(in: line)).flatMap { $0 }.map { (i, $0) } }).first else {
            Issue.record("no temporary file created with O_CREAT|O_EXCL:\n\(lines.joined(separator: "\n"))")
            return
        }
        let temporary = String(match.output[1].substring!)
        let fd = String(match.output[3].substring!)
        #expect(parentPath(temporary) == tree, "the temporary file is in the file's directory: \(temporary)")
        func index(after start: Int, _ predicate: (String) -> Bool) -> Int? {
            lines.indices.first { $0 > start && predicate(lines[$0]) }
        }
        let written = index(after: createIndex) { $0.contains("write(\(fd), ") }
        let synced = index(after: createIndex) { $0.contains("fsync(\(fd))") || $0.contains("fdatasync(\(fd))") }
        let closed = index(after: createIndex) { $0.contains("close(\(fd))") }
        let renamed = index(after: createIndex) { $0.contains("rename") && $0.contains("\"\(temporary)\"") && $0.contains("\"\(tree)/a.txt\"") }
        try #require(written != nil && synced != nil && closed != nil && renamed != nil,
                     "write \(String(describing: written)), fsync \(String(describing: synced)), close \(String(describing: closed)), rename \(String(describing: renamed)):\n\(lines.joined(separator: "\n"))")
        #expect(written! < synced! && synced! < renamed!, "the data is flushed before the rename")
        #expect(closed! < renamed!)
        // The directory is flushed after the rename, so the rename itself is durable.
        let directoryOpen = try Regex(#"openat\(AT_FDCWD, "\#(tree)", [^)]*O_DIRECTORY[^)]*\) = ([0-9]+)"#)
        let directorySynced = lines.indices.contains { i in
            guard i > renamed!, let m = try? directoryOpen.firstMatch(in: lines[i]) else { return false }
            let dfd = String(m.output[1].substring!)
            return index(after: i) { $0.contains("fsync(\(dfd))") } != nil
        }
        #expect(directorySynced, "the directory is fsynced after the rename")
    }

    /// The file is replaced by rename: a reader holding the old file keeps
    /// seeing the old bytes, and the inode changes.
    @Test func replacementIsByRename() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let file = try dir.write("tree/a.txt", Self.spun)
        var before = stat()
        #expect(stat(file, &before) == 0)
        let handle = try #require(FileHandle(forReadingAtPath: file))
        defer { try? handle.close() }
        let result = try unspin(["rewrite", file] + engineArguments(dictionary))
        #expect(result.status == 0)
        var after = stat()
        #expect(stat(file, &after) == 0)
        #expect(before.st_ino != after.st_ino, "the new content must be a new file renamed over the old one")
        #expect([UInt8](handle.readDataToEndOfFile()) == Self.spun, "an open reader still sees the old content")
        #expect(try dir.read("tree/a.txt") == Self.fixed)
    }

    @Test func symlinkNamedOnTheCommandLineIsWrittenThrough() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("real/target.txt", Self.spun, mode: 0o640)
        try dir.write("real/second.txt", Self.spun)
        try FileManager.default.createDirectory(atPath: dir.url("links"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.url("links/link.txt"), withDestinationPath: "../real/target.txt")
        // A chain: chain.txt -> link2.txt -> /abs/real/second.txt
        try FileManager.default.createSymbolicLink(atPath: dir.url("links/link2.txt"), withDestinationPath: dir.url("real/second.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir.url("links/chain.txt"), withDestinationPath: "link2.txt")
        let result = try unspin(["rewrite", dir.url("links/link.txt"), dir.url("links/chain.txt")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.url("links/link.txt")) == "../real/target.txt")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.url("links/chain.txt")) == "link2.txt")
        #expect(try dir.read("real/target.txt") == Self.fixed)
        #expect(try dir.read("real/second.txt") == Self.fixed)
        #expect(try dir.mode("real/target.txt") == 0o640)
        #expect(temporaryLitter(dir).isEmpty)
        // A dangling link named explicitly is an error; the other paths are still processed.
        try dir.write("real/third.txt", Self.spun)
        try FileManager.default.createSymbolicLink(atPath: dir.url("links/dangling.txt"), withDestinationPath: "nowhere.txt")
        let dangling = try unspin(["rewrite", dir.url("links/dangling.txt"), dir.url("real/third.txt")] + engineArguments(dictionary))
        #expect(dangling.status == 2)
        #expect(dangling.err.contains("dangling.txt"), "stderr: \(dangling.err)")
        #expect(try dir.read("real/third.txt") == Self.fixed)
        #expect(!FileManager.default.fileExists(atPath: dir.url("links/nowhere.txt")), "nothing is created at a dangling link")
    }

    @Test func symlinksInsideDirectoriesAreNotFollowed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("outside/secret.txt", Self.spun)
        try dir.write("tree/plain.txt", Self.spun)
        let links = [
            ("tree/file-link.txt", "../outside/secret.txt"),
            ("tree/dir-link", "../outside"),
            ("tree/loop", "."),
            ("tree/parent-loop", ".."),
            ("tree/self-loop", "self-loop"),
            ("tree/dangling", "missing.txt"),
        ]
        for (path, destination) in links {
            try FileManager.default.createSymbolicLink(atPath: dir.url(path), withDestinationPath: destination)
        }
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("outside/secret.txt") == Self.spun, "a link inside the tree must not be followed")
        #expect(try dir.read("tree/plain.txt") == Self.fixed)
        for (path, destination) in links {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.url(path)) == destination)
            #expect(result.err.contains("skipping \(dir.url(path)): symbolic link"), "no skip message for \(path): \(result.err)")
        }
        #expect(result.err.contains("1 file scanned"), "the loop must not be walked: \(result.err)")
        // check and diff walk the same way.
        let check = try unspin(["check", dir.url("tree")] + engineArguments(dictionary))
        #expect(check.status == 0, "the tree is fixed now: \(check.out)")
        #expect(!check.out.contains("secret"))
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// An unreadable file is reported, the run goes on, the exit status is 2.
    /// Root reads mode-000 files, so it gets a file whose read fails with EIO
    /// instead (/proc/self/mem at offset 0), and an explicitly named missing path.
    @Test func unreadableFileIsReported() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/a.txt", Self.spun)
        try dir.write("tree/z.txt", Self.spun)
        var unreadable: [String] = [dir.url("missing.txt")]
        if runningAsRoot {
            if FileManager.default.fileExists(atPath: "/proc/self/mem") { unreadable.append("/proc/self/mem") }
        } else {
            try dir.write("tree/m.txt", Self.spun, mode: 0o000)
            unreadable.append(dir.url("tree/m.txt"))
        }
        let result = try unspin(["rewrite"] + unreadable + [dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 2, "stderr: \(result.err)")
        for path in unreadable {
            // /proc/self/mem is reported under its resolved name, /proc/PID/mem.
            let named = path == "/proc/self/mem" ? "/mem: cannot read" : path
            #expect(result.err.contains(named), "no error for \(path): \(result.err)")
        }
        #expect(try dir.read("tree/a.txt") == Self.fixed)
        #expect(try dir.read("tree/z.txt") == Self.fixed)
        #expect(result.stdout.isEmpty)
        #expect(temporaryLitter(dir).isEmpty)
        // The same inputs for check, diff and fix: reported, exit 2, other output still produced.
        try dir.write("tree/b.txt", Self.spun)
        let check = try unspin(["check"] + unreadable + [dir.url("tree/b.txt")] + engineArguments(dictionary))
        #expect(check.status == 2)
        #expect(check.out.contains("b.txt:1:"))
        let diff = try unspin(["diff"] + unreadable + [dir.url("tree/b.txt")] + engineArguments(dictionary))
        #expect(diff.status == 2)
        #expect(diff.out.contains("+He left since it rained."))
        for path in unreadable {
            let fix = try unspin(["fix", path] + engineArguments(dictionary))
            #expect(fix.status == 2)
            #expect(fix.err.contains(path))
        }
    }

    /// A directory where no file can be created: the files in it are reported
    /// and left as they were; files elsewhere are still fixed; exit 2.
    @Test func readOnlyDirectoryIsReported() throws {
        let dir = try TempDir()
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/a.txt", Self.spun)
        try dir.write("tree/locked/b.txt", Self.spun)
        try dir.write("tree/z/c.txt", Self.spun)
        let locked = dir.url("tree/locked")
        var unlock: () -> Void = {}
        if runningAsRoot {
            guard Self.immutable(locked, true) else {
                // No way to make a directory read-only for root here (no chattr +i): nothing to test.
                dir.remove()
                return
            }
            unlock = { _ = Self.immutable(locked, false) }
        } else {
            chmod(locked, 0o555)
            unlock = { chmod(locked, 0o755) }
        }
        defer { unlock(); dir.remove() }
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 2, "stderr: \(result.err)")
        #expect(result.err.contains(dir.url("tree/locked")), "stderr: \(result.err)")
        #expect(try dir.read("tree/locked/b.txt") == Self.spun)
        #expect(try dir.read("tree/a.txt") == Self.fixed)
        #expect(try dir.read("tree/z/c.txt") == Self.fixed)
        unlock()
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// A file that needs no change is not an error in a read-only directory:
    /// nothing has to be written.
    @Test func cleanFileInReadOnlyDirectoryIsNotAnError() throws {
        let dir = try TempDir()
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/locked/clean.txt", "nothing to fix here\n")
        let locked = dir.url("tree/locked")
        var unlock: () -> Void = {}
        if runningAsRoot {
            guard Self.immutable(locked, true) else { dir.remove(); return }
            unlock = { _ = Self.immutable(locked, false) }
        } else {
            chmod(locked, 0o555)
            unlock = { chmod(locked, 0o755) }
        }
        defer { unlock(); dir.remove() }
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "a clean file needs no write, so a read-only directory is no error: \(result.err)")
    }

    /// The --output tree cannot be created where a file is in the way: that file
    /// is reported, the others are still written (a write error root cannot bypass).
    @Test func outputWriteFailureIsReportedAndTheRunGoesOn() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("tree/a.txt", Self.spun)
        try dir.write("tree/sub/b.txt", Self.spun)
        try dir.write("tree/z.txt", Self.spun)
        try dir.write("out/sub", "a file where a directory should be\n")
        let result = try unspin(["rewrite", dir.url("tree"), "--output", dir.url("out")] + engineArguments(dictionary))
        #expect(result.status == 2, "stderr: \(result.err)")
        #expect(result.err.contains(dir.url("out/sub")), "stderr: \(result.err)")
        #expect(try dir.read("out/a.txt") == Self.fixed)
        #expect(try dir.read("out/z.txt") == Self.fixed)
        #expect(try dir.read("out/sub") == utf8("a file where a directory should be\n"))
        #expect(try dir.read("tree/sub/b.txt") == Self.spun)
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// A file whose name is close to NAME_MAX (255 bytes) can still be rewritten:
    /// its temporary file name must not exceed the limit.
    @Test func fileWithALongNameCanBeRewritten() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let name = String(repeating: "n", count: 250) + ".txt"
        try dir.write("tree/" + name, Self.spun)
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("tree/" + name) == Self.fixed)
        #expect(temporaryLitter(dir).isEmpty)
    }

    @Test func staleTemporaryFilesAreRemovedAndLiveOnesKept() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let deadPID: Int32 = 999_999
        guard kill(deadPID, 0) != 0 else { return }  // that pid happens to be alive: nothing to test
        let livePID = getpid()
        try dir.write("tree/x.txt", Self.spun)
        try dir.write("tree/sub/y.txt", Self.spun)
        let stale = ["tree/.x.txt.unspin-\(deadPID)-ABCDEF", "tree/sub/.y.txt.unspin-\(deadPID)-a1B2c3"]
        let live = ["tree/.x.txt.unspin-\(livePID)-ABCDEF", "tree/sub/.y.txt.unspin-\(livePID)-QwErTy"]
        // Not temporary files of unspin: must never be touched.
        let lookalikes = ["tree/.x.txt.unspin-\(deadPID)-ABCDE", "tree/x.txt.unspin-\(deadPID)-ABCDEF",
                          "tree/.x.txt.unspin-abc-ABCDEF", "tree/.git/.x.txt.unspin-\(deadPID)-ABCDEF"]
        for path in stale + live + lookalikes { try dir.write(path, "partial") }
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        for path in stale {
            #expect(!FileManager.default.fileExists(atPath: dir.url(path)), "\(path) should have been removed")
            #expect(result.err.contains(dir.url(path)), "the removal is reported: \(result.err)")
        }
        for path in live + lookalikes {
            #expect(try dir.read(path) == utf8("partial"), "\(path) must be left alone")
        }
        #expect(try dir.read("tree/x.txt") == Self.fixed)
        #expect(try dir.read("tree/sub/y.txt") == Self.fixed)
        #expect(!result.err.contains("skipping \(dir.url(live[0]))"), "temporary files are not reported as skipped hidden files")
    }

    /// `--dry-run` writes nothing: not even the clean-up of stale temporary files.
    @Test func dryRunRemovesNothing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        guard kill(999_999, 0) != 0 else { return }
        try dir.write("tree/x.txt", Self.spun)
        try dir.write("tree/.x.txt.unspin-999999-ABCDEF", "partial")
        let before = try dir.snapshot("tree")
        let result = try unspin(["rewrite", "--dry-run", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.snapshot("tree") == before, "--dry-run changed the tree: \(result.err)")
    }

    /// `rewrite FILE` (not its directory) also cleans up what a killed
    /// `rewrite FILE` left next to it.
    @Test func staleTemporaryOfANamedFileIsRemoved() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        guard kill(999_999, 0) != 0 else { return }
        try dir.write("tree/x.txt", Self.spun)
        try dir.write("tree/.x.txt.unspin-999999-ABCDEF", "partial")
        let result = try unspin(["rewrite", dir.url("tree/x.txt")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("tree/x.txt") == Self.fixed)
        #expect(temporaryLitter(dir, "tree").isEmpty, "left: \(temporaryLitter(dir, "tree"))")
    }

    /// A run killed with SIGKILL leaves each file old or new; the next run fixes
    /// the rest and removes the litter. Temporary names follow `.NAME.unspin-PID-XXXXXX`.
    @Test func killedRunLeavesOldOrNewAndTheNextRunCleansUp() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        var big: [UInt8] = []
        let unit = Self.spun + utf8("\n")
        while big.count < 200_000 { big += unit }
        let bigFixed = replacingAll(replacingAll(big, "for the reason that", with: "since"), "level man", with: "point man")
        for i in 0..<4 { try dir.write("tree/f\(i).txt", big) }
        let process = try startUnspin(["rewrite", dir.url("tree")] + engineArguments(dictionary),
                                      stdout: dir.url("out"), stderr: dir.url("err"))
        let pattern = try Regex(#"^\.(f[0-9]\.txt)\.unspin-([0-9]+)-[A-Za-z0-9]{6}$"#)
        var sawTemporary = false
        // Wait (bounded by the run itself, not by a clock) until a temporary file shows up.
        while process.isRunning && !sawTemporary {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.url("tree"))) ?? [] where name.contains(".unspin-") {
                sawTemporary = true
                let match = try #require(try pattern.wholeMatch(in: name), "unexpected temporary name \(name)")
                #expect(Int32(String(match.output[2].substring!)) == process.processIdentifier)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for i in 0..<4 {
            let bytes = try dir.read("tree/f\(i).txt")
            #expect(bytes == big || bytes == bigFixed, "f\(i).txt is neither old nor new (\(bytes.count) bytes)")
        }
        let next = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(next.status == 0, "stderr: \(next.err)")
        for i in 0..<4 { #expect(try dir.read("tree/f\(i).txt") == bigFixed) }
        #expect(temporaryLitter(dir).isEmpty, "left: \(temporaryLitter(dir))")
    }

    /// Two rewrites of one tree at once: every file is always either its old or
    /// its new content (checked while they run and after), and no litter is left.
    @Test func concurrentRewritesNeverExposePartialContent() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        var files: [String: (old: [UInt8], new: [UInt8])] = [:]
        for i in 0..<16 {
            var old: [UInt8] = []
            let size = [100, 5_000, 30_000, 80_000][i % 4]
            let unit = i % 3 == 0 ? utf8("nothing to see, move along.\n") : Self.spun
            while old.count < size { old += unit }
            let new = replacingAll(replacingAll(old, "for the reason that", with: "since"), "level man", with: "point man")
            let path = "tree/d\(i % 3)/f\(i).txt"
            try dir.write(path, old)
            files[path] = (old, new)
        }
        for round in 0..<1 {
            if round > 0 { for (path, file) in files { try dir.write(path, file.old) } }
            let arguments = ["rewrite", dir.url("tree")] + engineArguments(dictionary)
            let first = try startUnspin(arguments, stdout: dir.url("out1"), stderr: dir.url("err1"))
            let second = try startUnspin(arguments, stdout: dir.url("out2"), stderr: dir.url("err2"))
            var observations = 0
            while first.isRunning || second.isRunning {
                for (path, file) in files {
                    guard let data = FileManager.default.contents(atPath: dir.url(path)) else {
                        Issue.record("\(path) vanished during the rewrites")
                        continue
                    }
                    let bytes = [UInt8](data)
                    #expect(bytes == file.old || bytes == file.new, "\(path) has partial content (\(bytes.count) bytes)")
                    observations += 1
                }
                usleep(1000)  // leave the processors to the two runs
            }
            first.waitUntilExit()
            second.waitUntilExit()
            let err1 = String(decoding: try dir.read("err1"), as: UTF8.self)
            let err2 = String(decoding: try dir.read("err2"), as: UTF8.self)
            #expect(first.terminationStatus == 0, "first: \(err1)")
            #expect(second.terminationStatus == 0, "second: \(err2)")
            for (path, file) in files { #expect(try dir.read(path) == file.new, "\(path) after both runs") }
            #expect(temporaryLitter(dir, "tree").isEmpty, "left: \(temporaryLitter(dir, "tree"))")
            #expect(observations > 0)
        }
    }

    /// `fix` reads a named pipe (process substitution: `unspin fix <(cmd)`).
    @Test func fixReadsANamedPipe() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let fifo = dir.url("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        try dir.write("input.txt", Self.spun)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "cat \"$0\" > \"$1\"", dir.url("input.txt"), fifo]
        try writer.run()
        let result = try unspin(["fix", fifo] + engineArguments(dictionary))
        if writer.isRunning {
            // unspin did not open the pipe: unblock the writer.
            let fd = open(fifo, O_RDONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        writer.waitUntilExit()
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.stdout == Self.fixed)
    }
}

/// The directory part of `path`.
func parentPath(_ path: String) -> String {
    (path as NSString).deletingLastPathComponent
}
