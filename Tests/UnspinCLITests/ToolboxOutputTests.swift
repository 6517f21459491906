import Foundation
import Testing

/// --color, NO_COLOR, -q/--quiet, --version, completion scripts and the
/// dictionaries listing.
@Suite struct ToolboxOutputTests {
    func fixture() throws -> (TempDir, [String]) {
        let dir = try TempDir.toolbox()
        try dir.write("doc.txt", "the level man left for the reason that it rained.\n")
        return (dir, Toolbox.engine("toolbox.dict"))
    }

    @Test(arguments: [["check", "doc.txt"], ["diff", "doc.txt"]])
    func colorAlwaysAndNever(_ command: [String]) throws {
        let (dir, engine) = try fixture()
        defer { dir.remove() }
        let always = try toolbox(command + ["--color", "always"] + engine, cwd: dir.path)
        #expect(always.status == 1, "\(command): \(always.err)")
        #expect(always.out.contains(ansiEscape), "\(command) --color always")
        let never = try toolbox(command + ["--color", "never"] + engine, cwd: dir.path)
        #expect(never.status == 1)
        #expect(!never.out.contains("\u{1B}"), "\(command) --color never")
        #expect(!never.out.isEmpty)
        // Without the escapes, the coloured output says the same.
        #expect(Self.stripANSI(always.out) == never.out, "\(command)")
        // auto: standard output is a file here, so no colour; NO_COLOR does not
        // override an explicit --color always.
        let auto = try toolbox(command + engine, cwd: dir.path)
        #expect(auto.stdout == never.stdout, "\(command): auto without a terminal")
        let alwaysNoColor = try toolbox(command + ["--color", "always"] + engine, cwd: dir.path, env: ["NO_COLOR": "1"])
        #expect(alwaysNoColor.stdout == always.stdout)
    }

    static func stripANSI(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    /// `--color auto` on a terminal: colour, unless NO_COLOR is set. Runs unspin
    /// under script(1) to give it a pseudo-terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
                   "script(1) from util-linux is needed for a pseudo-terminal"))
    func colorAutoOnATerminalHonoursNoColor() throws {
        let (dir, engine) = try fixture()
        defer { dir.remove() }
        let command = ([try UnspinBinary.require(), "check", "doc.txt"] + engine).map { "'\($0)'" }.joined(separator: " ")
        let terminal = try toolboxRun("/usr/bin/script", ["-qec", command, "/dev/null"], cwd: dir.path)
        #expect(terminal.out.contains("level man"), "output: \(terminal.out) \(terminal.err)")
        #expect(terminal.out.contains(ansiEscape), "auto colours on a terminal")
        let noColor = try toolboxRun("/usr/bin/script", ["-qec", command, "/dev/null"], cwd: dir.path, env: ["NO_COLOR": "1"])
        #expect(noColor.out.contains("level man"), "output: \(noColor.out) \(noColor.err)")
        #expect(!noColor.out.contains("\u{1B}["), "NO_COLOR=1 turns auto colour off")
    }

    @Test func quietRewriteKeepsErrorsOnly() throws {
        let (dir, engine) = try fixture()
        defer { dir.remove() }
        try dir.write("tree/doc.txt", "the level man\n")
        try dir.write("tree/bin.dat", [0x00, 0x01, 0x02, 0x00] + utf8("the level man\n"))
        try dir.write("tree/.hidden.txt", "the level man\n")

        let loud = try toolbox(["rewrite", "--dry-run", "tree", "missing.txt"] + engine, cwd: dir.path)
        #expect(loud.status == 2)
        #expect(loud.err.contains("skipping tree/bin.dat"), "stderr: \(loud.err)")
        #expect(loud.err.contains("scanned"), "a summary: \(loud.err)")
        #expect(loud.err.contains("missing.txt"))
        let quiet = try toolbox(["rewrite", "--dry-run", "-q", "tree", "missing.txt"] + engine, cwd: dir.path)
        #expect(quiet.status == 2)
        #expect(!quiet.err.contains("skipping"), "\(quiet.err)")
        #expect(!quiet.err.contains("scanned"), "\(quiet.err)")
        #expect(!quiet.err.contains("would fix"), "\(quiet.err)")
        #expect(quiet.err.contains("missing.txt"), "errors stay: \(quiet.err)")
    }

    @Test func quietCheckKeepsFindingsAndWarnings() throws {
        let (dir, engine) = try fixture()
        defer { dir.remove() }
        // check: the per-file score line goes, findings on stdout stay.
        let check = try toolbox(["check", "doc.txt"] + engine, cwd: dir.path)
        #expect(check.err.contains("spin score"), "stderr: \(check.err)")
        let quietCheck = try toolbox(["check", "--quiet", "doc.txt"] + engine, cwd: dir.path)
        #expect(quietCheck.status == 1)
        #expect(quietCheck.stderr.isEmpty, "stderr: \(quietCheck.err)")
        #expect(quietCheck.stdout == check.stdout)

        // Warnings stay: invalid UTF-8 in a file named explicitly.
        try dir.write("invalid.txt", utf8("the level man ") + [0xFF] + utf8("\n"))
        let warning = try toolbox(["fix", "-q", "invalid.txt"] + engine, cwd: dir.path)
        #expect(warning.err.contains("warning"), "stderr: \(warning.err)")
        #expect(warning.stdout == utf8("the point man ") + [0xFF] + utf8("\n"))
    }

    @Test func versionCompletionAndDictionaries() throws {
        let version = try toolbox(["--version"])
        #expect(version.status == 0)
        let text = version.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$"#, options: .regularExpression) != nil,
                "a version number: \(version.out.debugDescription)")

        let bash = try toolbox(["--generate-completion-script", "bash"])
        #expect(bash.status == 0, "stderr: \(bash.err)")
        #expect(bash.out.contains("complete"), "a bash completion script")
        for word in ["rewrite", "check", "diff", "dictionaries", "--jsonl", "--no-ignore", "--config", "sarif"] {
            #expect(bash.out.contains(word), "completion mentions \(word)")
        }
        if FileManager.default.isExecutableFile(atPath: "/bin/bash") {
            let dir = try TempDir()
            defer { dir.remove() }
            try dir.write("unspin.bash", bash.stdout)
            let syntax = try toolboxRun("/bin/bash", ["-n", dir.url("unspin.bash")])
            #expect(syntax.status == 0, "bash -n: \(syntax.err)")
        }

        let dictionaries = try toolbox(["dictionaries"])
        #expect(dictionaries.status == 0)
        let names = dictionaries.out.split(separator: "\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: "\t").first }
        #expect(names == ["news-spinner", "tortured-phrases", "context", "collocation", "spintax"], "output: \(dictionaries.out)")
        #expect(dictionaries.out.contains("entries"))
    }
}
