import Foundation
import Testing

@Suite struct FixCommandTests {
    static let input = "\u{FEFF}Title  \r\nHe left for the reason that it rained.   \r\n\r\nThe level man stated it.\t"
    static let expected = "\u{FEFF}Title  \r\nHe left since it rained.   \r\n\r\nThe point man said it.\t"

    @Test(arguments: [[], ["fix"], ["fix", "-"]])
    func standardInput(_ command: [String]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let result = try unspin(command + engineArguments(dictionary), stdin: utf8(Self.input))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.stdout == utf8(Self.expected))
        #expect(result.err.isEmpty)
    }

    @Test func namedFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let file = try dir.write("input.txt", Self.input, mode: 0o640)
        let result = try unspin(["fix", file] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.stdout == utf8(Self.expected))
        #expect(result.err.isEmpty)
        #expect(try dir.read("input.txt") == utf8(Self.input), "fix must not modify its input")
    }

    @Test func cleanTextIsCopiedExactly() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        for text in ["", "\n", "no spin here", "line one  \r\nline two\r\n\r\n", "\u{FEFF}x", "cafe\u{301} déjà vu\n"] {
            let result = try unspin(["fix"] + engineArguments(dictionary), stdin: utf8(text))
            #expect(result.status == 0)
            #expect(result.stdout == utf8(text))
        }
    }

    @Test func invalidUTF8PassesThroughWithAWarning() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input: [UInt8] = utf8("caf") + [0xE9] + utf8(" for the reason that it rained ") + [0xFF, 0xFE] + utf8("\n")
        let expected: [UInt8] = utf8("caf") + [0xE9] + utf8(" since it rained ") + [0xFF, 0xFE] + utf8("\n")
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == expected)
        #expect(result.err.contains("not valid UTF-8"))
        let file = try dir.write("latin1.txt", input)
        let named = try unspin(["fix", file] + engineArguments(dictionary))
        #expect(named.status == 0)
        #expect(named.stdout == expected)
        #expect(named.err.contains("latin1.txt"))
    }

    @Test func binaryInputPassesThroughUnchanged() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input: [UInt8] = utf8("for the reason that") + [0, 1, 2, 0xFF] + utf8(" level man")
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == input)
        #expect(result.err.contains("binary"))
    }

    @Test func includeQuotedAndThreshold() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let input = "He said “the level man left”, for the reason that it rained."
        let plain = try unspin(["fix"] + engineArguments(dictionary), stdin: utf8(input))
        #expect(plain.out == "He said “the level man left”, since it rained.")
        let quoted = try unspin(["fix", "--include-quoted"] + engineArguments(dictionary), stdin: utf8(input))
        #expect(quoted.out == "He said “the point man left”, since it rained.")
        let strict = try unspin(["fix", "--threshold", "0.95"] + engineArguments(dictionary), stdin: utf8(input))
        #expect(strict.out == input)
    }

    /// The spintax detector is on by default and selected by name like a dictionary.
    @Test func spintaxIsSelectedByName() throws {
        let input = "The firm unveiled a {new|fresh} phone on Monday.\n"
        let fixed = "The firm unveiled a new phone on Monday.\n"
        #expect(try unspin(["fix"], stdin: utf8(input)).out == fixed)
        #expect(try unspin(["fix", "--only", "spintax"], stdin: utf8(input)).out == fixed)
        #expect(try unspin(["fix", "--exclude", "spintax"], stdin: utf8(input)).out == input)
        #expect(try unspin(["fix", "--only", "news-spinner"], stdin: utf8(input)).out == input)
    }

    /// Braces around one word are markup far more often than a spinner's
    /// protected word (templates, hypertext cross-references): a lowered
    /// threshold does not strip them; in a spun document they go.
    @Test func protectedWordBracesNeedASpunDocument() throws {
        let markup = "A message sent to many groups at once is {spam}, and the old rules of {email} forbid it.\n"
        #expect(try unspin(["fix", "--no-config", "--threshold", "0.5"], stdin: utf8(markup)).out == markup)
        let spun = "The {hardware} got here late for the reason that the level man was stuck on Wall Road.\n"
        let fixed = try unspin(["fix", "--no-config"], stdin: utf8(spun)).out
        #expect(fixed.hasPrefix("The hardware ") && fixed.contains("since the point man"), "\(fixed)")
    }
}
