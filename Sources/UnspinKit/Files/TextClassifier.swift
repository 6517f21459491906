/// Decides whether bytes are text unspin may edit. Binary data (a NUL byte in
/// the first 8 KiB, as git and grep decide) and text that is not UTF-8 are
/// never edited byte-wise: editing them could corrupt what the user cannot see.
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
        if bytes.prefix(sniffLength).contains(0) { return .binary }
        if let offset = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) { return .invalidUTF8(offset: offset) }
        return .text
    }

    /// Why a file with this verdict is skipped, or nil for text.
    public static func skipReason(_ verdict: Verdict) -> String? {
        switch verdict {
        case .text: return nil
        case .binary: return "binary file (NUL byte in the first 8 KiB)"
        case .otherEncoding(let name): return "\(name) text is not supported yet"
        case .invalidUTF8(let offset): return "not valid UTF-8 (first bad byte at offset \(offset))"
        }
    }
}
