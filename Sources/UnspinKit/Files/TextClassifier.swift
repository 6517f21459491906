/// Decides whether bytes are text unspin may edit. Binary data and text that
/// is not UTF-8 are never edited byte-wise: editing them could corrupt what the
/// user cannot see.
///
/// Binary, by the first 8 KiB: a NUL byte (as git and grep decide), or more
/// than 10% control bytes other than tab, line feed, vertical tab, form feed,
/// carriage return and escape. UTF-16/UTF-32 are recognised by their byte-order
/// mark before the NUL test (their text is full of NUL bytes).
public enum TextClassifier {
    public enum Verdict: Equatable, Sendable {
        case text
        case binary
        /// UTF-16 or UTF-32 with a byte-order mark.
        case otherEncoding(String)
        case invalidUTF8(offset: Int)
    }

    public static let sniffLength = 8192

    public static func classify(_ bytes: [UInt8]) -> Verdict {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return .otherEncoding("UTF-32") }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .otherEncoding("UTF-16") }
        if looksBinary(bytes.prefix(sniffLength)) { return .binary }
        if let offset = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) { return .invalidUTF8(offset: offset) }
        return .text
    }

    /// Concrete (not generic) so that the per-byte loop is specialised: it runs
    /// on the first 8 KiB of every file, which dominates trees of small files.
    public static func looksBinary(_ head: ArraySlice<UInt8>) -> Bool {
        head.withUnsafeBufferPointer { looksBinary($0) }
    }

    public static func looksBinary(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        var control = 0
        var i = 0
        // Eight bytes a step where none is below 0x20 or DEL (most words of
        // text); a word with one (a NUL, a line end, a control byte) is tested
        // a byte at a time. A byte at a time throughout was 5% of checking a
        // tree of small files.
        if let base = head.baseAddress {
            while i + 8 <= head.count {
                let word = ByteWord.load(base, at: i)
                if ByteWord.hasByte(word, below: 0x20) || ByteWord.has(word, 0x7F) {
                    for k in i..<(i + 8) {
                        if head[k] == 0 { return true }
                        if isControl(head[k]) { control += 1 }
                    }
                }
                i += 8
            }
        }
        while i < head.count {
            let b = head[i]
            if b == 0 { return true }
            if isControl(b) { control += 1 }
            i += 1
        }
        return control * 10 > head.count
    }

    /// A control byte that text does not use: not a tab, line feed,
    /// vertical tab, form feed, carriage return or escape.
    @inline(__always)
    static func isControl(_ b: UInt8) -> Bool {
        (b < 0x20 && !(0x09...0x0D).contains(b) && b != 0x1B) || b == 0x7F
    }

    /// Why a file with this verdict is skipped, or nil for text.
    public static func skipReason(_ verdict: Verdict) -> String? {
        switch verdict {
        case .text: return nil
        case .binary: return "binary file (NUL byte in the first 8 KiB)"
        case .otherEncoding(let name): return "\(name) text"
        case .invalidUTF8(let offset): return "not valid UTF-8 (first bad byte at offset \(offset); --encoding NAME converts it)"
        }
    }
}
