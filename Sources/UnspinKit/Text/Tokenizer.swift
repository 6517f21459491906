import CICU

/// Splits UTF-8 bytes into tokens. ASCII is classified byte by byte; a word that
/// contains non-ASCII letters is re-split with ICU's word-break rules so that
/// marks, apostrophes and scripts without spaces follow Unicode (UAX #29).
///
/// Invalid UTF-8 becomes `.invalid` tokens: they break phrases, and since no
/// finding ever covers them, they pass through unchanged.
public enum Tokenizer {
    public static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        vocabulary: Vocabulary,
        keyer: inout WordKeyer
    ) -> [Token] {
        tokenize(bytes, vocabulary: vocabulary, keyer: &keyer, keepingKeyHashes: false).tokens
    }

    /// The tokens and, with `keepingKeyHashes`, `Document.keyHashes` (else empty):
    /// the context model looks tokens up by the hash the vocabulary lookup computes.
    static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        vocabulary: Vocabulary,
        keyer: inout WordKeyer,
        keepingKeyHashes keep: Bool
    ) -> (tokens: [Token], keyHashes: [UInt32]) {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 5 + 4)
        scan(bytes, into: &tokens)
        var hashes = [UInt32](repeating: 0, count: keep ? tokens.count : 0)
        // Ids in a second pass: the scanner stays free of the keyer's state.
        tokens.withUnsafeMutableBufferPointer { tokens in
            hashes.withUnsafeMutableBufferPointer { hashes in
                for k in tokens.indices where tokens[k].kind != .invalid {
                    let word = UnsafeBufferPointer(rebasing: bytes[tokens[k].start..<tokens[k].end])
                    guard let h = KeyHash.ofASCIIWord(word) else {
                        tokens[k].id = vocabulary.id(ofWord: word, keyer: &keyer)
                        continue
                    }
                    tokens[k].id = vocabulary.id(ofASCIIWord: word, hash: h)
                    if keep { hashes[k] = UInt32(truncatingIfNeeded: h >> 32) }
                }
            }
        }
        return (tokens, hashes)
    }

    /// Appends the tokens of `bytes` to `tokens`, without vocabulary ids.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
        var out = Emitter()
        swap(&out.tokens, &tokens)
        defer { swap(&out.tokens, &tokens) }
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if isASCIIAlnum(b) {
                    i = scanWord(bytes, from: i, into: &out)
                } else if b == 0x0A {
                    out.noteBreak(lines: 1)
                    i += 1
                } else if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C {
                    out.gap = max(out.gap, .space)
                    i += 1
                } else {
                    out.emit(i, i + 1, .punctuation, [])
                    i += 1
                }
                continue
            }
            guard let (scalar, length) = UTF8Scalar.decode(bytes, at: i) else {
                let run = UTF8Scalar.invalidRunLength(bytes, at: i)
                out.emit(i, i + run, .invalid, [])
                i += run
                continue
            }
            if ScalarClass.isSpace(scalar) {
                if scalar == 0x2029 { out.noteBreak(lines: 2) } else if scalar == 0x2028 || scalar == 0x85 { out.noteBreak(lines: 1) } else { out.gap = max(out.gap, .space) }
                i += length
            } else if cicu_is_word_char(scalar) != 0 {
                i = scanWord(bytes, from: i, into: &out)
            } else {
                out.emit(i, i + length, .punctuation, [])
                i += length
            }
        }
    }

    /// The tokens scanned so far and what separates the next one from them. A
    /// struct passed inout rather than a closure over the scanner's variables:
    /// captured variables cost a dynamic exclusivity check at every access.
    struct Emitter {
        var tokens: [Token] = []
        var gap = Token.Gap.paragraphBreak
        var newlines = 0

        @inline(__always)
        mutating func emit(_ start: Int, _ end: Int, _ kind: Token.Kind, _ caseFlags: CaseFlags) {
            tokens.append(Token(start: start, end: end, kind: kind, gap: gap, id: Vocabulary.unknown, caseFlags: caseFlags))
            gap = .none
            newlines = 0
        }

        mutating func noteBreak(lines: Int) {
            newlines += lines
            gap = max(gap, newlines >= 2 ? .paragraphBreak : .lineBreak)
        }
    }

    @inline(__always)
    static func isASCIIAlnum(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whether a word character starts at `i` (ASCII alphanumeric or a letter/digit per ICU).
    static func wordCharLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i < bytes.count else { return nil }
        let b = bytes[i]
        if b < 0x80 { return isASCIIAlnum(b) ? 1 : nil }
        guard let (scalar, length) = UTF8Scalar.decode(bytes, at: i),
              !ScalarClass.isSpace(scalar), cicu_is_word_char(scalar) != 0 else { return nil }
        return length
    }

    /// Scans one word starting at `start` and emits it (or its ICU segments).
    /// Returns the offset after the word.
    static func scanWord(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        into out: inout Emitter
    ) -> Int {
        var j = start
        var ascii = true
        // What the case flags need: whether an upper- or lower-case ASCII letter was seen.
        var upper = false, lower = false
        // A word character that is neither an ASCII letter nor a digit was seen.
        var sawOtherLetter = false
        var sawLetter: Bool { upper || lower || sawOtherLetter }
        let n = bytes.count
        while j < n {
            let b = bytes[j]
            // ASCII letters and digits, the common case, in a few instructions each.
            if b &- 0x61 < 26 {
                lower = true
                j &+= 1
                continue
            }
            if b &- 0x41 < 26 {
                upper = true
                j &+= 1
                continue
            }
            if b &- 0x30 < 10 {
                j &+= 1
                continue
            }
            if b < 0x80 {
                // Digit group separators inside a number: 10,000 and 0.33.
                if !sawLetter, (b == 0x2C || b == 0x2E), j + 1 < n, isDigit(bytes[j + 1]) {
                    j += 1
                    continue
                }
                // An underscore joins identifier parts into one word, as in ICU
                // (ExtendNumLet): "DOOR_INFO DOOR_INFO" holds no phrase "info door".
                if b == 0x5F, j + 1 < n, wordCharLength(bytes, at: j + 1) != nil {
                    j += 1
                    continue
                }
                // An apostrophe between letters belongs to the word: don't, Washington's
                // (not after or before a digit, as in ICU: "x_1'don't" is two words).
                if b == 0x27, j > start, j + 1 < n, sawLetter, !isDigit(bytes[j - 1]), !isDigit(bytes[j + 1]),
                   wordCharLength(bytes, at: j + 1) != nil {
                    j += 1
                    continue
                }
                break
            }
            guard let (scalar, length) = UTF8Scalar.decode(bytes, at: j) else { break }
            if ScalarClass.isApostrophe(scalar) {
                if j > start, sawLetter, !isDigit(bytes[j - 1]), j + length < n, !isDigit(bytes[j + length]),
                   wordCharLength(bytes, at: j + length) != nil {
                    ascii = false
                    j += length
                    continue
                }
                break
            }
            if ScalarClass.isSpace(scalar) || cicu_is_word_char(scalar) == 0 { break }
            ascii = false
            sawOtherLetter = true
            j += length
        }
        if j == start {
            // A character ICU calls a letter but that cannot start a word here
            // (U+02BC, a modifier apostrophe): one punctuation token, so the
            // scan always moves on.
            let length = UTF8Scalar.decode(bytes, at: start)?.length ?? 1
            out.emit(start, start + length, .punctuation, [])
            return start + length
        }
        if ascii {
            var flags: CaseFlags = []
            if upper {
                flags.insert(.hasUpper)
                // The first letter (after any digits) decides firstLetterUpper.
                var k = start
                while bytes[k] &- 0x30 < 10 || bytes[k] == 0x2C || bytes[k] == 0x2E { k += 1 }
                if bytes[k] &- 0x41 < 26 { flags.insert(.firstLetterUpper) }
            }
            if lower { flags.insert(.hasLower) }
            out.emit(start, j, sawLetter ? .word : .number, flags)
            return j
        }
        emitICUSegments(bytes, start, j, into: &out)
        return j
    }

    /// Re-splits a word containing non-ASCII text at ICU word boundaries.
    static func emitICUSegments(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        into out: inout Emitter
    ) {
        let length = end - start
        let capacity = length + 1
        var ends = [Int32](repeating: 0, count: capacity)
        var isWord = [UInt8](repeating: 0, count: capacity)
        let base = bytes.baseAddress! + start
        let count = cicu_word_segments(base, Int32(length), &ends, &isWord, Int32(capacity))
        guard count > 0 else {
            out.emit(start, end, .word, caseFlags(base, length))
            return
        }
        var segmentStart = start
        for k in 0..<Int(count) {
            let segmentEnd = start + Int(ends[k])
            let segmentLength = segmentEnd - segmentStart
            let p = bytes.baseAddress! + segmentStart
            if isWord[k] != 0 {
                let digits = (0..<segmentLength).allSatisfy { isDigit(p[$0]) || p[$0] == 0x2C || p[$0] == 0x2E }
                out.emit(segmentStart, segmentEnd, digits ? .number : .word, caseFlags(p, segmentLength))
            } else if segmentLength > 0 {
                out.emit(segmentStart, segmentEnd, .punctuation, [])
            }
            segmentStart = segmentEnd
        }
    }

    static func caseFlags(_ p: UnsafePointer<UInt8>, _ length: Int) -> CaseFlags {
        CaseFlags(rawValue: UInt8(truncatingIfNeeded: cicu_case_flags(p, Int32(length))))
    }
}
