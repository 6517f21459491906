import CICU

/// A text encoding other than UTF-8, converted with ICU's converters so that
/// text is corrected in UTF-8 and written back in the encoding it came in —
/// never silently turned into UTF-8.
public struct TextEncoding: Sendable, Equatable {
    /// ICU converter name, e.g. "UTF-16LE" or "windows-1252".
    public var name: String
    /// Byte-order mark the file starts with (kept on output), or empty.
    public var byteOrderMark: [UInt8]

    public init(name: String, byteOrderMark: [UInt8] = []) {
        self.name = name
        self.byteOrderMark = byteOrderMark
    }

    /// The encoding a byte-order mark announces, for encodings other than UTF-8.
    public static func fromByteOrderMark(_ prefix: some Collection<UInt8>) -> TextEncoding? {
        let p = Array(prefix.prefix(4))
        if p.starts(with: [0xFF, 0xFE, 0, 0]) { return TextEncoding(name: "UTF-32LE", byteOrderMark: [0xFF, 0xFE, 0, 0]) }
        if p.starts(with: [0, 0, 0xFE, 0xFF]) { return TextEncoding(name: "UTF-32BE", byteOrderMark: [0, 0, 0xFE, 0xFF]) }
        if p.starts(with: [0xFF, 0xFE]) { return TextEncoding(name: "UTF-16LE", byteOrderMark: [0xFF, 0xFE]) }
        if p.starts(with: [0xFE, 0xFF]) { return TextEncoding(name: "UTF-16BE", byteOrderMark: [0xFE, 0xFF]) }
        return nil
    }

    /// Whether ICU knows the converter `name`.
    public static func isKnown(_ name: String) -> Bool {
        convert([0x41], from: "UTF-8", to: name) != nil
    }

    /// The text as UTF-8 (without the byte-order mark), or nil when it is not
    /// valid in this encoding.
    public func decode(_ bytes: [UInt8]) -> [UInt8]? {
        let body = bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(byteOrderMark.count)) : bytes
        return TextEncoding.convert(body, from: name, to: "UTF-8")
    }

    /// UTF-8 text in this encoding, with the byte-order mark; nil when a
    /// character cannot be represented.
    public func encode(_ utf8: [UInt8]) -> [UInt8]? {
        TextEncoding.convert(utf8, from: "UTF-8", to: name).map { byteOrderMark + $0 }
    }

    static func convert(_ bytes: [UInt8], from: String, to: String) -> [UInt8]? {
        if bytes.isEmpty { return [] }
        var capacity = bytes.count * 2 + 16
        while true {
            var out = [UInt8](repeating: 0, count: capacity)
            let n = bytes.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    cicu_convert(to, from, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(capacity))
                }
            }
            if n <= Int32.min + 1 { return nil }
            if n < 0 { capacity = Int(-n); continue }
            out.removeLast(capacity - Int(n))
            return out
        }
    }

    /// For reports on converted text: the offset in the original encoding of
    /// each UTF-8 offset of `utf8` (which must be this encoding's `decode`
    /// output), as a function. Works for UTF-16 and UTF-32; other encodings
    /// map by converting the prefix.
    public func originalOffsets(of utf8: [UInt8]) -> (Int) -> Int {
        let unit: Int? = name.hasPrefix("UTF-16") ? 2 : name.hasPrefix("UTF-32") ? 4 : nil
        let bom = byteOrderMark.count
        guard let unit else {
            return { offset in bom + (TextEncoding.convert(Array(utf8[0..<offset]), from: "UTF-8", to: self.name)?.count ?? offset) }
        }
        // Prefix sums at scalar starts: original offset of each UTF-8 offset.
        var table = [Int](repeating: 0, count: utf8.count + 1)
        var original = bom
        var i = 0
        while i < utf8.count {
            let lead = utf8[i]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            for k in 0..<length where i + k <= utf8.count { table[i + k] = original }
            original += unit == 2 && length == 4 ? 4 : unit
            i += length
        }
        table[utf8.count] = original
        return { table[min(max($0, 0), utf8.count)] }
    }
}
