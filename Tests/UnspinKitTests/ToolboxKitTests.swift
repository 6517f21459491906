import Testing
@testable import UnspinKit

/// Library-level checks behind the Toolbox CLI suites: directives carried from
/// one piece of a document to the next, corpus-mode JSON, and the escaping of
/// the HTML and SARIF reports.
@Suite struct ToolboxKitTests {
    static let dictionary = "@name ex\nlevel man => point man\n"

    /// `text` analysed in `pieces` (consecutive, covering it), each continuing
    /// from the previous one's end state, as the command line reads chunks.
    func fixInPieces(_ pieces: [String]) -> String {
        let unspinner = engine(Self.dictionary)
        var state = Unspinner.State()
        var out = ""
        for piece in pieces {
            let bytes = utf8(piece)
            let analysis = unspinner.analyze(bytes, continuing: state)
            state = analysis.endState
            out += String(decoding: analysis.edits.applied(to: bytes), as: UTF8.self)
        }
        return out
    }

    @Test func disableIsCarriedToTheNextPiece() {
        let pieces = ["the level man\n<!-- unspin: disable -->\n", "the level man\n\n", "unspin: enable\nthe level man\n"]
        #expect(fixInPieces(pieces) == "the point man\n<!-- unspin: disable -->\nthe level man\n\nunspin: enable\nthe point man\n")
        #expect(fixInPieces([pieces.joined()]) == fixInPieces(pieces))
    }

