import Foundation
import Testing

@Suite struct CLIErrorTests {
    @Test(arguments: [["fix"], ["check"], ["diff"], ["rewrite", "."], []])
    func malformedDictionary(_ command: [String]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let bad = try dir.write("bad.dict", "@name bad\n# fine so far\nfoo bar\n")
        try dir.write("doc.txt", "for the reason that\n")
        let args = command + ["--dictionary", bad]
        let result = try unspin(args, stdin: utf8("for the reason that\n"), cwd: dir.path)
        #expect(result.status == 2)
        #expect(result.err.contains("\(bad):3:"), "stderr: \(result.err)")
        #expect(result.stdout.isEmpty)
        #expect(try dir.read("doc.txt") == utf8("for the reason that\n"))
    }

    @Test func crlfDictionaryFileWorks() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("crlf.dict", "@name crlf\r\nlevel man => point man\r\n  + the level man => the point man\r\n")
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: utf8("the level man\n"))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out == "the point man\n")
    }

    @Test func missingDictionaryFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let result = try unspin(["fix", "--dictionary", dir.url("none.dict")], stdin: utf8("x"))
        #expect(result.status == 2)
        #expect(result.err.contains(dir.url("none.dict")))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["fix"], ["check"], ["diff"], ["rewrite"]])
    func nonexistentInput(_ command: [String]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let missing = dir.url("does-not-exist.txt")
        let result = try unspin(command + [missing])
        #expect(result.status == 2)
        #expect(result.err.contains(missing), "stderr: \(result.err)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["2", "1.5", "-1", "abc"])
    func invalidThreshold(_ value: String) throws {
        let result = try unspin(["fix", "--threshold=\(value)"], stdin: utf8("x"))
        #expect(result.status == 2)
        #expect(result.err.contains("threshold"), "stderr: \(result.err)")
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownBuiltinAndUnknownOption() throws {
        let unknownDictionary = try unspin(["fix", "--only", "no-such-dictionary"], stdin: utf8("x"))
        #expect(unknownDictionary.status == 2)
        #expect(unknownDictionary.err.contains("no-such-dictionary"))
        let unknownOption = try unspin(["check", "--no-such-option"], stdin: utf8("x"))
        #expect(unknownOption.status == 2)
        let badFormat = try unspin(["check", "--format", "xml"], stdin: utf8("x"))
        #expect(badFormat.status == 2)
    }

    @Test(arguments: [[], ["fix"], ["rewrite"], ["diff"], ["check"], ["dictionaries"]])
    func help(_ command: [String]) throws {
        let result = try unspin(command + ["--help"])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("USAGE"), "stdout: \(result.out)")
    }

    @Test func dictionariesListsTheBuiltins() throws {
        let result = try unspin(["dictionaries"])
        #expect(result.status == 0)
        #expect(!builtinNames.isEmpty)
        for name in builtinNames {
            #expect(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, "\(name)")
        }
    }
}
