import Testing
@testable import UnspinKit

struct MalformedDictionary: Sendable, CustomTestStringConvertible {
    let text: String
    let line: Int
    let reason: String
    var testDescription: String { "line \(line): \(reason)" }

    init(_ text: String, line: Int, _ reason: String) {
        self.text = text
        self.line = line
        self.reason = reason
    }
}

@Suite struct DictionaryErrorTests {
    @Test(arguments: [
        MalformedDictionary("# comment\nfoo => bar\n", line: 1, "missing '@name NAME' directive"),
        MalformedDictionary("", line: 1, "missing '@name NAME' directive"),
        MalformedDictionary("@name t\nfoo bar\n", line: 2, "expected 'SPUN => ORIGINAL'"),
        MalformedDictionary("@name t\n\n# c\nfoo => bar | colour: red\n", line: 4, "unknown option 'colour'"),
        MalformedDictionary("@name t\nfoo => bar | case: title\n", line: 2, "option 'case' takes 'exact'"),
        MalformedDictionary("@name t\nfoo => bar | confidence: 1.5\n", line: 2, "confidence must be a number from 0 to 1"),
        MalformedDictionary("@name t\nfoo => bar | confidence: high\n", line: 2, "confidence must be a number from 0 to 1"),
        MalformedDictionary("@name t\nfoo => bar | confidence: -0.1\n", line: 2, "confidence must be a number from 0 to 1"),
        MalformedDictionary("@name t\n@confidence 2\n", line: 2, "confidence must be a number from 0 to 1"),
        MalformedDictionary("@name t\nok => fine\nfoo => bar | after: @nope\n", line: 3, "unknown class '@nope'"),
        MalformedDictionary("@name t\nfoo => bar | not-before: x, @nope\n", line: 2, "unknown class '@nope'"),
        MalformedDictionary("@name t\n  + foo => bar\n", line: 2, "example line before any entry"),
        MalformedDictionary("@name t\nfoo => bar | note: a | note: b\n", line: 2, "option 'note' given twice"),
        MalformedDictionary("@name t\nfoo => bar | after: x | confidence: 0.5 | after: y\n", line: 2, "option 'after' given twice"),
        MalformedDictionary("@name t\n@name u\n", line: 2, "@name given twice"),
        MalformedDictionary("@name\nfoo => bar\n", line: 1, "@name needs a name"),
        MalformedDictionary("@name bad name!\n", line: 1, "@name needs a name"),
        MalformedDictionary("@name t\n@nmae u\n", line: 2, "unknown directive '@nmae'"),
        MalformedDictionary("@name t\n=> bar\n", line: 2, "empty spun phrase"),
        MalformedDictionary("@name t\n => bar\n", line: 2, "example line before any entry"),
        MalformedDictionary("@name t\n... => bar\n", line: 2, "has no letters or digits"),
        MalformedDictionary("@name t\nfoo =>\n", line: 2, "empty replacement"),
        MalformedDictionary("@name t\nfoo => | note: x\n", line: 2, "empty replacement"),
        MalformedDictionary("@name t\nfoo => bar => baz\n", line: 2, "more than one '=>'"),
        MalformedDictionary("@name t\nfoo => bar | after: @end\n", line: 2, "@end can only be used in before/not-before"),
        MalformedDictionary("@name t\nfoo => bar | not-before: @start\n", line: 2, "@start can only be used in after/not-after"),
        MalformedDictionary("@name t\nfoo => bar | note\n", line: 2, "needs 'key: value'"),
        MalformedDictionary("@name t\nfoo => bar | note:   \n", line: 2, "option 'note' has no value"),
        MalformedDictionary("@name t\nfoo => bar | after: a,,b\n", line: 2, "empty item in list"),
        MalformedDictionary("@name t\nfoo => bar\n  + foo is here\n", line: 3, "a '+' example needs 'INPUT => OUTPUT'"),
        MalformedDictionary("@name t\nfoo => bar\n  + foo => foo\n", line: 3, "a '+' example must change its input"),
        MalformedDictionary("@name t\nfoo => bar\n  * foo\n", line: 3, "an indented line must be an example"),
        MalformedDictionary("@name t\nfoo => bar\n  +foo => bar\n", line: 3, "an indented line must be an example"),
        MalformedDictionary("@name t\n@class x = a, @b\n", line: 2, "a class cannot contain another class"),
        MalformedDictionary("@name t\n@class x = a\n@class x = b\n", line: 3, "@class x defined twice"),
        MalformedDictionary("@name t\n@class number = one, two\n", line: 2, "would hide the built-in class"),
        MalformedDictionary("@name t\n@class x a, b\n", line: 2, "@class needs 'NAME = word, phrase, …'"),
        MalformedDictionary("@name t\n@class two words = a\n", line: 2, "@class needs a one-word name"),
        MalformedDictionary("@name t\r\nfoo\r\n", line: 2, "expected 'SPUN => ORIGINAL'"),
        // Delimiters are Characters: a ':' or '+' carrying a combining mark is not one,
        // and a prepended mark makes "a" no letter (the byte-level parser keeps this).
        MalformedDictionary("@name t\nfoo => bar | note:\u{301} x\n", line: 2, "option 'note:\u{301} x' needs 'key: value'"),
        MalformedDictionary("@name t\nfoo => bar\n  +\u{301} a => b\n", line: 3, "an indented line must be an example"),
        MalformedDictionary("@name t\nfoo => bar\n  + a =>\u{301} b\n", line: 3, "a '+' example needs 'INPUT => OUTPUT'"),
        MalformedDictionary("@name t\n\u{600}a => bar\n", line: 2, "has no letters or digits"),
    ])
    func malformed(_ c: MalformedDictionary) {
        let error = #expect(throws: DictionaryError.self) {
            try DictionaryParser.parse(c.text, path: "dir/test.dict")
        }
        guard let error else { return }
        #expect(error.path == "dir/test.dict")
        #expect(error.line == c.line)
        #expect(error.reason.contains(c.reason), "reason: \(error.reason)")
        #expect(error.description == "dir/test.dict:\(c.line): \(error.reason)")
    }

    @Test func delimitersAreCharacters() throws {
        let dictionary = try DictionaryParser.parse(
            "@name t\nfoo => bar | also: a,\u{301} b, c | note: \u{301}x | after: @\u{301}x, \"\u{301}, y\"\n", path: "t.dict")
        let entry = try #require(dictionary.entries.first)
        #expect(entry.alternatives.map(utf8) == [utf8("a,\u{301} b"), utf8("c")])
        #expect(entry.note.map(utf8) == utf8(" \u{301}x"))
        #expect(entry.after == [.phrase("@\u{301}x"), .phrase("\"\u{301}"), .phrase("y\"")])
    }

    @Test func invalidUTF8ReportsItsLine() {
        var bytes = utf8("@name t\nfoo => bar\n")
        bytes += [0x66, 0xFF, 0x6F] + utf8(" => x\n")
        let error = #expect(throws: DictionaryError.self) {
            try DictionaryParser.parse(bytes, path: "bad.dict")
        }
        #expect(error?.line == 3)
        #expect(error?.reason.contains("not valid UTF-8") == true)
        #expect(error?.description.hasPrefix("bad.dict:3: ") == true)
    }

    @Test func truncatedUTF8AtEndOfFile() {
        let bytes = utf8("@name t\nfoo => caf") + [0xC3]
        let error = #expect(throws: DictionaryError.self) {
            try DictionaryParser.parse(bytes, path: "bad.dict")
        }
        #expect(error?.line == 2)
    }

    static let wellFormed = "\u{FEFF}@name t   # the id\n@confidence 0.7 # default\n@licence CC0-1.0\n\n"
        + "foo => bar\n  + a foo here => a bar here\n  - nothing\n"
        + "baz => ? | note: detect only | after: @later\n"
        + "@class later = x, y z\n"
        + "c# => C sharp | confidence: 1 | also: C♯, csharp\n"

    func checkWellFormed(_ text: String) throws {
        let dictionary = try DictionaryParser.parse(text, path: "ok.dict")
        #expect(dictionary.name == "t")
        #expect(dictionary.licence == "CC0-1.0")
        #expect(dictionary.classes["later"] == ["x", "y z"])
        #expect(dictionary.entries.count == 3)
        try #require(dictionary.entries.count == 3)
        let foo = dictionary.entries[0]
        #expect(foo.spun == "foo" && foo.replacement == "bar" && foo.confidence == 0.7 && foo.line == 5)
        #expect(foo.examples == [
            DictionaryExample(input: "a foo here", expected: "a bar here", line: 6),
            DictionaryExample(input: "nothing", expected: "nothing", line: 7),
        ])
        let baz = dictionary.entries[1]
        #expect(baz.replacement == nil && baz.note == "detect only" && baz.after == [.wordClass("later")] && baz.line == 8)
        let sharp = dictionary.entries[2]
        #expect(sharp.spun == "c#")
        #expect(sharp.confidence == 1)
        #expect(sharp.alternatives == ["C♯", "csharp"])
        #expect(sharp.line == 10)
    }

    @Test func wellFormedEdgeCasesParse() throws {
        try checkWellFormed(Self.wellFormed)
    }

    @Test func crlfDictionaryParsesLikeLF() throws {
        // A dictionary saved with Windows line endings must give the same entries and line numbers.
        try checkWellFormed(Self.wellFormed.replacingAll("\n", with: "\r\n"))
        let bytes = Array(Self.wellFormed.replacingAll("\n", with: "\r\n").utf8)
        #expect(try DictionaryParser.parse(bytes, path: "ok.dict").entries.count == 3)
    }
}
