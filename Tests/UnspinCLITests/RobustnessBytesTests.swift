import Foundation
import Testing

/// Issue 4: bytes outside applied edits come out identical, whatever the line
/// endings, byte-order marks, control bytes or line lengths; `fix` is idempotent.
@Suite struct RobustnessBytesTests {
    /// Inputs with awkward bytes. The output expected from the test dictionary is
    /// computed by replacing the spun phrases (see `expected`), or given.
    static let awkward: [(name: String, input: [UInt8])] = [
        ("CRLF", utf8("One for the reason that two.\r\nThe level man\r\n\r\nend\r\n")),
        ("lone CR", utf8("One for the reason that two.\rThe level man\r\rend\r")),
        ("mixed endings", utf8("a for the reason that b\r\nc level man\nd\re\r\n\n\rlevel man\n\r\n")),
        ("BOM", utf8("\u{FEFF}for the reason that it rained\nlevel man\n")),
        ("BOM only", utf8("\u{FEFF}")),
        ("trailing spaces and tabs", utf8("for the reason that   \t\nlevel man\t \t\n \t \n\t\tlevel man \n")),
        ("no final newline", utf8("the level man")),
        ("only spaces", utf8("   \t  \r\n  ")),
        ("empty", []),
        ("vertical tab and form feed", utf8("level man\u{0B}level man\u{0C}for the reason that\u{1B}[0m")),
        ("tabs between words", utf8("for\tthe\treason\tthat level\tman")),
        ("non-breaking and wide spaces", utf8("for\u{A0}the reason that, level\u{3000}man, level\u{2028}man\u{2029}x level man")),
        ("combining marks and emoji", utf8("cafe\u{301} 😀 level man 🇫🇷 for the reason that e\u{301}\n")),
        ("NUL after the first 8 KiB", Array(repeating: UInt8(ascii: "x"), count: 9000) + utf8(" level man ") + [0] + utf8(" level man\n")),
    ]

    static func expected(_ input: [UInt8]) -> [UInt8] {
        var out = input
        // Any run of spaces (or one line break) may separate the words of a phrase;
        // the replacement is written with plain spaces.
        for spun in ["for the reason that", "for\u{A0}the reason that"] { out = replacingAll(out, spun, with: "since") }
        for spun in ["level man", "level\u{A0}man", "level\u{3000}man", "level\u{2028}man", "level\tman"] {
            out = replacingAll(out, spun, with: "point man")
        }
        return replacingAll(out, "for\tthe\treason\tthat", with: "since")
    }

