import Foundation
import Testing

/// Issue 4: malformed dictionaries stop every command before anything is
/// written (`FILE:LINE: reason`, exit 2), and every command's exit status
/// follows 0 clean / 1 findings or differences / 2 error.
@Suite struct RobustnessExitCodeTests {
    /// Malformed dictionaries and the line each error must name.
    static let malformed: [(name: String, bytes: [UInt8], line: Int)] = [
        ("no arrow", utf8("@name bad\nlevel man point man\n"), 2),
        ("unknown directive", utf8("@name bad\n\n@colour blue\n"), 3),
        ("confidence above 1", utf8("@name bad\nlevel man => point man | confidence: 1.5\n"), 2),
        ("confidence not a number", utf8("@name bad\n@confidence high\n"), 2),
        ("unknown option", utf8("@name bad\n# comment\nlevel man => point man | colour: red\n"), 3),
        ("unknown class", utf8("@name bad\nlevel man => point man | after: @nosuchclass\n"), 2),
        ("unclosed quote", utf8("@name bad\nlevel man => point man | after: \"the\n"), 2),
        ("example before entry", utf8("@name bad\n  + a => b\n"), 2),
        ("example that changes nothing", utf8("@name bad\nlevel man => point man\n  + the level => the level\n"), 3),
        ("two arrows", utf8("@name bad\nlevel man => point man => x\n"), 2),
        ("empty replacement", utf8("@name bad\nlevel man =>\n"), 2),
        ("name given twice", utf8("@name bad\n@name worse\n"), 2),
        ("CRLF, error on line 3", utf8("@name bad\r\nlevel man => point man\r\nnope\r\n"), 3),
        ("invalid UTF-8", utf8("@name bad\nlevel man => point man\ncaf") + [0xE9] + utf8(" => cafe\n"), 3),
        ("missing @name", utf8("level man => point man\n"), 1),
    ]

    static let commands: [[String]] = [["fix"], ["check"], ["diff"], ["rewrite", "tree"]]

    @Test(arguments: 0..<malformed.count)
    func malformedDictionaryStopsEveryCommand(_ index: Int) throws {
        let (name, bytes, line) = Self.malformed[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let bad = try dir.write("bad.dict", bytes)
        let good = try dir.write("good.dict", testDictionaryText)
        try dir.write("tree/doc.txt", "the level man\n")
        for command in Self.commands {
            // The bad dictionary after a good one: still nothing may happen.
            let result = try unspin(command + ["--dictionary", good, "--dictionary", bad], stdin: utf8("the level man\n"), cwd: dir.path)
            #expect(result.status == 2, "\(name), \(command): status \(result.status)")
            #expect(result.err.contains("\(bad):\(line): "), "\(name), \(command): stderr: \(result.err)")
            #expect(result.stdout.isEmpty, "\(name), \(command): stdout must stay empty")
            #expect(try dir.read("tree/doc.txt") == utf8("the level man\n"), "\(name), \(command): nothing may be written")
            #expect(temporaryLitter(dir).isEmpty)
        }
    }

    @Test func unusableDictionaryFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("tree/doc.txt", "the level man\n")
        try FileManager.default.createDirectory(atPath: dir.url("dir.dict"), withIntermediateDirectories: true)
        let empty = try dir.write("empty.dict", "")
        for path in [dir.url("dir.dict"), dir.url("missing.dict"), empty] {
            for command in Self.commands {
                let result = try unspin(command + ["--dictionary", path], stdin: utf8("the level man\n"), cwd: dir.path)
                #expect(result.status == 2, "\(path), \(command)")
                #expect(result.err.contains(path), "\(path), \(command): \(result.err)")
                #expect(result.stdout.isEmpty)
                #expect(try dir.read("tree/doc.txt") == utf8("the level man\n"))
            }
        }
    }

