import Foundation
import Testing

@Suite struct RewriteCommandTests {
    /// A tree with every kind of file rewrite must handle.
    struct Tree {
        let dir: TempDir
        let dictionary: String

        static let fixedFiles: [String: (before: [UInt8], after: [UInt8], mode: Int)] = [
            "a.txt": (utf8("He left for the reason that it rained.\r\nBye  \r\n"), utf8("He left since it rained.\r\nBye  \r\n"), 0o640),
            "sub/nested/b.md": (utf8("\u{FEFF}# Head\n\nThe level man spoke"), utf8("\u{FEFF}# Head\n\nThe point man spoke"), 0o600),
            // UTF-16 with a byte-order mark is corrected and stays UTF-16.
            "sub/utf16.txt": (utf16LE("for the reason that"), utf16LE("since"), 0o644),
        ]
        static let unchangedFiles: [String: [UInt8]] = [
            "clean.txt": utf8("nothing here\n"),
            "sub/clean-crlf.txt": utf8("still nothing\r\n"),
            "bin.dat": utf8("for the reason that") + [0, 1, 2, 0xFF],
            "latin1.txt": utf8("caf") + [0xE9] + utf8(" for the reason that\n"),
            ".git/config": utf8("for the reason that\n"),
            ".git/objects/x.txt": utf8("for the reason that\n"),
            ".hidden.txt": utf8("for the reason that\n"),
        ]
        static let skippedCount = 5  // bin.dat, latin1.txt, .git, .hidden.txt, link.txt

        init() throws {
            dir = try TempDir()
            dictionary = try dir.write("test.dict", testDictionaryText)
            for (path, file) in Self.fixedFiles { try dir.write("tree/" + path, file.before, mode: file.mode) }
            for (path, bytes) in Self.unchangedFiles { try dir.write("tree/" + path, bytes, mode: 0o644) }
            try FileManager.default.createSymbolicLink(atPath: dir.url("tree/link.txt"), withDestinationPath: "a.txt")
        }

        var root: String { dir.url("tree") }

        func expectNoTemporaryFiles(sourceLocation: SourceLocation = #_sourceLocation) {
            let leftovers = dir.allPaths().filter { $0.contains(".unspin-") }
            #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)", sourceLocation: sourceLocation)
        }
    }

    @Test func rewritesTextFilesInPlace() throws {
        let tree = try Tree()
        defer { tree.dir.remove() }
        let result = try unspin(["rewrite", tree.root] + engineArguments(tree.dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.stdout.isEmpty)
        for (path, file) in Tree.fixedFiles {
            #expect(try tree.dir.read("tree/" + path) == file.after, "\(path)")
            #expect(try tree.dir.mode("tree/" + path) == file.mode, "mode of \(path)")
        }
        for (path, bytes) in Tree.unchangedFiles {
            #expect(try tree.dir.read("tree/" + path) == bytes, "\(path) must be byte-identical")
        }
        for skipped in ["bin.dat", "latin1.txt", ".git", ".hidden.txt", "link.txt"] {
            #expect(result.err.contains("skipping \(tree.root)/\(skipped)"), "no skip message for \(skipped): \(result.err)")
        }
        #expect(!result.err.contains(".git/config"), "a hidden directory is skipped whole")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: tree.dir.url("tree/link.txt")) == "a.txt")
        let summary = try #require(result.err.split(separator: "\n").last.map(String.init))
        #expect(summary.contains("5 files scanned"), "\(summary)")
        #expect(summary.contains("3 changed"), "\(summary)")
        #expect(summary.contains("\(Tree.skippedCount) skipped"), "\(summary)")
        #expect(summary.contains("3 edits"), "\(summary)")
        tree.expectNoTemporaryFiles()
    }

    @Test func dryRunChangesNothing() throws {
        let tree = try Tree()
        defer { tree.dir.remove() }
        let before = try tree.dir.snapshot()
        let result = try unspin(["rewrite", "--dry-run", tree.root] + engineArguments(tree.dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try tree.dir.snapshot() == before)
        #expect(result.err.contains("would fix \(tree.root)/a.txt"))
        #expect(result.err.contains("would change"))
        tree.expectNoTemporaryFiles()
    }

    @Test func outputWritesAMirroredTree() throws {
        let tree = try Tree()
        defer { tree.dir.remove() }
        let before = try tree.dir.snapshot("tree")
        let out = tree.dir.url("out")
        let result = try unspin(["rewrite", tree.root, "--output", out] + engineArguments(tree.dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try tree.dir.snapshot("tree") == before, "the source tree must be untouched")
        for (path, file) in Tree.fixedFiles {
            #expect(try tree.dir.read("out/" + path) == file.after, "\(path)")
            #expect(try tree.dir.mode("out/" + path) == file.mode, "mode of out/\(path)")
        }
        let mirrored = try tree.dir.snapshot("out")
        for (path, bytes) in Tree.unchangedFiles where !path.hasPrefix(".") {
            #expect(mirrored[path] == bytes, "out/\(path) must be an exact copy")
        }
        #expect(!mirrored.keys.contains { $0.hasPrefix(".") }, "hidden entries are not mirrored: \(mirrored.keys.sorted())")
        tree.expectNoTemporaryFiles()
    }

    @Test func namedFileIsRewritten() throws {
        let tree = try Tree()
        defer { tree.dir.remove() }
        let result = try unspin(["rewrite", tree.root + "/a.txt"] + engineArguments(tree.dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try tree.dir.read("tree/a.txt") == Tree.fixedFiles["a.txt"]!.after)
        #expect(try tree.dir.read("tree/sub/nested/b.md") == Tree.fixedFiles["sub/nested/b.md"]!.before)
        tree.expectNoTemporaryFiles()
    }

    @Test func secondRunChangesNothing() throws {
        let tree = try Tree()
        defer { tree.dir.remove() }
        _ = try unspin(["rewrite", tree.root] + engineArguments(tree.dictionary))
        let once = try tree.dir.snapshot()
        let again = try unspin(["rewrite", tree.root] + engineArguments(tree.dictionary))
        #expect(again.status == 0)
        #expect(try tree.dir.snapshot() == once)
        #expect(again.err.contains("0 changed"))
    }

    @Test func rewriteRefusesStandardInputAndNoPaths() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let dash = try unspin(["rewrite", "-"] + engineArguments(dictionary))
        #expect(dash.status == 2)
        let none = try unspin(["rewrite"] + engineArguments(dictionary))
        #expect(none.status == 2)
        let missing = try unspin(["rewrite", dir.url("missing")] + engineArguments(dictionary))
        #expect(missing.status == 2)
        #expect(missing.err.contains(dir.url("missing")))
    }
}

/// `text` as UTF-16LE with a byte-order mark.
func utf16LE(_ text: String) -> [UInt8] {
    [0xFF, 0xFE] + Array(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
}
