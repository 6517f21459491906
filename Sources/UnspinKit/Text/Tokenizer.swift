import CICU

/// Splits UTF-8 bytes into tokens. ASCII is classified byte by byte; a word that
/// contains non-ASCII letters is re-split with ICU's word-break rules so that
/// marks, apostrophes and scripts without spaces follow Unicode (UAX #29).
///
/// Invalid UTF-8 becomes `.invalid` tokens: they break phrases, and since no
/// finding ever covers them, they pass through unchanged.
public enum Tokenizer {
    /// `isWord`: whether a key not in `vocabulary` is a word all the same
    /// (the context model's), for `joinLineEndHyphens`.
    public static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        vocabulary: Vocabulary,
        keyer: inout WordKeyer,
        isWord: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil
    ) -> [Token] {
        tokenize(bytes, vocabulary: vocabulary, keyer: &keyer, keepingKeyHashes: false, isWord: isWord).tokens
    }

    /// The tokens and, with `keepingKeyHashes`, `Document.keyHashes` (else empty):
    /// the context model looks tokens up by the hash the vocabulary lookup computes.
    static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        vocabulary: Vocabulary,
        keyer: inout WordKeyer,
        keepingKeyHashes keep: Bool,
        isWord: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil
    ) -> (tokens: [Token], keyHashes: [UInt32]) {
        // ASCII tokens get their ids as they are scanned, from the hash of their
        // key computed in the same byte loop; the few others through the keyer
        // afterwards, which keeps the scanner free of the keyer's state.
        var out = Emitter(bytes, assigningIDsFrom: vocabulary, keepingKeyHashes: keep)
        out.tokens.reserveCapacity(bytes.count / 5 + 4)
        if keep { out.keyHashes.reserveCapacity(bytes.count / 5 + 4) }
        scan(bytes, into: &out)
        assignNonASCIIIDs(bytes, &out, vocabulary, &keyer)
        if !out.lineEndHyphens.isEmpty {
            joinLineEndHyphens(at: out.lineEndHyphens, bytes, &out.tokens, &out.keyHashes, vocabulary, &keyer, isWord: isWord)
        }
        return (out.tokens, out.keyHashes)
    }

    /// Gives the tokens `scan` left without an id (those not ASCII) theirs.
    private static func assignNonASCIIIDs(_ bytes: UnsafeBufferPointer<UInt8>, _ out: inout Emitter, _ vocabulary: Vocabulary,
                                          _ keyer: inout WordKeyer) {
        guard !out.nonASCIITokens.isEmpty else { return }
        // Most non-ASCII tokens are a few punctuation marks (— “ ” ’) over and
        // over, and ICU folds a key in well over a thousand instructions: the
        // id of a short token is remembered once worked out.
        var known = ShortTokenIDs()
        for k in out.nonASCIITokens {
            let token = out.tokens[k]
            let word = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
            if let id = known[word] {
                out.tokens[k].id = id
                continue
            }
            let id = vocabulary.id(ofWord: word, keyer: &keyer)
            known[word] = id
            out.tokens[k].id = id
        }
    }

    /// Joins the two parts of a word that a hyphen at the end of a line split,
    /// as text taken from PDF pages has them ("coun-" / "terfeit"), into one
    /// word token spanning both and the hyphen, where the word they make is in
    /// the vocabulary (or `isWord` says it is a word) and the second part starts
    /// in lower case: "coun-\nterfeit consciousness" is then the listed
    /// "counterfeit consciousness". A compound split at its own hyphen ("well-"
    /// / "known") makes no word and stays as written. The joined token keeps
    /// the first part's gap; its key hash is left out (0), and the context model
    /// looks it up without the hyphen and the line break (`ContextScorer`).
    /// `hyphens`: the indices of the hyphens `Emitter` found at line ends.
    static func joinLineEndHyphens(at hyphens: [Int], _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: inout [Token],
                                   _ keyHashes: inout [UInt32], _ vocabulary: Vocabulary, _ keyer: inout WordKeyer,
                                   isWord: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil) {
        var joined: [Int] = []
        var key: [UInt8] = []
        for h in hyphens where h + 1 < tokens.count {
            let second = tokens[h + 1]
            guard second.gap == .lineBreak, second.kind == .word, !second.caseFlags.contains(.firstLetterUpper),
                  joined.last.map({ $0 + 1 < h - 1 }) ?? true else { continue }
            key.removeAll(keepingCapacity: true)
            for part in [tokens[h - 1], second] {
                keyer.withKey(UnsafeBufferPointer(rebasing: bytes[part.start..<part.end])) { key.append(contentsOf: $0) }
            }
            let id = key.withUnsafeBufferPointer { vocabulary.id(of: $0) }
            guard id != Vocabulary.unknown || key.withUnsafeBufferPointer({ isWord?($0) ?? false }) else { continue }
            var word = tokens[h - 1]
            word.end = second.end
            word.id = id
            word.caseFlags.formUnion(second.caseFlags.subtracting(.firstLetterUpper))
            tokens[h - 1] = word
            if !keyHashes.isEmpty { keyHashes[h - 1] = 0 }
            joined.append(h)
        }
        guard !joined.isEmpty else { return }
        // The hyphens and second parts out, in one pass over what follows the first.
        var write = joined[0], next = 0
        for read in joined[0]..<tokens.count {
            if next < joined.count, read == joined[next] || read == joined[next] + 1 {
                if read == joined[next] + 1 { next += 1 }
                continue
            }
            tokens[write] = tokens[read]
            if !keyHashes.isEmpty { keyHashes[write] = keyHashes[read] }
            write += 1
        }
        tokens.removeLast(tokens.count - write)
        if !keyHashes.isEmpty { keyHashes.removeLast(keyHashes.count - write) }
    }

    /// The ids of recently keyed tokens of up to seven bytes, by their bytes:
    /// direct-mapped, so a token evicts an earlier one of the same slot. Plain
    /// arrays, so there is nothing to hash or instantiate on first use.
    struct ShortTokenIDs {
        private static let slotBits = 6
        /// A token's bytes and count packed in one integer (see `packed`); 0: empty.
        private var keys = [UInt64](repeating: 0, count: 1 << slotBits)
        private var ids = [Int32](repeating: Vocabulary.unknown, count: 1 << slotBits)

        /// nil when unknown (or longer than seven bytes); a set of a longer token does nothing.
        subscript(token: UnsafeBufferPointer<UInt8>) -> Int32? {
            get {
                guard let key = ShortTokenIDs.packed(token) else { return nil }
                let slot = ShortTokenIDs.slot(key)
                return keys[slot] == key ? ids[slot] : nil
            }
            set {
                guard let key = ShortTokenIDs.packed(token), let id = newValue else { return }
                let slot = ShortTokenIDs.slot(key)
                keys[slot] = key
                ids[slot] = id
            }
        }

        /// Up to seven bytes and their count in one integer, the count in the
        /// top byte: distinct for distinct byte strings, and never 0 for a token.
        private static func packed(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
            guard bytes.count <= 7 else { return nil }
            var packed = UInt64(bytes.count) << 56
            for (i, b) in bytes.enumerated() { packed |= UInt64(b) << (8 * i) }
            return packed
        }

        private static func slot(_ key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - UInt64(slotBits)))
        }
    }

    /// Appends the tokens of `bytes` to `tokens`, without vocabulary ids.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
        var out = Emitter(bytes)
        swap(&out.tokens, &tokens)
        defer { swap(&out.tokens, &tokens) }
        scan(bytes, into: &out)
    }

    /// Emits the tokens of `bytes` into `out`.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout Emitter) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                // A space, the byte most often between tokens, in two instructions.
                if b == 0x20 {
                    out.gap = max(out.gap, .space)
                    i += 1
                    continue
                }
                if !isASCIIAlnum(b) {
                    if b == 0x0A {
                        out.noteBreak(lines: 1)
                    } else if b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C {
                        out.gap = max(out.gap, .space)
                    } else {
                        out.emit(i, i + 1, .punctuation, [], keyHash: KeyHash.step(KeyHash.seed, b))
                    }
                    i += 1
                    continue
                }
            } else {
                guard let (scalar, length) = UTF8Scalar.decode(bytes, at: i) else {
                    let run = UTF8Scalar.invalidRunLength(bytes, at: i)
                    out.emitInvalid(i, i + run)
                    i += run
                    continue
                }
                if ScalarClass.isSpace(scalar) {
                    if scalar == 0x2029 { out.noteBreak(lines: 2) } else if scalar == 0x2028 || scalar == 0x85 { out.noteBreak(lines: 1) } else { out.gap = max(out.gap, .space) }
                    i += length
                    continue
                }
                if cicu_is_word_char(scalar) == 0 {
                    out.emit(i, i + length, .punctuation, [])
                    i += length
                    continue
                }
            }
            // A word starts at i. One call site, so that scanWord is inlined
            // here rather than called once per word.
            i = scanWord(bytes, from: i, into: &out)
        }
    }

    /// The tokens scanned so far and what separates the next one from them. A
    /// struct passed inout rather than a closure over the scanner's variables:
    /// captured variables cost a dynamic exclusivity check at every access.
    struct Emitter {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Gives each ASCII token its id as it is emitted; nil: ids stay unknown.
        let vocabulary: Vocabulary?
        /// Whether `keyHashes` is kept (only with a vocabulary).
        let keepsKeyHashes: Bool
        var tokens: [Token] = []
        /// `Document.keyHashes` of `tokens`, when kept.
        var keyHashes: [UInt32] = []
        /// Indices of the tokens whose bytes are not ASCII, when ids are given:
        /// their keys need the keyer, their ids are left to the caller.
        var nonASCIITokens: [Int] = []
        var gap = Token.Gap.paragraphBreak
        var newlines = 0

        /// Scanning without ids.
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            self.vocabulary = nil
            self.keepsKeyHashes = false
        }

        init(_ bytes: UnsafeBufferPointer<UInt8>, assigningIDsFrom vocabulary: Vocabulary, keepingKeyHashes: Bool) {
            self.bytes = bytes
            self.vocabulary = vocabulary
            self.keepsKeyHashes = keepingKeyHashes
        }

        /// The hyphens at the end of a line after a word: where PDF text splits a
        /// word ("coun-" / "terfeit"); `joinLineEndHyphens` looks at them.
        var lineEndHyphens: [Int] = []

        /// Emits a token of ASCII bytes whose key has the `KeyHash` `keyHash`.
        @inline(__always)
        mutating func emit(_ start: Int, _ end: Int, _ kind: Token.Kind, _ caseFlags: CaseFlags, keyHash: UInt64) {
            var id = Vocabulary.unknown
            if let vocabulary {
                id = vocabulary.id(ofASCIIWord: UnsafeBufferPointer(rebasing: bytes[start..<end]), hash: keyHash)
                if keepsKeyHashes { keyHashes.append(UInt32(truncatingIfNeeded: keyHash >> 32)) }
            }
            append(Token(start: start, end: end, kind: kind, gap: gap, id: id, caseFlags: caseFlags))
        }

        /// Emits a token of valid UTF-8, ASCII or not.
        mutating func emit(_ start: Int, _ end: Int, _ kind: Token.Kind, _ caseFlags: CaseFlags) {
            if let hash = KeyHash.ofASCIIWord(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                emit(start, end, kind, caseFlags, keyHash: hash)
                return
            }
            if vocabulary != nil {
                nonASCIITokens.append(tokens.count)
                if keepsKeyHashes { keyHashes.append(0) }
            }
            append(Token(start: start, end: end, kind: kind, gap: gap, id: Vocabulary.unknown, caseFlags: caseFlags))
        }

        /// Emits a run of invalid UTF-8: no key, no id.
        mutating func emitInvalid(_ start: Int, _ end: Int) {
            if keepsKeyHashes { keyHashes.append(0) }
            append(Token(start: start, end: end, kind: .invalid, gap: gap, id: Vocabulary.unknown, caseFlags: []))
        }

        @inline(__always)
        private mutating func append(_ token: Token) {
            tokens.append(token)
            gap = .none
            newlines = 0
        }

        mutating func noteBreak(lines: Int) {
            if newlines == 0, let last = tokens.last, last.end - last.start == 1, bytes[last.start] == 0x2D, last.gap == .none,
               tokens.count >= 2, tokens[tokens.count - 2].kind == .word {
                lineEndHyphens.append(tokens.count - 1)
            }
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

    /// What `scanWord` has seen of a word so far: one byte, so that the byte loop
    /// keeps it, the hash and the offsets in registers. The case bits are
    /// `CaseFlags`' own.
    struct WordTraits: OptionSet {
        let rawValue: UInt8
        static let upper = WordTraits(rawValue: CaseFlags.hasUpper.rawValue)
        static let lower = WordTraits(rawValue: CaseFlags.hasLower.rawValue)
        /// A word character that is neither an ASCII letter nor a digit.
        static let otherLetter = WordTraits(rawValue: 8)
        /// A byte that is not ASCII: the word goes to ICU.
        static let nonASCII = WordTraits(rawValue: 16)
        static let letter: WordTraits = [.upper, .lower, .otherLetter]
        /// The word ends at a space (seen after a run of lower-case letters).
        static let spaceAfter = WordTraits(rawValue: 32)
    }

    /// Scans one word starting at `start` and emits it (or its ICU segments).
    /// Returns the offset after the word.
    @inline(__always)
    static func scanWord(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        into out: inout Emitter
    ) -> Int {
        var j = start
        var seen: WordTraits = []
        // The `KeyHash` of the word's key (its ASCII letters lower-cased), hashed
        // as the bytes are classified; meaningless once a byte is not ASCII.
        var hash = KeyHash.seed
        let n = bytes.count
        scanning: while j < n {
            var b = bytes[j]
            // Runs of lower-case letters, most of the bytes of prose, in a tight loop.
            if b &- 0x61 < 26 {
                seen.insert(.lower)
                repeat {
                    hash = KeyHash.step(hash, b)
                    j &+= 1
                    guard j < n else { break scanning }
                    b = bytes[j]
                } while b &- 0x61 < 26
                // Most words end at a space.
                if b == 0x20 {
                    seen.insert(.spaceAfter)
                    break
                }
            }
            // Other ASCII letters and digits in a few instructions each.
            if b &- 0x41 < 26 {
                seen.insert(.upper)
                hash = KeyHash.step(hash, b | 0x20)
                j &+= 1
                continue
            }
            if b &- 0x30 < 10 {
                hash = KeyHash.step(hash, b)
                j &+= 1
                continue
            }
            let sawLetter = !seen.isDisjoint(with: .letter)
            if b < 0x80 {
                // Digit group separators inside a number: 10,000 and 0.33.
                if !sawLetter, (b == 0x2C || b == 0x2E), j + 1 < n, isDigit(bytes[j + 1]) {
                    hash = KeyHash.step(hash, b)
                    j += 1
                    continue
                }
                // An underscore joins identifier parts into one word, as in ICU
                // (ExtendNumLet): "DOOR_INFO DOOR_INFO" holds no phrase "info door".
                if b == 0x5F, j + 1 < n, wordCharLength(bytes, at: j + 1) != nil {
                    hash = KeyHash.step(hash, b)
                    j += 1
                    continue
                }
                // An apostrophe between letters belongs to the word: don't, Washington's
                // (not after or before a digit, as in ICU: "x_1'don't" is two words).
                if b == 0x27, j > start, j + 1 < n, sawLetter, !isDigit(bytes[j - 1]), !isDigit(bytes[j + 1]),
                   wordCharLength(bytes, at: j + 1) != nil {
                    hash = KeyHash.step(hash, b)
                    j += 1
                    continue
                }
                break
            }
            guard let (scalar, length) = UTF8Scalar.decode(bytes, at: j) else { break }
            if ScalarClass.isApostrophe(scalar) {
                if j > start, sawLetter, !isDigit(bytes[j - 1]), j + length < n, !isDigit(bytes[j + length]),
                   wordCharLength(bytes, at: j + length) != nil {
                    seen.insert(.nonASCII)
                    j += length
                    continue
                }
                break
            }
            // An invisible joiner between word characters belongs to the word, as
            // in ICU: "pro\u{AD}found" is "profound" with a soft hyphen where a
            // line may break, and its key leaves the joiner out (`WordKeyer`).
            if ScalarClass.isInvisibleJoiner(scalar) {
                guard j > start, j + length < n, wordCharLength(bytes, at: j + length) != nil else { break }
                seen.insert(.nonASCII)
                j += length
                continue
            }
            if ScalarClass.isSpace(scalar) || cicu_is_word_char(scalar) == 0 { break }
            seen.insert([.nonASCII, .otherLetter])
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
        if !seen.contains(.nonASCII) {
            var flags = CaseFlags(rawValue: seen.intersection([.upper, .lower]).rawValue)
            if seen.contains(.upper) {
                // The first letter (after any digits) decides firstLetterUpper.
                var k = start
                while bytes[k] &- 0x30 < 10 || bytes[k] == 0x2C || bytes[k] == 0x2E { k += 1 }
                if bytes[k] &- 0x41 < 26 { flags.insert(.firstLetterUpper) }
            }
            out.emit(start, j, seen.isDisjoint(with: .letter) ? .number : .word, flags, keyHash: hash)
            if seen.contains(.spaceAfter) {
                // The space goes with the word, and the next token's gap is
                // what the scan loop would have made of it.
                out.gap = .space
                return j + 1
            }
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
