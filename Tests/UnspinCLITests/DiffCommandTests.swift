import Foundation
import Testing

@Suite struct DiffCommandTests {
    static let files: [String: String] = [
        "doc.txt": "alpha\nHe left for the reason that it rained.\n3\n4\n5\n6\n7\n8\n9\nThe level man spoke.\nend\n",
        "crlf.txt": "One\r\nHe left for the reason that it rained.\r\nTwo\r\n",
        "nested/bom.md": "\u{FEFF}# Title\n\nThe level man spoke",
        "clean.txt": "nothing here\n",
    ]

    func makeTree() throws -> (TempDir, String) {
        let dir = try TempDir()
        let dictionary = try dir.write("test.dict", testDictionaryText)
        for (path, text) in Self.files { try dir.write("work/" + path, text) }
        return (dir, dictionary)
    }

    @Test func diffOfOneFileHasHeadersAndExitsOne() throws {
        let (dir, dictionary) = try makeTree()
        defer { dir.remove() }
        let result = try unspin(["diff", "doc.txt"] + engineArguments(dictionary), cwd: dir.url("work"))
        #expect(result.status == 1, "stderr: \(result.err)")
        #expect(result.out.hasPrefix("--- a/doc.txt\n+++ b/doc.txt\n@@ "))
        #expect(result.out.contains("\n-He left for the reason that it rained.\n+He left since it rained.\n"))
        #expect(result.out.contains("\n-The level man spoke.\n+The point man spoke.\n"))
        #expect(try dir.read("work/doc.txt") == utf8(Self.files["doc.txt"]!), "diff must not modify its input")
    }

    @Test func noChangesNoOutputExitZero() throws {
        let (dir, dictionary) = try makeTree()
        defer { dir.remove() }
        let result = try unspin(["diff", "clean.txt"] + engineArguments(dictionary), cwd: dir.url("work"))
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let stdin = try unspin(["diff"] + engineArguments(dictionary), stdin: utf8("nothing to fix\n"))
        #expect(stdin.status == 0)
        #expect(stdin.stdout.isEmpty)
    }

    @Test func standardInputIsLabelled() throws {
        let (dir, dictionary) = try makeTree()
        defer { dir.remove() }
        let result = try unspin(["diff"] + engineArguments(dictionary), stdin: utf8("for the reason that\n"))
        #expect(result.status == 1)
        #expect(result.out == "--- a/stdin\n+++ b/stdin\n@@ -1 +1 @@\n-for the reason that\n+since\n")
    }

    @Test func missingPathExitsTwo() throws {
        let (dir, dictionary) = try makeTree()
        defer { dir.remove() }
        let result = try unspin(["diff", "no-such-file.txt"] + engineArguments(dictionary), cwd: dir.url("work"))
        #expect(result.status == 2)
        #expect(result.err.contains("no-such-file.txt"))
        #expect(result.stdout.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/patch")))
    func patchAppliesTheDiffToGiveFixOutput() throws {
        let (dir, dictionary) = try makeTree()
        defer { dir.remove() }
        // What fix produces for each file.
        var fixed: [String: [UInt8]] = [:]
        for path in Self.files.keys {
            let result = try unspin(["fix", "work/" + path] + engineArguments(dictionary), cwd: dir.path)
            #expect(result.status == 0)
            fixed[path] = result.stdout
        }
        // One diff for the whole tree, paths relative to dir ("work/…"); applied with -p1.
        let diff = try unspin(["diff", "work"] + engineArguments(dictionary), cwd: dir.path)
        #expect(diff.status == 1, "stderr: \(diff.err)")
        #expect(diff.out.contains("--- a/work/doc.txt\n+++ b/work/doc.txt\n"))
        #expect(diff.out.contains("--- a/work/nested/bom.md\n+++ b/work/nested/bom.md\n"))
        #expect(!diff.out.contains("clean.txt"))
        let patchFile = try dir.write("changes.patch", diff.stdout)
        let patch = try run("/usr/bin/patch", ["-p1", "--batch", "--no-backup-if-mismatch", "-i", patchFile], cwd: dir.path)
        #expect(patch.status == 0, "patch failed: \(patch.out) \(patch.err)")
        for (path, bytes) in fixed {
            #expect(try dir.read("work/" + path) == bytes, "patched \(path) differs from fix output")
        }
        #expect(!dir.allPaths().contains { $0.hasSuffix(".orig") || $0.hasSuffix(".rej") })
    }
}
