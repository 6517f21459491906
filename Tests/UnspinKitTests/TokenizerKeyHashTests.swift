import Testing
@testable import UnspinKit

/// The tokenizer hashes each ASCII token's key in its byte loop and looks its
/// vocabulary id up as it emits the token. These tests hold that to the plain
/// definitions: per token, the id `Vocabulary.id(ofWord:keyer:)` gives its
/// bytes and the high half of `KeyHash.ofASCIIWord` of them as its kept hash
/// (0 when it is not ASCII).
@Suite struct TokenizerKeyHashTests {
    static let pieces = [
        "the", "The", "THE", "tHe", "a", "I", "reason", "Reason", "for", "that", "don't", "Don't", "DOOR_INFO",
        "x_1", "rock'n'roll", "U.S.", "e.g.", "10,000", "3.5", "2024", "a1", "B2B", "café", "Straße",
        "Khalilzad’s", "日本語", "naïve", "ÉLAN", "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOPQ", "zz", "Zz",
    ]
    static let separators = [" ", "  ", "\n", "\n\n", ", ", ". ", "-", " - ", "—", "\"", "“", "” ", "'", "’ ", "_", " (", ") ", "\t", "…"]

    static func text(seed: UInt64) -> [UInt8] {
        var random = LCG(state: seed)
        var bytes: [UInt8] = []
        for _ in 0..<(1 + random.next(40)) {
            bytes += pieces[random.next(pieces.count)].utf8
            bytes += separators[random.next(separators.count)].utf8
            // Now and then a byte that is not UTF-8.
            if random.next(25) == 0 { bytes.append(0xFF) }
        }
        return bytes
    }

    /// A vocabulary of about half of the pieces' keys and a few punctuation marks.
    static func vocabulary() -> Vocabulary {
        var vocabulary = Vocabulary()
        var keyer = WordKeyer()
        for (k, piece) in (pieces + ["-", ",", ".", "'", "“"]).enumerated() where k % 2 == 0 {
            var tokens: [Token] = []
            let bytes = Array(piece.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                Tokenizer.scan(buffer, into: &tokens)
                for token in tokens {
                    keyer.withKey(UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])) { _ = vocabulary.intern($0) }
                }
            }
        }
        return vocabulary
    }

    @Test(arguments: 0..<200)
    func idsAndKeptHashesAreThoseOfEachTokensBytes(_ seed: Int) {
        let vocabulary = TokenizerKeyHashTests.vocabulary()
        let bytes = TokenizerKeyHashTests.text(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 7)
        bytes.withUnsafeBufferPointer { buffer in
            var keyer = WordKeyer()
            let (tokens, hashes) = Tokenizer.tokenize(buffer, vocabulary: vocabulary, keyer: &keyer, keepingKeyHashes: true)
            var scanned: [Token] = []
            Tokenizer.scan(buffer, into: &scanned)
            #expect(tokens.map { $0.start..<$0.end } == scanned.map { $0.start..<$0.end })
            #expect(hashes.count == tokens.count)
            for (k, token) in tokens.enumerated() {
                let word = UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])
                let text = String(decoding: word, as: UTF8.self)
                let id = token.kind == .invalid ? Vocabulary.unknown : vocabulary.id(ofWord: word, keyer: &keyer)
                let hash = token.kind == .invalid ? 0 : KeyHash.ofASCIIWord(word).map { UInt32(truncatingIfNeeded: $0 >> 32) } ?? 0
                #expect(token.id == id, "\(text.debugDescription)")
                #expect(hashes[k] == hash, "\(text.debugDescription)")
            }
            let (without, none) = Tokenizer.tokenize(buffer, vocabulary: vocabulary, keyer: &keyer, keepingKeyHashes: false)
            #expect(without == tokens && none.isEmpty)
        }
    }

    /// `KeyHash.isLowercased` compares several bytes at a time; this checks it
    /// against a byte-by-byte comparison for every length up to 40, with each
    /// position in turn upper-cased or changed.
    @Test func isLowercasedMatchesTheByteDefinition() {
        var random = LCG(state: 12345)
        for length in 0...40 {
            let key = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(random.next(26)) }
            let others: [UInt8] = Array(0x20...0x7F)
            var words: [[UInt8]] = [key, key.map { $0 - 0x20 }]
            for i in 0..<length {
                var upper = key
                upper[i] -= 0x20
                words.append(upper)
                var changed = key
                changed[i] = others[random.next(others.count)]
                words.append(changed)
            }
            for word in words {
                let expected = zip(word, key).allSatisfy { KeyHash.lowercased($0) == $1 }
                let got = word.withUnsafeBufferPointer { w in key.withUnsafeBufferPointer { k in
                    KeyHash.isLowercased(w, key: k.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                } }
                #expect(got == expected, "\(word) against \(key)")
            }
        }
    }
}