    /// A piece that ends right after `unspin: ignore-next-line` (a chunk cut
    /// after a sentence end) must still ignore the next line.
    @Test func ignoreNextLineIsCarriedToTheNextPiece() {
        let whole = "# unspin: ignore-next-line.\nthe level man\nthe level man\n"
        #expect(fixInPieces([whole]) == "# unspin: ignore-next-line.\nthe level man\nthe point man\n")
        #expect(fixInPieces(["# unspin: ignore-next-line.\n", "the level man\nthe level man\n"])
                == "# unspin: ignore-next-line.\nthe level man\nthe point man\n")
    }

    /// Pieces of a large input may end inside a line: the rest of an ignored
    /// line stays ignored, and an ignore-next-line on a line the piece ends
    /// inside ignores the line after it, not the rest of its own. (Before the
    /// state said which, the second piece's "level man" was fixed in the first
    /// case and the wrong line ignored in the second.)
    @Test func ignoredLinesSurviveACutInsideALine() {
        let whole = "# unspin: ignore-next-line\nthe level man and the level man\nthe level man\n"
        let expected = "# unspin: ignore-next-line\nthe level man and the level man\nthe point man\n"
        #expect(fixInPieces([whole]) == expected)
        #expect(fixInPieces(["# unspin: ignore-next-line\nthe level man ", "and the level man\nthe level man\n"]) == expected)
        let directiveLine = "the level man # unspin: ignore-next-line\nthe level man\nthe level man\n"
        let fixed = "the point man # unspin: ignore-next-line\nthe level man\nthe point man\n"
        #expect(fixInPieces([directiveLine]) == fixed)
        #expect(fixInPieces(["the level man # unspin: ", "ignore-next-line\nthe level man\nthe level man\n"]) != fixed,
                "a directive cut in two is not one: ChunkAnalyzer never starts a piece's context inside one")
        #expect(fixInPieces(["the level man # unspin: ignore-next-line", "\nthe level man\nthe level man\n"]) == fixed)
        #expect(fixInPieces(["the level man # unspin: ignore-line and the", " level man\nthe level man\n"])
                == "the level man # unspin: ignore-line and the level man\nthe point man\n")
    }

    // MARK: - corpus-mode JSON

    @Test func decodeStringHandlesEscapesAndSurrogates() {
        #expect(JSONLine.decodeString(utf8(#""a\nb\"c\\d\/e\u00e9\ud83d\ude00\t""#)) == "a\nb\"c\\d/eé😀\t")
        #expect(JSONLine.decodeString(utf8(#""lone \ud83d high""#)) == "lone \u{FFFD} high")
        #expect(JSONLine.decodeString(utf8(#""lone \ude00 low""#)) == "lone \u{FFFD} low")
        #expect(JSONLine.decodeString(utf8(#""bad \x""#)) == nil)
        #expect(JSONLine.decodeString(utf8(#""short \u12""#)) == nil)
        #expect(JSONLine.decodeString(utf8("\"raw é\"")) == "raw é")
    }

    /// The scanner skips plain bytes eight at a time and the decoder copies
    /// runs between escapes at once: a quote, a backslash or a control byte
    /// at every offset of a long string must still be seen, and a broken
    /// UTF-8 sequence before an escape repaired as it would be alone.
    @Test func longStringsAreScannedAndDecodedAtEveryOffset() throws {
        let plain = "The envoy returned to Kabul after talks"
        for k in 0...plain.count {
            let before = String(plain.prefix(k)), after = String(plain.dropFirst(k))
            let line = utf8(#"{"text":""# + before + #"\"\\\n"# + after + #"","n":1}"#)
            let members = try #require(JSONLine.members(line), "offset \(k)")
            #expect(members.map(\.key) == ["text", "n"], "offset \(k)")
            let text = try #require(members.first { $0.key == "text" })
            #expect(JSONLine.decodeString(Array(line[text.value])) == before + "\"\\\n" + after, "offset \(k)")
            // A raw control byte, or an unterminated string, makes the line malformed.
            #expect(JSONLine.members(utf8(#"{"text":""# + before + "\u{01}" + after + #""}"#)) == nil, "offset \(k)")
            #expect(JSONLine.members(utf8(#"{"text":""# + before)) == nil, "offset \(k)")
            // A backslash as the last byte steps past the end: still malformed, not a crash.
            #expect(JSONLine.members(utf8(#"{"text":""# + before + "\\")) == nil, "offset \(k)")
        }
        let broken: [UInt8] = [0x22, 0x61, 0xE2, 0x82] + utf8(#"\u00e9"#) + [0x82, 0x62, 0x22]
        #expect(JSONLine.decodeString(broken) == "a\u{FFFD}é\u{FFFD}b")
    }

    @Test func membersAndSettingKeepBytes() throws {
        let line = utf8(#" {"a" : [1, {"b": "}"}], "text":"x\u00e9", "n": -1.5e3, "t": true} "#)
        let members = try #require(JSONLine.members(line))
        #expect(members.map(\.key) == ["a", "text", "n", "t"])
        let text = try #require(members.first { $0.key == "text" })
        #expect(String(decoding: line[text.value], as: UTF8.self) == #""x\u00e9""#)
        let replaced = JSONLine.setting("text", to: #""y""#, in: line, members: members)
        #expect(String(decoding: replaced, as: UTF8.self) == #" {"a" : [1, {"b": "}"}], "text":"y", "n": -1.5e3, "t": true} "#)
        let added = JSONLine.setting("unspin", to: "{}", in: line, members: members)
        #expect(String(decoding: added, as: UTF8.self) == #" {"a" : [1, {"b": "}"}], "text":"x\u00e9", "n": -1.5e3, "t": true,"unspin":{}} "#)
        let empty = utf8("{}")
        #expect(String(decoding: JSONLine.setting("k", to: "1", in: empty, members: try #require(JSONLine.members(empty))),
                       as: UTF8.self) == #"{"k":1}"#)
        for bad in [#"{"a":1,}"#, #"{"a" 1}"#, #"[1]"#, #"{"a":1} x"#, #"{"a":tru}"#, #"{"a":+1}"#, ""] {
            #expect(JSONLine.members(utf8(bad)) == nil, "\(bad)")
        }
    }

    // MARK: - report escaping

    @Test func htmlEscapeCoversSpecialCharacters() {
        #expect(HTMLReport.escape("<b>&\"'é") == "&lt;b&gt;&amp;&quot;&#39;é")
    }

    @Test func sarifURIsArePercentEncoded() {
        #expect(SARIFReport.uri("dir with space/ü #1%.txt") == "dir%20with%20space/%C3%BC%20%231%25.txt")
        #expect(SARIFReport.uri("a-b_c.~/d") == "a-b_c.~/d")
    }
}
