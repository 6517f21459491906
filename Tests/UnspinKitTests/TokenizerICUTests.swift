import CICU
import Testing
@testable import UnspinKit

/// The tokenizer classifies ASCII byte by byte and calls ICU only for words
/// with non-ASCII letters. This keeps it honest: on text made of the pieces
/// below, its words and numbers are exactly ICU's word segments (UBRK_WORD,
/// root locale) over the whole text.
///
/// Left out on purpose, where unspin splits and ICU joins: "." and ":"
/// between letters ("e.g", "a:b" are one word to ICU; the dictionaries match
/// "U.S." as letters and full stops), a digit group separator after letters
/// ("a1,000"), and an apostrophe before a digit ("abc'9").
@Suite struct TokenizerICUTests {
    static let words = [
        "the", "Taliban", "USA", "don't", "Washington's", "rock'n'roll", "Khalilzad’s", "l’homme",
        "café", "naïve", "Straße", "ÉLAN", "Ελληνικά", "русский", "ĳssel", "e\u{301}lan", "Zoë",
        "日本語", "中文文本", "ภาษาไทย", "DOOR_INFO", "snake_case_name", "x_1", "Nguyễn", "co\u{308}operate",
        "pro\u{AD}found", "re\u{AD}con\u{AD}cil\u{AD}i\u{AD}a\u{AD}tion", "mi\u{200C}crowave", "ab\u{200D}cd", "half\u{2060}way",
    ]
    static let numbers = ["1", "42", "10,000", "3.5", "1,234.56", "2024", "0.33"]
    static let separators = [
        " ", "  ", "\n", "\n\n", ", ", ". ", "; ", "! ", "? ", " - ", "-", "—", " (", ") ", "\"", " “", "” ",
        "/", " & ", "\t", " _ ", "…", "'", " ‘", "’ ", "%", "+", "#", " | ",
    ]

    static func text(seed: UInt64) -> String {
        var random = LCG(state: seed)
        let pieces = (0..<(1 + random.next(30))).map { _ in
            random.next(4) == 0 ? (numbers[random.next(numbers.count)], true) : (words[random.next(words.count)], false)
        }
        var text = ""
        for (k, (piece, isNumber)) in pieces.enumerated() {
            text += piece
            var separator = separators[random.next(separators.count)]
            // An apostrophe touching a number is one of the differences left out.
            let nextIsNumber = k + 1 < pieces.count && pieces[k + 1].1
            if separator.contains(where: { "'‘’".contains($0) }) && (isNumber || nextIsNumber) { separator = " " }
            text += separator
        }
        return text
    }

    /// Byte ranges of the tokenizer's words and numbers.
    static func tokenizerWords(_ bytes: [UInt8]) -> [Range<Int>] {
        var tokens: [Token] = []
        bytes.withUnsafeBufferPointer { Tokenizer.scan($0, into: &tokens) }
        return tokens.filter(\.isWordLike).map { $0.start..<$0.end }
    }

    /// Byte ranges of ICU's word segments (letters, numbers, kana, ideographs).
    static func icuWords(_ bytes: [UInt8]) -> [Range<Int>] {
        let capacity = bytes.count + 1
        var ends = [Int32](repeating: 0, count: capacity)
        var isWord = [UInt8](repeating: 0, count: capacity)
        let count = bytes.withUnsafeBufferPointer { cicu_word_segments($0.baseAddress, Int32($0.count), &ends, &isWord, Int32(capacity)) }
        guard count >= 0 else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        for k in 0..<Int(count) {
            let end = Int(ends[k])
            if isWord[k] != 0 { ranges.append(start..<end) }
            start = end
        }
        return ranges
    }

    @Test(arguments: 0..<400)
    func wordsAreICUWords(_ seed: Int) {
        let text = TokenizerICUTests.text(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let bytes = Array(text.utf8)
        let ours = TokenizerICUTests.tokenizerWords(bytes)
        let icu = TokenizerICUTests.icuWords(bytes)
        let show = { (ranges: [Range<Int>]) in ranges.map { String(decoding: bytes[$0], as: UTF8.self) } }
        #expect(ours == icu, "text: \(text.debugDescription)\nunspin: \(show(ours))\nICU:    \(show(icu))")
    }

    @Test func underscoreJoinsIdentifierParts() {
        let bytes = Array("VKI_DOOR_INFO DOOR_INFO".utf8)
        #expect(TokenizerICUTests.tokenizerWords(bytes) == [0..<13, 14..<23])
    }
}
