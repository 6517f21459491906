import Testing
@testable import UnspinKit

@Suite struct OffsetTests {
    let unspinner = engine("@name test\nfor the reason that => since")

    @Test func byteRangeAfterMultiByteText() throws {
        let prefix = "Café — “naïve” 日本語 … 👩‍👩‍👧 "
        let text = prefix + "for the reason that it rained."
        let bytes = utf8(text)
        let finding = try #require(unspinner.analyze(bytes).findings.first)
        #expect(finding.range == prefix.utf8.count..<(prefix.utf8.count + "for the reason that".utf8.count))
        #expect(Array(bytes[finding.range]) == utf8("for the reason that"))
        #expect(finding.found == "for the reason that")
        #expect(utf8(unspinner.fix(text)) == utf8(prefix + "since it rained."))
    }

    @Test func lineAndColumnCountScalars() throws {
        let line1 = "ünïcödé first line\n"
        let before = "Cafe\u{301} — “naïve” 日本語 … "
        let text = line1 + before + "for the reason that it rained.\nlast"
        let bytes = utf8(text)
        let finding = try #require(unspinner.analyze(bytes).findings.first)
        #expect(Array(bytes[finding.range]) == utf8("for the reason that"))
        let index = LineIndex(bytes)
        let position = index.position(of: finding.range.lowerBound)
        #expect(position.line == 2)
        #expect(position.column == before.unicodeScalars.count + 1)
        #expect(index.position(of: 0) == (1, 1))
        #expect(index.position(of: line1.utf8.count) == (2, 1))
        #expect(index.position(of: bytes.count - 1) == (3, 4))
        #expect(FindingReport.textLine(path: "x.txt", finding: finding, at: Locator(chunk: .init(bytes: bytes)).location(of: finding))
                == "x.txt:2:\(before.unicodeScalars.count + 1): for the reason that -> since (test, 0.9)")
    }

    @Test func lineIndexWithCRLF() {
        let bytes = utf8("ab\r\ncd\r\n\r\nef")
        let index = LineIndex(bytes)
        #expect(index.position(of: 4) == (2, 1))
        #expect(index.position(of: 5) == (2, 2))
        #expect(index.position(of: 10) == (4, 1))
        #expect(index.lineStarts == [0, 4, 8, 10])
    }

    @Test func byteOrderMarkIsNotAColumn() throws {
        // Editors do not show the BOM, so a finding at the start of the first line is at column 1.
        let bytes = utf8("\u{FEFF}for the reason that it rained.")
        let finding = try #require(unspinner.analyze(bytes).findings.first)
        #expect(LineIndex(bytes).position(of: finding.range.lowerBound) == (1, 1))
    }

    @Test func crlfAndTrailingSpacesAreKept() {
        let text = "Title  \r\nHe left for the reason that it rained.  \r\n\r\n\tindented\r\nno final newline"
        let expected = "Title  \r\nHe left since it rained.  \r\n\r\n\tindented\r\nno final newline"
        #expect(unspinner.fixBytes(utf8(text)) == utf8(expected))
    }

    @Test func byteOrderMarkIsKept() throws {
        let text = "\u{FEFF}For the reason that it rained, we left.\n"
        let bytes = utf8(text)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let finding = try #require(unspinner.analyze(bytes).findings.first)
        #expect(finding.range == 3..<(3 + "For the reason that".utf8.count))
        #expect(unspinner.fixBytes(bytes) == utf8("\u{FEFF}Since it rained, we left.\n"))
    }

    @Test func phraseMayCrossOneLineBreakButNotAParagraph() {
        #expect(unspinner.fixBytes(utf8("He left for the\r\nreason that it rained.")) == utf8("He left since it rained."))
        #expect(unspinner.fixBytes(utf8("He left for the\nreason that it rained.")) == utf8("He left since it rained."))
        let paragraph = utf8("He left for the\r\n\r\nreason that it rained.")
        #expect(unspinner.fixBytes(paragraph) == paragraph)
        let blankLineWithSpaces = utf8("He left for the\n   \nreason that it rained.")
        #expect(unspinner.fixBytes(blankLineWithSpaces) == blankLineWithSpaces)
    }
}
