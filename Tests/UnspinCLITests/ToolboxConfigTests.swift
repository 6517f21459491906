import Foundation
import Testing

/// `.unspin.toml` / `unspin.toml` end to end: discovery from the working
/// directory, every setting, `--config`, `--no-config`, command-line
/// precedence, and errors as `FILE:LINE: reason` with exit status 2.
@Suite struct ToolboxConfigTests {
    static let weakAndStrong = "They returned to energy in May. The level man.\n"

    // MARK: - discovery, threshold, dictionaries relative to the file

    @Test func thresholdAndDictionaryRelativeToTheConfigFileFoundUpward() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("dicts/toolbox.dict", Toolbox.dictionaryText)
        try dir.write(".unspin.toml", Toolbox.config(dictionary: "dicts/toolbox.dict", "threshold = 0.75"))
        try FileManager.default.createDirectory(atPath: dir.url("work/deeper"), withIntermediateDirectories: true)
        let input = utf8(Self.weakAndStrong)

        let deep = try toolbox(["fix"], stdin: input, cwd: dir.url("work/deeper"))
        #expect(deep.status == 0, "stderr: \(deep.err)")
        #expect(deep.out == "They returned to energy in May. The point man.\n",
                "the 0.7 entry is below the configured 0.75; the dictionary is found relative to the file")

        // The command line overrides the file's threshold.
        let lower = try toolbox(["fix", "--threshold", "0.65"], stdin: input, cwd: dir.url("work/deeper"))
        #expect(lower.out == "They returned to power in May. The point man.\n")
        let higher = try toolbox(["check", "--threshold", "0.95"], stdin: input, cwd: dir.url("work"))
        #expect(higher.status == 0)
        #expect(higher.stdout.isEmpty)

        // The file's threshold is reported by check --format json.
        let json = try toolbox(["check", "--format", "json"], stdin: input, cwd: dir.path)
        #expect(json.status == 1)
        #expect(jsonObject(json.stdout)?["threshold"] as? Double == 0.75)
    }

    @Test func plainUnspinTomlIsFoundAndTheNearestFileWins() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write("unspin.toml", Toolbox.config("threshold = 0.75"))
        try dir.write("sub/.unspin.toml", Toolbox.config(dictionary: "../toolbox.dict", "threshold = 0.65"))
        let input = utf8(Self.weakAndStrong)
        let top = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(top.out == "They returned to energy in May. The point man.\n", "unspin.toml (no dot) is read: \(top.err)")
        let sub = try toolbox(["fix"], stdin: input, cwd: dir.url("sub"))
        #expect(sub.out == "They returned to power in May. The point man.\n", "sub/.unspin.toml is nearer: \(sub.err)")
    }

    // MARK: - settings

    @Test func includeQuotedFromTheFileAndTheCommandLine() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let input = utf8("She said \"the level man is here\" and left.\n")
        try dir.write(".unspin.toml", Toolbox.config("include-quoted = false"))
        let off = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(off.stdout == input, "quoted speech is left alone: \(off.err)")
        let flag = try toolbox(["fix", "--include-quoted"], stdin: input, cwd: dir.path)
        #expect(flag.out == "She said \"the point man is here\" and left.\n", "--include-quoted overrides the file")
        try dir.write(".unspin.toml", Toolbox.config("include-quoted = true"))
        let on = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(on.out == "She said \"the point man is here\" and left.\n")
    }

    @Test func onlyChoosesBuiltinDictionaries() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let input = utf8("The level man studied counterfeit consciousness.\n")
        try dir.write(".unspin.toml", "only = [\"news-spinner\"]\n")
        let only = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(only.out == "The point man studied counterfeit consciousness.\n", "stderr: \(only.err)")
        // --only on the command line replaces the file's list.
        let cliOnly = try toolbox(["fix", "--only", "tortured-phrases"], stdin: input, cwd: dir.path)
        #expect(cliOnly.out == "The level man studied artificial intelligence.\n", "stderr: \(cliOnly.err)")
    }

    @Test func excludeLeavesBuiltinDictionariesOut() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let input = utf8("The level man studied counterfeit consciousness.\n")
        try dir.write(".unspin.toml", "exclude = [\"news-spinner\"]\n")
        let exclude = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(exclude.out == "The level man studied artificial intelligence.\n", "stderr: \(exclude.err)")
        let cliExclude = try toolbox(["fix", "--exclude", "tortured-phrases"], stdin: input, cwd: dir.path)
        #expect(cliExclude.out == "The point man studied counterfeit consciousness.\n",
                "--exclude on the command line replaces the file's list: \(cliExclude.err)")
    }

    /// The file excludes a dictionary that `--only` on the command line asks for:
    /// the command line overrides the file, so that dictionary is used.
    @Test func commandLineOnlyOverridesTheFilesExclude() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".unspin.toml", "exclude = [\"tortured-phrases\"]\n")
        let result = try toolbox(["fix", "--only", "tortured-phrases"],
                                 stdin: utf8("The level man studied counterfeit consciousness.\n"), cwd: dir.path)
        #expect(result.status == 0)
        #expect(result.out == "The level man studied artificial intelligence.\n",
                "--only tortured-phrases must win over the file's exclude = [\"tortured-phrases\"]")
    }

    @Test func allowListDropsPhrasesComparedLikeDictionaryKeys() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Toolbox.config("allow = [\"Level  Man\"]"))
        let input = utf8("the level man and the LEVEL MAN left for the reason that it rained.\n")
        let fixed = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(fixed.out == "the level man and the LEVEL MAN left since it rained.\n", "stderr: \(fixed.err)")
        let check = try toolbox(["check"], stdin: input, cwd: dir.path)
        #expect(check.status == 1)
        let column = "the level man and the LEVEL MAN left ".count + 1
        #expect(check.out == "stdin:1:\(column): for the reason that -> since (toolbox, 0.9)\n")
        // Without the allow list both are found (the test can fail).
        let noConfig = try toolbox(["check", "--no-config"] + Toolbox.engine(dir.url("toolbox.dict")), stdin: input, cwd: dir.path)
        #expect(noConfig.out.split(separator: "\n").count == 3)
    }

    static let filesConfig = Toolbox.config("""
        [files]
        include = ["**/*.md", "**/*.txt"]
        exclude = ["vendor/**"]
        """)
    static let globTree = ["docs/a.md", "docs/b.txt", "notes/c.rst", "vendor/d.md", "docs/vendor/e.md", "top.txt"]

    @Test func filesIncludeAndExcludeGlobsShapeDirectoryWalks() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Self.filesConfig)
        let spun = "the level man\n"
        for file in Self.globTree { try dir.write(file, spun) }
        let check = try toolbox(["check", "."], cwd: dir.path)
        #expect(check.status == 1, "stderr: \(check.err)")
        let paths = check.out.split(separator: "\n").map { $0.split(separator: ":").first.map(String.init) ?? "" }
        #expect(paths == ["./docs/a.md", "./docs/b.txt", "./docs/vendor/e.md", "./top.txt"], "output: \(check.out)")

        let rewrite = try toolbox(["rewrite", "."], cwd: dir.path)
        #expect(rewrite.status == 0, "stderr: \(rewrite.err)")
        for changed in ["docs/a.md", "docs/b.txt", "docs/vendor/e.md", "top.txt"] {
            #expect(try dir.text(changed) == "the point man\n", "\(changed) is included")
        }
        for kept in ["notes/c.rst", "vendor/d.md"] {
            #expect(try dir.text(kept) == spun, "\(kept) is not included or is excluded")
        }
        #expect(try dir.text("toolbox.dict") == Toolbox.dictionaryText, "the dictionary is not a *.md/*.txt file")
    }

    @Test func filesGlobsAreRelativeToTheConfigFileAndNamedFilesAreKept() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Self.filesConfig)
        let spun = "the level man\n"
        for file in Self.globTree { try dir.write(file, spun) }
        // Walking from below the configuration's directory.
        let fromDocs = try toolbox(["rewrite", "."], cwd: dir.url("docs"))
        #expect(fromDocs.status == 0, "stderr: \(fromDocs.err)")
        #expect(try dir.text("docs/b.txt") == "the point man\n")
        #expect(try dir.text("docs/vendor/e.md") == "the point man\n", "vendor/** is anchored at the configuration's directory")
        #expect(try dir.text("vendor/d.md") == spun)
        // A file named explicitly is processed.
        let explicit = try toolbox(["rewrite", "vendor/d.md", "notes/c.rst"], cwd: dir.path)
        #expect(explicit.status == 0)
        #expect(try dir.text("vendor/d.md") == "the point man\n", "a named file is never left out")
        #expect(try dir.text("notes/c.rst") == "the point man\n", "a named file is never left out")
    }

    @Test func overridesApplyPerPathAndLaterOnesWin() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        // Below the document gate's "strong" 0.8, above the top-level threshold.
        try dir.write("extra.dict", "@name extra\nplain text => clear text | confidence: 0.79\n")
        try dir.write(".unspin.toml", Toolbox.config("""
            threshold = 0.75

            [[overrides]]
            paths = ["papers/**"]
            threshold = 0.5

            [[overrides]]
            paths = ["papers/draft/**"]
            threshold = 0.8

            [[overrides]]
            paths = ["news"]
            allow = ["level man"]

            [[overrides]]
            paths = ["special/**"]
            dictionaries = ["extra.dict"]
            """))
        // One strong finding per document, so the document gate raises nothing.
        let text = "They returned to energy. The level man left. The plain text.\n"
        for file in ["papers/p.txt", "papers/draft/d.txt", "news/n.txt", "special/s.txt", "other.txt"] {
            try dir.write(file, text)
        }
        let rewrite = try toolbox(["rewrite", "papers", "news", "special", "other.txt"], cwd: dir.path)
        #expect(rewrite.status == 0, "stderr: \(rewrite.err)")
        #expect(try dir.text("papers/p.txt") == "They returned to power. The point man left. The plain text.\n", "threshold 0.5")
        #expect(try dir.text("papers/draft/d.txt") == "They returned to energy. The point man left. The plain text.\n",
                "the later override wins")
        #expect(try dir.text("news/n.txt") == text, "level man is allowed under news/")
        #expect(try dir.text("special/s.txt") == "They returned to energy. The point man left. The clear text.\n",
                "extra.dict, relative to the configuration file, applies under special/")
        #expect(try dir.text("other.txt") == "They returned to energy. The point man left. The plain text.\n", "top-level settings")
    }

    @Test func fixAndCheckUseTheOverrideForTheirFile() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Toolbox.config("""
            threshold = 0.75
            [[overrides]]
            paths = ["papers/**"]
            threshold = 0.5
            [[overrides]]
            paths = ["news"]
            allow = ["level man"]
            """))
        let text = "They returned to energy. The level man left. The plain text.\n"
        try dir.write("news/n.txt", text)
        try dir.write("papers/q.txt", text)
        let fix = try toolbox(["fix", "papers/q.txt"], cwd: dir.path)
        #expect(fix.out == "They returned to power. The point man left. The plain text.\n", "stderr: \(fix.err)")
        let stdin = try toolbox(["fix"], stdin: utf8(text), cwd: dir.path)
        #expect(stdin.out == "They returned to energy. The point man left. The plain text.\n", "standard input: the top level")
        let check = try toolbox(["check", "--format", "jsonl", "papers/q.txt", "news/n.txt"], cwd: dir.path)
        #expect(check.status == 1)
        let found = try jsonlObjects(check.stdout).compactMap { $0["found"] as? String }
        #expect(found == ["returned to energy", "level man"], "nothing is reported for news/n.txt")
    }

    @Test func ignoreFilesFalseWalksIgnoredFiles() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".gitignore", "skip.txt\n*.dict\n")
        try dir.write("skip.txt", "the level man\n")
        try dir.write("keep.txt", "the level man\n")
        try dir.write(".unspin.toml", Toolbox.config())
        let honoured = try toolbox(["rewrite", "."], cwd: dir.path)
        #expect(honoured.status == 0, "stderr: \(honoured.err)")
        #expect(try dir.text("skip.txt") == "the level man\n")
        #expect(try dir.text("keep.txt") == "the point man\n")

        try dir.write(".unspin.toml", Toolbox.config("ignore-files = false\n[files]\nexclude = [\"*.dict\"]"))
        let ignoredToo = try toolbox(["rewrite", "."], cwd: dir.path)
        #expect(ignoredToo.status == 0, "stderr: \(ignoredToo.err)")
        #expect(try dir.text("skip.txt") == "the point man\n", "ignore-files = false")
    }

    // MARK: - --config, --no-config, command-line precedence

    @Test func configOptionNamesTheFileAndItsDirectoryIsTheBase() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Toolbox.config("threshold = 0.95"))
        try dir.write("conf/toolbox.dict", "@name conf\nlevel man => lead man\n")
        try dir.write("conf/custom.toml", Toolbox.config("threshold = 0.5"))
        let input = utf8(Self.weakAndStrong)
        let discovered = try toolbox(["fix"], stdin: input, cwd: dir.path)
        #expect(discovered.stdout == input, "threshold 0.95 from .unspin.toml")
        let named = try toolbox(["fix", "--config", "conf/custom.toml"], stdin: input, cwd: dir.path)
        #expect(named.status == 0, "stderr: \(named.err)")
        #expect(named.out == "They returned to energy in May. The lead man.\n",
                "conf/toolbox.dict (relative to conf/custom.toml) is used, and .unspin.toml is not")

        let missing = try toolbox(["fix", "--config", "conf/missing.toml"], stdin: input, cwd: dir.path)
        #expect(missing.status == 2)
        #expect(missing.err.contains("conf/missing.toml"))
        #expect(missing.stdout.isEmpty)

        let both = try toolbox(["fix", "--config", "conf/custom.toml", "--no-config"], stdin: input, cwd: dir.path)
        #expect(both.status == 2)
    }

    @Test func noConfigIgnoresTheFileEvenAMalformedOne() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Toolbox.config("threshold = 0.95"))
        let input = utf8(Self.weakAndStrong)
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let with = try toolbox(["fix"] + engine, stdin: input, cwd: dir.path)
        #expect(with.stdout == input)
        let without = try toolbox(["fix", "--no-config"] + engine, stdin: input, cwd: dir.path)
        #expect(without.out == "They returned to power in May. The point man.\n", "default threshold 0.6: \(without.err)")
        try dir.write(".unspin.toml", "threshold = \n")
        let malformed = try toolbox(["fix", "--no-config"] + engine, stdin: input, cwd: dir.path)
        #expect(malformed.status == 0, "stderr: \(malformed.err)")
        #expect(malformed.out == "They returned to power in May. The point man.\n")
    }

    @Test func commandLineDictionaryTakesPriorityOverTheFiles() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", Toolbox.config())
        try dir.write("lead.dict", "@name lead\nlevel man => lead man\n")
        let input = utf8("the level man\n")
        #expect(try toolbox(["fix"], stdin: input, cwd: dir.path).out == "the point man\n")
        let cli = try toolbox(["fix", "--dictionary", "lead.dict"], stdin: input, cwd: dir.path)
        #expect(cli.out == "the lead man\n", "stderr: \(cli.err)")
    }

    // MARK: - errors

    /// (file bytes, line of the error, words of the reason)
    static let malformed: [([UInt8], Int, String)] = [
        (utf8("threshold = 0.7\ninclude-quoted = false\nthreshold = \n"), 3, ""),  // TOML syntax
        (utf8("threshold = 0.7\n\nbogus = 1\n"), 3, "bogus"),
        (utf8("# comment\nthreshold = 1.5\n"), 2, "threshold"),
        (utf8("include-quoted = \"yes\"\n"), 1, "include-quoted"),
        (utf8("allow = \"most cancers\"\n"), 1, "allow"),
        (utf8("[files]\ninclude = [\"*.md\"]\nexcludes = []\n"), 3, "excludes"),
        (utf8("# comment\n[[overrides]]\nthreshold = 0.5\n"), 2, "paths"),
        (utf8("[[overrides]]\npaths = [\"a/**\"]\nthresh = 0.5\n"), 3, "thresh"),
        (utf8("# comment\nignore-files = 1\n"), 2, "ignore-files"),
        (utf8("# comment\na = \"") + [0xFF] + utf8("\"\n"), 2, "UTF-8"),
    ]

    @Test(arguments: malformed.indices)
    func malformedConfigurationExitsTwoWithFileAndLineAndWritesNothing(_ index: Int) throws {
        let (bytes, line, reason) = Self.malformed[index]
        let text = String(decoding: bytes, as: UTF8.self)
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        try dir.write(".unspin.toml", bytes)
        try dir.write("doc.txt", "the level man\n")
        try dir.write("sub/more.txt", "the level man\n")
        let before = try dir.snapshot()

        let rewrite = try toolbox(["rewrite", "."] + Toolbox.engine("toolbox.dict"), cwd: dir.path)
        #expect(rewrite.status == 2, "\(text.debugDescription): \(rewrite.err)")
        #expect(rewrite.err.contains(".unspin.toml:\(line): "), "\(text.debugDescription) -> \(rewrite.err)")
        #expect(reason.isEmpty || rewrite.err.contains(reason), "\(rewrite.err)")
        #expect(try dir.snapshot() == before, "rewrite wrote nothing")

        for command in [["fix", "doc.txt"], ["check", "doc.txt"], ["diff", "doc.txt"]] {
            let result = try toolbox(command + Toolbox.engine("toolbox.dict"), cwd: dir.path)
            #expect(result.status == 2, "\(command): \(result.err)")
            #expect(result.stdout.isEmpty, "\(command) printed: \(result.out)")
            #expect(result.err.contains(".unspin.toml:\(line): "), "\(command): \(result.err)")
        }

        // The same file named with --config is reported under the name given.
        try dir.write("conf/bad.toml", bytes)
        try FileManager.default.removeItem(atPath: dir.url(".unspin.toml"))
        let named = try toolbox(["fix", "--config", "conf/bad.toml", "doc.txt"], cwd: dir.path)
        #expect(named.status == 2)
        #expect(named.err.contains("conf/bad.toml:\(line): "), "\(named.err)")
    }

    /// The line of an error is the line of the offending key, not the first line
    /// anywhere in the file that sets a key of the same name.
    @Test(arguments: [
        ("threshold = 0.5\n[[overrides]]\npaths = [\"a/**\"]\nthreshold = 2\n", 4),
        ("exclude = [\"tortured-phrases\"]\n[files]\nexclude = \"vendor\"\n", 3),
        ("[files]\ninclude = [\"*.md\"]\n[[overrides]]\npaths = [\"a/**\"]\ninclude = [\"x\"]\n", 5),
    ])
    func errorLineIsTheOffendingKeysLine(_ text: String, _ line: Int) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".unspin.toml", text)
        let result = try toolbox(["fix"], stdin: utf8("the level man\n"), cwd: dir.path)
        #expect(result.status == 2)
        #expect(result.err.contains(".unspin.toml:\(line): "), "\(text.debugDescription) -> \(result.err)")
    }

    /// A name in `only`/`exclude` that is not a built-in dictionary is a
    /// configuration error: reported as FILE:LINE, without usage text.
    @Test func unknownDictionaryNameInTheFileNamesFileAndLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".unspin.toml", "# comment\nonly = [\"nope\"]\n")
        let result = try toolbox(["fix"], stdin: utf8("the level man\n"), cwd: dir.path)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.err.contains("nope"))
        #expect(result.err.contains(".unspin.toml:2: "), "stderr: \(result.err)")
        #expect(!result.err.contains("Usage:"), "not a command-line usage error: \(result.err)")
    }

    @Test func missingDictionaryNamedInTheFileExitsTwoNamingIt() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(".unspin.toml", "dictionaries = [\"missing.dict\"]\n")
        try dir.write("doc.txt", "the level man\n")
        let result = try toolbox(["rewrite", "doc.txt"], cwd: dir.path)
        #expect(result.status == 2)
        #expect(result.err.contains("missing.dict"), "stderr: \(result.err)")
        #expect(try dir.text("doc.txt") == "the level man\n")
    }
}