    @Test(arguments: 0..<awkward.count)
    func bytesOutsideEditsAreIdentical(_ index: Int) throws {
        let (name, input) = Self.awkward[index]
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
        #expect(result.status == 0, "\(name): \(result.err)")
        #expect(result.stdout == Self.expected(input), "\(name): \(String(decoding: result.stdout, as: UTF8.self).debugDescription)")
        // Idempotent: fixing the output again changes nothing.
        let again = try unspin(["fix"] + engineArguments(dictionary), stdin: result.stdout)
        #expect(again.status == 0)
        #expect(again.stdout == result.stdout, "\(name): a second fix changed the output")
        // The file forms agree with the filter.
        let file = try dir.write("input.txt", input)
        let named = try unspin(["fix", file] + engineArguments(dictionary))
        #expect(named.stdout == result.stdout, "\(name): fix FILE differs from fix < FILE")
        let rewrite = try unspin(["rewrite", file] + engineArguments(dictionary))
        #expect(rewrite.status == 0, "\(name): \(rewrite.err)")
        #expect(try dir.read("input.txt") == result.stdout, "\(name): rewrite differs from fix")
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// Lines that exercise phrase matching across whitespace runs of every kind.
    @Test func idempotentOnBuiltinDictionaries() throws {
        let input = utf8("""
            The particular envoy got here again to Doha final week for a brand new spherical of talks, in keeping
            with officials acquainted with the matter. \r
            Counterfeit consciousness and the level man, for the reason that it rained.\r\n\r
            AN counterfeit consciousness. A unmistakable result.\u{FEFF}\ttrailing \t
            """)
        let once = try unspin(["fix"], stdin: input)
        #expect(once.status == 0, "stderr: \(once.err)")
        let twice = try unspin(["fix"], stdin: once.stdout)
        #expect(twice.stdout == once.stdout, "fix is not idempotent:\n\(once.out)\n---\n\(twice.out)")
        let diff = try unspin(["diff"], stdin: once.stdout)
        #expect(diff.status == 0, "diff of fixed output: \(diff.out)")
    }

    /// U+02BC MODIFIER LETTER APOSTROPHE is a word character for ICU and an
    /// apostrophe for the tokenizer. Found by the fuzzer: alone, or not between
    /// two letters, it made the tokenizer loop forever (emitting empty tokens, so
    /// memory grew without bound). Each run is killed if it takes over 10 s
    /// (a normal run takes a small fraction of a second).
    @Test(arguments: ["ʼ", "xʼ", "ʼx", "a ʼ b", "ʼʼʼ", "Ukrainian ʼ apostrophe: пʼять, the level manʼ\n", "Washingtonʼs level man"])
    func modifierLetterApostropheTerminates(_ text: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        for command in [["fix"], ["check"], ["diff"]] {
            let (result, hung) = try unspin(command + engineArguments(dictionary), stdin: utf8(text), killAfter: 10)
            #expect(!hung, "unspin \(command[0]) did not finish on \(text.debugDescription)")
            if hung { break }  // the others would hang too
            #expect(result.status != 2, "\(command[0]) on \(text.debugDescription): \(result.err)")
            if command == ["fix"] {
                #expect(result.stdout == Self.expected(utf8(text)), "\(text.debugDescription)")
            }
        }
    }

    @Test func nulInTheFirst8KiBMakesInputBinaryAndPassesThrough() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let inputs: [[UInt8]] = [
            utf8("for the reason that") + [0] + utf8(" level man\n"),
            [0] + utf8("level man"),
            Array(repeating: UInt8(ascii: "y"), count: 8000) + [0] + utf8(" level man"),
            // Mostly control bytes (more than 10%) without a NUL.
            Array(repeating: UInt8(0x01), count: 50) + utf8(" level man ") + Array(repeating: UInt8(0x02), count: 50),
            // ELF-like header and random high bytes.
            [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + utf8("level man") + (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 131) },
        ]
        for input in inputs {
            let fixed = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
            #expect(fixed.status == 0)
            #expect(fixed.stdout == input, "binary input must pass through unchanged")
            #expect(fixed.err.contains("binary"), "stderr: \(fixed.err)")
            let check = try unspin(["check"] + engineArguments(dictionary), stdin: input)
            #expect(check.status == 0, "a skipped binary input has no findings: \(check.err)")
            #expect(check.stdout.isEmpty)
            #expect(check.err.contains("binary"))
            let diff = try unspin(["diff"] + engineArguments(dictionary), stdin: input)
            #expect(diff.status == 0)
            #expect(diff.stdout.isEmpty)
            #expect(diff.err.contains("binary"))
        }
    }

    @Test func binaryFilesAreSkippedAndReportedByRewrite() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        let binary: [UInt8] = utf8("level man") + [0, 0xFF, 0xD8, 0xFF, 0xE0] + utf8(" for the reason that")
        try dir.write("tree/image.jpg", binary)
        try dir.write("tree/text.txt", "the level man\n")
        let result = try unspin(["rewrite", dir.url("tree")] + engineArguments(dictionary))
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(try dir.read("tree/image.jpg") == binary)
        #expect(try dir.read("tree/text.txt") == utf8("the point man\n"))
        #expect(result.err.contains("skipping \(dir.url("tree/image.jpg")): binary"), "stderr: \(result.err)")
        // Named explicitly: still skipped, still reported.
        let named = try unspin(["rewrite", dir.url("tree/image.jpg")] + engineArguments(dictionary))
        #expect(named.status == 0)
        #expect(try dir.read("tree/image.jpg") == binary)
        #expect(named.err.contains("binary"))
        // --output copies it unchanged.
        let mirrored = try unspin(["rewrite", dir.url("tree"), "--output", dir.url("out")] + engineArguments(dictionary))
        #expect(mirrored.status == 0)
        #expect(try dir.read("out/image.jpg") == binary)
        #expect(temporaryLitter(dir).isEmpty)
    }

    /// A single line of more than 2 MiB without any newline: it is cut into
    /// chunks inside the line, and still comes out byte for byte with only the
    /// edits applied.
    @Test func multiMegabyteLineWithoutNewline() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dictionary = try dir.write("test.dict", testDictionaryText)
        // A no-break space between the words: a cut inside this line falls after a
        // space or tab, so it cannot split these phrases (see
        // phraseAcrossTheSpaceWhereAChunkOfALongLineIsCut for that case).
        var piece = ""
        for k in 0..<200 {
            piece += k % 7 == 0 ? "le\u{301}vel  " : "lorem ipsum dolor sit amet,\t"
            if k % 37 == 0 { piece += "the level\u{A0}man, " }
        }
        let unit = utf8(piece)
        var input: [UInt8] = []
        input.reserveCapacity(2_400_000)
        while input.count < 2 * 1_048_576 + 200_000 { input += unit }
        input += utf8(" end level man")
        let result = try unspin(["fix"] + engineArguments(dictionary), stdin: input)
        #expect(result.status == 0, "stderr: \(result.err)")
        expectSameBytes(result.stdout, Self.expected(input))
    }
}
