import Foundation
import Testing

/// Inline directives (`unspin: ignore-line`, `ignore-next-line`, `disable` …
/// `enable`), also across chunk boundaries, and `.gitignore`/`.ignore` in
/// directory walks.
@Suite struct ToolboxIgnoreTests {
    static let directives = """
        the level man <!-- unspin: ignore-line -->
        the level man
        # unspin: ignore-next-line
        the level man
        the level man
        <!-- unspin: disable -->
        the level man
        the level man
        <!-- unspin: enable -->
        the level man
        // unspin: disable
        the level man

        the level man

        """

    @Test func inlineDirectivesInFixCheckAndDiff() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let input = utf8(Self.directives)
        let fix = try toolbox(["fix"] + engine, stdin: input)
        #expect(fix.status == 0, "stderr: \(fix.err)")
        var expected = Self.directives.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in [2, 5, 10] { expected[line - 1] = "the point man" }
        #expect(fix.out == expected.joined(separator: "\n"))

        let check = try toolbox(["check"] + engine, stdin: input)
        #expect(check.status == 1)
        #expect(check.out == "stdin:2:5: level man -> point man (toolbox, 0.9)\n"
                + "stdin:5:5: level man -> point man (toolbox, 0.9)\n"
                + "stdin:10:5: level man -> point man (toolbox, 0.9)\n",
                "a disable without enable lasts to the end, across paragraphs")

        try dir.write("doc.txt", input)
        let diff = try toolbox(["diff", "doc.txt"] + engine, cwd: dir.path)
        #expect(diff.status == 1)
        let removed = diff.out.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
        #expect(removed.count == 3)
    }

    /// A document of paragraphs with a disable region in the middle: with 64-byte
    /// chunks the region spans several chunks.
    static func paragraphs() -> (input: String, expected: String) {
        var input = "The level man opened the meeting today.\n\n<!-- unspin: disable -->\n\n"
        var expected = "The point man opened the meeting today.\n\n<!-- unspin: disable -->\n\n"
        for i in 1...8 {
            let paragraph = "Paragraph \(i) names the level man once more.\n\n"
            input += paragraph
            expected += paragraph
        }
        input += "<!-- unspin: enable -->\n\nThe level man closed the meeting.\n"
        expected += "<!-- unspin: enable -->\n\nThe point man closed the meeting.\n"
        return (input, expected)
    }

    @Test func disableRegionSpanningChunkBoundaries() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let (input, expected) = Self.paragraphs()
        try #require(input.utf8.count > 64 * 4, "several chunks")
        try dir.write("doc.txt", input)
        for env in [[:], ["UNSPIN_CHUNK_BYTES": "64"]] {
            let fix = try toolbox(["fix", "doc.txt"] + engine, cwd: dir.path, env: env)
            #expect(fix.status == 0, "\(env): \(fix.err)")
            expectSameBytes(fix.stdout, utf8(expected), "fix \(env)")
            let check = try toolbox(["check", "--format", "jsonl", "doc.txt"] + engine, cwd: dir.path, env: env)
            let lines = try jsonlObjects(check.stdout).compactMap { $0["line"] as? Int }
            let last = expected.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            #expect(lines == [1, last], "\(env): findings only outside the region")
        }
        try dir.write("copy.txt", input)
        let rewrite = try toolbox(["rewrite", "copy.txt"] + engine, cwd: dir.path, env: ["UNSPIN_CHUNK_BYTES": "64"])
        #expect(rewrite.status == 0)
        #expect(try dir.text("copy.txt") == expected)
    }

    /// A paragraph longer than a chunk, with no blank line, is cut after a
    /// sentence end, possibly in the middle of a line. A directive later on the
    /// same line, or on the line before, must still apply: the result does not
    /// depend on where chunks end.
    @Test(arguments: [
        // ignore-line at the end of a line whose first sentence ends the chunk.
        ("Some words here to pad the opening of this text.\n"
         + "The level man spoke first. Then the level man left. <!-- unspin: ignore-line -->\n"
         + "The level man is last and this line is long enough to pass the limit.\n",
         "Some words here to pad the opening of this text.\n"
         + "The level man spoke first. Then the level man left. <!-- unspin: ignore-line -->\n"
         + "The point man is last and this line is long enough to pass the limit.\n"),
        // ignore-next-line on a line that ends the chunk.
        ("Words without any sentence end go here to pad out the first chunk\n"
         + "# unspin: ignore-next-line.\n"
         + "the level man again.\n"
         + "The level man is last and this line is long enough to pass the limit.\n",
         "Words without any sentence end go here to pad out the first chunk\n"
         + "# unspin: ignore-next-line.\n"
         + "the level man again.\n"
         + "The point man is last and this line is long enough to pass the limit.\n"),
    ])
    func directivesHoldWhenAChunkEndsInsideAParagraph(_ input: String, _ expected: String) throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        try #require(input.utf8.count > 128 && !input.contains("\n\n"), "one paragraph, longer than two 64-byte chunks")
        let whole = try toolbox(["fix"] + engine, stdin: utf8(input))
        #expect(whole.out == expected, "one chunk")
        let small = try toolbox(["fix"] + engine, stdin: utf8(input), env: ["UNSPIN_CHUNK_BYTES": "64"])
        #expect(small.out == expected, "64-byte chunks")
    }

    // MARK: - .gitignore and .ignore

    /// A tree with ignore files; every text file holds one finding.
    static func ignoredTree() throws -> TempDir {
        let dir = try TempDir.toolbox()
        try dir.write(".gitignore", "# build output\n*.log\n!keep.log\nbuild/\n/rooted.txt\n*.dict\n")
        try dir.write(".ignore", "private.txt\n")
        try dir.write("sub/.gitignore", "local.txt\n")
        for file in ["keep.log", "skip.log", "build/out.txt", "private.txt", "rooted.txt", "sub/rooted.txt", "sub/local.txt"] {
            try dir.write(file, "the level man\n")
        }
        return dir
    }

    static let walked = ["keep.log", "sub/rooted.txt"]
    static let ignored = ["build/out.txt", "private.txt", "rooted.txt", "skip.log", "sub/local.txt"]

    /// The files a walk of the tree reached: reported by check or diff, or
    /// changed by rewrite.
    func walk(_ command: String, _ extra: [String], in dir: TempDir, engine: [String]) throws -> Set<String> {
        let result = try toolbox([command] + extra + ["."] + engine, cwd: dir.path)
        switch command {
        case "check":
            #expect(result.status == 1, "stderr: \(result.err)")
            return Set(try jsonlObjects(result.stdout).compactMap { $0["path"] as? String }.map { String($0.dropFirst(2)) })
        case "diff":
            #expect(result.status == 1, "stderr: \(result.err)")
            return Set(result.out.split(separator: "\n").filter { $0.hasPrefix("+++ b/./") }.map { String($0.dropFirst(8)) })
        default:
            #expect(result.status == 0, "stderr: \(result.err)")
            return Set(try (Self.walked + Self.ignored).filter { try dir.text($0) == "the point man\n" })
        }
    }

    @Test(arguments: ["check", "diff", "rewrite"])
    func walksHonourIgnoreFiles(_ command: String) throws {
        let dir = try Self.ignoredTree()
        defer { dir.remove() }
        let extra = command == "check" ? ["--format", "jsonl"] : []
        let reached = try walk(command, extra, in: dir, engine: Toolbox.engine("toolbox.dict"))
        #expect(reached == Set(Self.walked), "\(command)")
        #expect(try dir.text("toolbox.dict") == Toolbox.dictionaryText)
    }

    @Test(arguments: ["check", "diff", "rewrite"])
    func noIgnoreWalksEverythingButHiddenFiles(_ command: String) throws {
        let dir = try Self.ignoredTree()
        defer { dir.remove() }
        // Keep the dictionary out of the walk: a hidden file.
        try FileManager.default.moveItem(atPath: dir.url("toolbox.dict"), toPath: dir.url(".toolbox.dict"))
        let extra = (command == "check" ? ["--format", "jsonl"] : []) + ["--no-ignore"]
        let reached = try walk(command, extra, in: dir, engine: Toolbox.engine(".toolbox.dict"))
        #expect(reached == Set(Self.walked + Self.ignored), "\(command)")
        #expect(try dir.text(".gitignore").hasPrefix("# build output"), "hidden files are still skipped")
    }

    @Test func aFileNamedExplicitlyIsProcessedEvenIfIgnored() throws {
        let dir = try Self.ignoredTree()
        defer { dir.remove() }
        let engine = Toolbox.engine("toolbox.dict")
        let check = try toolbox(["check", "build/out.txt"] + engine, cwd: dir.path)
        #expect(check.status == 1)
        #expect(check.out == "build/out.txt:1:5: level man -> point man (toolbox, 0.9)\n")
        let diff = try toolbox(["diff", "private.txt"] + engine, cwd: dir.path)
        #expect(diff.status == 1)
        #expect(diff.out.contains("+the point man"))
        let rewrite = try toolbox(["rewrite", "skip.log", "sub/local.txt"] + engine, cwd: dir.path)
        #expect(rewrite.status == 0, "stderr: \(rewrite.err)")
        #expect(try dir.text("skip.log") == "the point man\n")
        #expect(try dir.text("sub/local.txt") == "the point man\n")
        #expect(try dir.text("rooted.txt") == "the level man\n", "only the named files")
    }

    @Test func ignoreFilesFromTheRepositoryTopApplyWhenWalkingASubdirectory() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.url(".git"), withIntermediateDirectories: true)
        try dir.write(".gitignore", "secret.txt\ngenerated/\n")
        try dir.write("project/secret.txt", "the level man\n")
        try dir.write("project/generated/g.txt", "the level man\n")
        try dir.write("project/public.txt", "the level man\n")
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let fromInside = try toolbox(["check", "."] + engine, cwd: dir.url("project"))
        #expect(fromInside.out == "./public.txt:1:5: level man -> point man (toolbox, 0.9)\n", "stderr: \(fromInside.err)")
        let named = try toolbox(["rewrite", "project"] + engine, cwd: dir.path)
        #expect(named.status == 0)
        #expect(try dir.text("project/public.txt") == "the point man\n")
        #expect(try dir.text("project/secret.txt") == "the level man\n")
        #expect(try dir.text("project/generated/g.txt") == "the level man\n")
    }
}
