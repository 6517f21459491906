import Foundation
import Testing

/// `--jobs N` processes several files at once; the output must not show it:
/// the same bytes on standard output and standard error, the same exit status
/// and the same files as one after another (`-j1`).
@Suite struct JobsTests {
    /// A tree whose files finish out of order when processed at once (big ones
    /// first), with every kind of outcome: edits, clean files, skipped binary and
    /// invalid UTF-8 files, a converted UTF-16 file, a UTF-16 file that cannot be
    /// decoded (an error in the middle of the run), nested directories.
    static func makeTree(_ dir: TempDir) throws -> String {
        let spun = "The level man stated it for the reason that it rained.\nA clean line.\n\n"
        let clean = "Nothing to see here.\n\n"
        for i in 0..<40 {
            let name = String(format: "tree/d%d/f%02d.txt", i % 3, i)
            let paragraphs = i % 7 == 0 ? 4000 : (i % 5) + 1
            let text = (0..<paragraphs).map { k in (i + k) % 3 == 0 ? clean : spun }.joined()
            try dir.write(name, text)
        }
        try dir.write("tree/d1/bin.dat", utf8("for the reason that") + [0, 1, 2, 0xFF])
        try dir.write("tree/d1/latin1.txt", utf8("caf") + [0xE9] + utf8(" for the reason that\n"))
        try dir.write("tree/d2/utf16.txt", utf16LE("the level man for the reason that"))
        try dir.write("tree/d2/broken16.txt", [0xFF, 0xFE] + utf8("level man") + [0x00, 0xD8])
        return dir.url("tree")
    }

    /// `-j1`, `--jobs 3`, and `--jobs 3` with the files over 100 kB processed in
    /// turn on the main thread (as files over 4 MiB and standard input are).
    func runAll(_ arguments: [String]) throws -> [RunResult] {
        [try unspin(arguments + ["-j1"]), try unspin(arguments + ["--jobs", "3"]),
         try toolbox(arguments + ["--jobs", "3"], env: ["UNSPIN_LARGE_INPUT_BYTES": "100000"])]
    }

    func expectSame(_ one: RunResult, _ two: RunResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(one.status == two.status, "\(what): exit status", sourceLocation: sourceLocation)
        #expect(one.stdout == two.stdout, "\(what): standard output", sourceLocation: sourceLocation)
        #expect(one.stderr == two.stderr, "\(what): standard error", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ["check"], ["check", "--format", "jsonl"], ["check", "--format", "json"], ["check", "--format", "sarif"],
        ["diff"], ["diff", "--format", "html"], ["rewrite", "--dry-run"],
    ])
    func sameOutputAsOneAtATime(_ command: [String]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let root = try Self.makeTree(dir)
        let runs = try runAll(command + [root] + engineArguments(dictionary) + ["--no-config"])
        let one = runs[0]
        for other in runs.dropFirst() { expectSame(one, other, command.joined(separator: " ")) }
        #expect(one.status == 2, "the undecodable UTF-16 file is an error: \(one.err)")
        #expect(one.err.contains("broken16.txt"))
        if command != ["rewrite", "--dry-run"] {
            #expect(!one.stdout.isEmpty)
        }
    }

    @Test func rewriteInPlaceGivesTheSameFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let first = try Self.makeTree(dir)
        let second = dir.url("tree2")
        try FileManager.default.copyItem(atPath: first, toPath: second)
        let one = try unspin(["rewrite", first, "-j1"] + engineArguments(dictionary) + ["--no-config"])
        let two = try unspin(["rewrite", second, "-j", "2"] + engineArguments(dictionary) + ["--no-config"])
        #expect(one.status == two.status)
        #expect(one.out == two.out)
        #expect(one.err == two.err.replacingOccurrences(of: "/tree2/", with: "/tree/"))
        #expect(try dir.snapshot("tree") == dir.snapshot("tree2"))
        #expect(one.err.contains("files scanned") && one.err.contains("2 skipped"), "\(one.err)")
    }

    @Test func rewriteIntoAMirrorGivesTheSameFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let root = try Self.makeTree(dir)
        let one = try unspin(["rewrite", root, "--output", dir.url("out1"), "-j1"] + engineArguments(dictionary) + ["--no-config"])
        let two = try unspin(["rewrite", root, "--output", dir.url("out2"), "-j2"] + engineArguments(dictionary) + ["--no-config"])
        #expect(one.status == two.status)
        #expect(one.err == two.err)
        #expect(try dir.snapshot("out1") == dir.snapshot("out2"))
        #expect(try !dir.snapshot("out1").isEmpty)
    }

    /// One large input: text whose chunks (UNSPIN_CHUNK_BYTES) end at blank
    /// lines, sentence ends and fallback cuts, with `disable` regions, ignored
    /// lines, quotations across cuts and an invalid byte.
    static func largeInput() -> [UInt8] {
        var rng = RobustnessStreamingTests.LCG(state: 9)
        var text: [UInt8] = []
        let sentences = ["The level man stated it for the reason that it rained.", "A clean sentence without spin",
                         "“The counterfeit consciousness,", "he said, “was the level man.”", "\"Quoted for the reason that",
                         "it rained.\"", "Nothing to see here"]
        let breaks = [" ", " ", "\n", "\n\n", ".\n", "\n<!-- unspin: disable -->\n", "\n<!-- unspin: enable -->\n",
                      "\n# unspin: ignore-next-line\n", " unspin: ignore-line\n"]
        for i in 0..<3000 {
            text += utf8(sentences[rng.next(sentences.count)] + breaks[rng.next(breaks.count)])
            if i == 1700 { text += [0xFF] }
        }
        return text
    }

    /// `-j 2` and `-j 3` analyse the chunks of one input on several threads;
    /// the output is `-j1`'s, from standard input and from a file.
    @Test(arguments: [["check", "--format", "jsonl"], ["check", "--format", "sarif"], ["fix"], ["diff"]])
    func oneLargeInputOnSeveralThreads(_ command: [String]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = Self.largeInput()
        let file = try dir.write("large.txt", input)
        for chunk in [200, 1000] {
            for (path, stdin) in [("-", input), (file, [])] {
                let arguments = command + [path] + engineArguments(dictionary) + ["--no-config"]
                let one = try unspin(arguments + ["-j1"], stdin: stdin, environment: chunkBytes(chunk))
                #expect(!one.stdout.isEmpty && one.err.contains("not valid UTF-8"), "\(one.err)")
                for jobs in ["2", "3"] {
                    let many = try unspin(arguments + ["-j", jobs], stdin: stdin, environment: chunkBytes(chunk))
                    expectSame(one, many, "\(command.joined(separator: " ")) \(path == "-" ? "stdin" : "file") -j \(jobs), chunk \(chunk)")
                }
            }
        }
    }

    @Test func jobsMustBePositive() throws {
        let result = try unspin(["check", "-j", "0", "-"])
        #expect(result.status == 2)
        #expect(result.err.contains("--jobs must be at least 1"))
    }
}