    /// A UTF-8 byte-order mark at the start of a dictionary (as some editors
    /// save) is not part of the first directive.
    @Test func dictionaryWithAByteOrderMarkLoads() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("bom.dict", "\u{FEFF}" + testDictionaryText)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: utf8("the level man\n"))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out == "the point man\n")
    }

    /// 0 clean, 1 findings/differences (check and diff only), 2 errors — for every command.
    @Test func exitStatusOfEveryCommand() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let clean = try dir.write("clean.txt", "nothing to see\n")
        let spun = try dir.write("spun.txt", "the level man\n")
        let missing = dir.url("missing.txt")
        let engine = engineArguments(dictionary)
        func status(_ arguments: [String], stdin: String = "") throws -> Int32 {
            let result = try unspin(arguments + engine, stdin: utf8(stdin))
            if result.status == 2 { #expect(!result.err.isEmpty, "\(arguments): exit 2 without a message") }
            return result.status
        }
        // fix: 0 whether or not something changed; 2 on error.
        #expect(try status(["fix"], stdin: "nothing") == 0)
        #expect(try status(["fix"], stdin: "the level man") == 0)
        #expect(try status([], stdin: "the level man") == 0)
        #expect(try status(["fix", clean]) == 0)
        #expect(try status(["fix", spun]) == 0)
        #expect(try status(["fix", missing]) == 2)
        #expect(try status(["fix", dir.path]) == 2, "a directory is not a file to fix")
        // check and diff: 0 clean, 1 findings, 2 error (even with findings elsewhere).
        for command in ["check", "diff"] {
            #expect(try status([command], stdin: "nothing") == 0, "\(command)")
            #expect(try status([command], stdin: "the level man") == 1, "\(command)")
            #expect(try status([command, clean]) == 0, "\(command)")
            #expect(try status([command, spun]) == 1, "\(command)")
            #expect(try status([command, clean, spun]) == 1, "\(command)")
            #expect(try status([command, missing]) == 2, "\(command)")
            #expect(try status([command, spun, missing]) == 2, "\(command)")
            #expect(try status([command, missing, clean]) == 2, "\(command)")
            #expect(try status([command, "--threshold", "0.95", spun]) == 0, "\(command)")
        }
        for format in ["text", "json", "jsonl"] {
            #expect(try status(["check", "--format", format, clean]) == 0)
            #expect(try status(["check", "--format", format, spun]) == 1)
            #expect(try status(["check", "--format", format, missing]) == 2)
        }
        // rewrite: 0 whether or not something changed, 2 on error.
        #expect(try status(["rewrite", "--dry-run", spun]) == 0)
        #expect(try status(["rewrite", clean]) == 0)
        #expect(try status(["rewrite", spun]) == 0)
        #expect(try status(["rewrite", spun, missing]) == 2)
        #expect(try dir.read("spun.txt") == utf8("the point man\n"))
        // dictionaries: 0; bad usage: 2.
        #expect(try unspin(["dictionaries"]).status == 0)
        #expect(try unspin(["no-such-command"]).status == 2)
        #expect(try unspin(["fix", "a", "b"]).status == 2)
    }

    /// Standard output carries only the result, even when warnings are emitted.
    @Test func warningsNeverReachStandardOutput() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input: [UInt8] = utf8("the level man ") + [0xFF] + utf8("\n")
        let expected: [UInt8] = utf8("the point man ") + [0xFF] + utf8("\n")
        for command in [[], ["fix"], ["fix", "-"]] {
            let result = try unspin(command + engineArguments(dictionary), stdin: input)
            #expect(result.stdout == expected, "\(command)")
            #expect(result.err.contains("warning"), "\(command)")
        }
        let diff = try unspin(["diff"] + engineArguments(dictionary), stdin: input)
        #expect(!diff.out.contains("warning") && !diff.out.contains("unspin:"), "diff stdout: \(diff.out)")
        let check = try unspin(["check", "--format", "jsonl"] + engineArguments(dictionary), stdin: input)
        #expect(try jsonlObjects(check.stdout).count == 2, "one finding and one summary, nothing else")
    }

    /// A closed output pipe (`unspin fix big | head -c 10`) ends quietly.
    @Test func closedStandardOutputIsNotAnError() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        var big = ""
        while big.utf8.count < 300_000 { big += "the level man said so.\n\n" }
        let input = try dir.write("big.txt", big)
        let result = try run("/bin/bash", ["-c", "\"$0\" fix \"$1\" --dictionary \"$2\" | head -c 10; echo \" status=${PIPESTATUS[0]}\"",
                                           try UnspinBinary.require(), input, dictionary])
        // 0 (EPIPE handled) or 141 (killed by SIGPIPE, as cat would be): both are quiet.
        #expect(result.out.hasSuffix(" status=0\n") || result.out.hasSuffix(" status=141\n"), "stdout: \(result.out)")
        #expect(result.out.hasPrefix("the point "), "stdout: \(result.out)")
        #expect(!result.err.contains("Fatal") && !result.err.contains("Crash"), "stderr: \(result.err)")
    }
}
