import Foundation
import Testing

/// Issue 4: invalid UTF-8 never crashes unspin and is never altered. On
/// standard input (fix, diff, check) the invalid bytes pass through, the text
/// around them is still corrected and a warning names the first bad offset;
/// `rewrite` skips such files unless `--include-invalid`.
@Suite struct RobustnessInvalidUTF8Tests {
    /// Invalid sequences of every kind, each with the offset of its first bad byte.
    static let cases: [(name: String, bytes: [UInt8])] = [
        ("lone continuation byte", [0x80]),
        ("overlong slash", [0xC0, 0xAF]),
        ("overlong 3-byte NUL", [0xE0, 0x80, 0x80]),
        ("UTF-16 surrogate", [0xED, 0xA0, 0x80]),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("F5..FF bytes", [0xF5, 0xF8, 0xFC, 0xFE, 0xFF]),
        ("lead byte then ASCII", [0xC3, 0x28]),
        ("truncated 4-byte sequence", [0xF0, 0x9F, 0x98]),
        ("Latin-1 e-acute", [0xE9]),
        ("Windows-1252 quotes", [0x93, 0x94]),
        ("many continuation bytes", Array(repeating: 0xBF, count: 300)),
    ]

    static let before = utf8("He left for the reason that it rained. ")
    static let after = utf8(" The level man spoke.\r\n")

    static func input(_ bad: [UInt8]) -> [UInt8] { before + bad + after }
    static func expected(_ bad: [UInt8]) -> [UInt8] {
        utf8("He left since it rained. ") + bad + utf8(" The point man spoke.\r\n")
    }

    @Test(arguments: 0..<cases.count)
    func fixPassesInvalidBytesThroughAndCorrectsTheRest(_ index: Int) throws {
        let (name, bad) = Self.cases[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = Self.input(bad)
        for command in [[], ["fix"], ["fix", "-"]] {
            let result = try unspin(command + engineArguments(dictionary), stdin: input)
            #expect(result.status == 0, "\(name): \(result.err)")
            #expect(result.stdout == Self.expected(bad), "\(name): \(String(decoding: result.stdout, as: UTF8.self).debugDescription)")
            #expect(result.err.contains("not valid UTF-8 at byte \(Self.before.count)"), "\(name): stderr: \(result.err)")
            #expect(result.err.contains("stdin"), "the warning names the input")
        }
        // Invalid bytes at the very start and very end, and nothing else.
        for edge in [bad + utf8(" level man"), utf8("level man ") + bad, bad] {
            let result = try unspin(["fix"] + engineArguments(dictionary), stdin: edge)
            #expect(result.status == 0)
            #expect(result.stdout == replacingAll(edge, "level man", with: "point man"), "\(name)")
        }
    }

    @Test(arguments: 0..<cases.count)
    func checkAndDiffOnInvalidInput(_ index: Int) throws {
        let (name, bad) = Self.cases[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = Self.input(bad)
        let check = try unspin(["check", "--format", "jsonl"] + engineArguments(dictionary), stdin: input)
        #expect(check.status == 1, "\(name): \(check.err)")
        #expect(check.err.contains("not valid UTF-8 at byte \(Self.before.count)"), "\(name): \(check.err)")
        let findings = try jsonlObjects(check.stdout).filter { $0["start"] != nil }
        #expect(findings.map { $0["found"] as? String } == ["for the reason that", "level man"], "\(name)")
        for finding in findings {
            let start = try #require(finding["start"] as? Int), end = try #require(finding["end"] as? Int)
            #expect(input[start..<end].elementsEqual(utf8(try #require(finding["found"] as? String))), "\(name)")
        }
        let diff = try unspin(["diff"] + engineArguments(dictionary), stdin: input)
        #expect(diff.status == 1, "\(name): \(diff.err)")
        #expect(diff.err.contains("not valid UTF-8 at byte \(Self.before.count)"), "\(name): \(diff.err)")
        // The diff carries the invalid bytes unchanged and applies with patch.
        try dir.write("work/in.txt", input)
        let named = try unspin(["diff", "in.txt"] + engineArguments(dictionary), cwd: dir.url("work"))
        #expect(named.status == 1)
        try dir.write("in.patch", named.stdout)
        let patch = try run("/usr/bin/env", ["patch", "-p1", "-s", "-i", dir.url("in.patch")], cwd: dir.url("work"))
        #expect(patch.status == 0, "\(name): patch: \(patch.err)")
        #expect(try dir.read("work/in.txt") == Self.expected(bad), "\(name)")
    }

    @Test func rewriteSkipsInvalidFilesUnlessIncludeInvalid() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let bad: [UInt8] = [0xC3, 0x28]
        let input = Self.input(bad)
        try dir.write("tree/bad.txt", input)
        try dir.write("tree/good.txt", "the level man\n")
        let skipped = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(skipped.status == 0, "a skip is not an error: \(skipped.err)")
        #expect(try dir.read("tree/bad.txt") == input)
        #expect(try dir.read("tree/good.txt") == utf8("the point man\n"))
        #expect(skipped.err.contains("skipping \(dir.url("tree/bad.txt")): not valid UTF-8"), "stderr: \(skipped.err)")
        #expect(skipped.err.contains("offset \(Self.before.count)"), "stderr: \(skipped.err)")
        // Named explicitly: skipped as well.
        let named = try unspin(["rewrite", dir.url("tree/bad.txt")] + engineArguments(dictionary))
        #expect(named.status == 0)
        #expect(try dir.read("tree/bad.txt") == input)
        #expect(named.err.contains("not valid UTF-8"))
        // --include-invalid corrects the text and keeps the invalid bytes.
        let included = try unspin(["rewrite", "--include-invalid", dir.url("tree")] + engineArguments(dictionary))
        #expect(included.status == 0, "stderr: \(included.err)")
        #expect(try dir.read("tree/bad.txt") == Self.expected(bad))
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// Invalid bytes only after the first chunks: `rewrite` must still notice
    /// them (and skip the file) although the head of the file is clean.
    @Test(arguments: [nil, 4096])
    func rewriteNoticesInvalidBytesBeyondTheFirstChunk(_ chunk: Int?) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let unit = utf8(String(repeating: "the level man is here.\n\n", count: 200))
        var input: [UInt8] = []
        // Real chunks need more than 2 MiB for a second chunk; 4 KB chunks need a few KB.
        while input.count < (chunk == nil ? 2 * 1_048_576 + 150_000 : 30_000) { input += unit }
        let badOffset = input.count
        input += [0xFF] + utf8("\n")
        try dir.write("tree/late.txt", input)
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary), environment: chunkBytes(chunk))
        #expect(result.status == 0)
        #expect(try dir.read("tree/late.txt") == input, "a file with invalid UTF-8 must not be rewritten")
        #expect(result.err.contains("offset \(badOffset)"), "stderr: \(result.err)")
        #expect(temporaryLitter(dir).isEmpty)
    }
}
