#if canImport(Glibc)
import Glibc
#endif

/// Small UTF-8 helpers over raw bytes. The tokenizer never builds a `String` for
/// ASCII text; these decode the occasional non-ASCII scalar in place.
@usableFromInline
enum UTF8Scalar {
    /// Decodes the scalar starting at `i`. Returns nil for an invalid or truncated
    /// sequence (overlong forms, surrogates and values past U+10FFFF included).
    @inlinable
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int)? {
        let b0 = bytes[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let count = bytes.count
        @inline(__always) func cont(_ k: Int) -> UInt32? {
            guard i + k < count else { return nil }
            let b = bytes[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return nil }
            return ((UInt32(b0 & 0x1F) << 6) | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = cont(1), let c2 = cont(2) else { return nil }
            let v = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
            if v < 0x800 || (0xD800...0xDFFF).contains(v) { return nil }
            return (v, 3)
        case 0xF0...0xF4:
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return nil }
            let v = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            if v < 0x10000 || v > 0x10FFFF { return nil }
            return (v, 4)
        default:
            return nil
        }
    }

    /// Length of the invalid run starting at `i`: up to the next byte that starts
    /// a valid scalar.
    static func invalidRunLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        var j = i + 1
        while j < bytes.count, decode(bytes, at: j) == nil { j += 1 }
        return j - i
    }
}

/// Unicode classes the tokenizer needs for non-ASCII scalars.
enum ScalarClass {
    static func isSpace(_ s: UInt32) -> Bool {
        switch s {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x00AD, 0x200C, 0x200D:
            return true
        default:
            return false
        }
    }

    /// Invisible format characters that may sit inside a word: the soft hyphen,
    /// the zero-width non-joiner and joiner, the word joiner. Elsewhere the
    /// first three separate tokens like a space (`isSpace`).
    static func isInvisibleJoiner(_ s: UInt32) -> Bool {
        s == 0x00AD || s == 0x200C || s == 0x200D || s == 0x2060
    }

    /// Apostrophe variants that may sit inside a word ("Washington’s").
    static func isApostrophe(_ s: UInt32) -> Bool {
        s == 0x27 || s == 0x2019 || s == 0x2018 || s == 0x02BC
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` at or after `start`, or `count`.
    func firstIndex(of byte: UInt8, from start: Int) -> Int {
        firstIndex(of: byte, in: start..<count) ?? count
    }

    /// The index of the first `byte` in `range`: memchr, many bytes a step
    /// (dictionary lines at every start-up, corpus-mode lines and their strings).
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard let base = baseAddress, !range.isEmpty else { return nil }
        guard let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }
}

/// Tests on eight bytes at once, packed little-endian in a `UInt64` (the usual
/// bit tricks: a lane borrows into its high bit only when it is zero, or below
/// n). Each says whether any lane matches, exactly; for scanners that skip
/// plain bytes a word at a time (UTF-8 validation, the JSON scanner, the
/// binary sniffer).
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset` of `base`.
    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Whether a byte of `word` is `byte`.
    @inline(__always)
    static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs != 0
    }

    /// Whether every byte of `word` is ASCII.
    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool { word & highs == 0 }

    /// Whether a byte of `word` is below `limit` (at most 0x80).
    @inline(__always)
    static func hasByte(_ word: UInt64, below limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }
}
