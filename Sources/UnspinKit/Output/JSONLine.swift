/// Just enough JSON to work on one JSON document per line (corpus mode): the
/// members of a top-level object with the byte range of each raw value, and
/// string decoding. Values are not rebuilt, so everything the caller does not
/// change is written back byte for byte.
public enum JSONLine {
    public struct Member {
        public var key: String
        /// Byte range of the raw value in the line.
        public var value: Range<Int>
    }

    /// The members of the object on `line`, or nil when the line is not one
    /// well-formed JSON object.
    public static func members(_ line: [UInt8]) -> [Member]? {
        line.withUnsafeBufferPointer { members($0) }
    }

    static func members(_ line: UnsafeBufferPointer<UInt8>) -> [Member]? {
        var scanner = Scanner(bytes: line)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        var members: [Member] = []
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "}")) {
            scanner.skipSpace()
            return scanner.atEnd ? members : nil
        }
        while true {
            scanner.skipSpace()
            let keyStart = scanner.i
            guard scanner.skipString(), let key = decodeString(UnsafeBufferPointer(rebasing: line[keyStart..<scanner.i])) else { return nil }
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: ":")) else { return nil }
            scanner.skipSpace()
            let valueStart = scanner.i
            guard scanner.skipValue(depth: 0) else { return nil }
            members.append(Member(key: key, value: valueStart..<scanner.i))
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "}")) else { return nil }
            scanner.skipSpace()
            return scanner.atEnd ? members : nil
        }
    }

    /// Decodes a JSON string literal (with its quotes); nil if malformed.
    public static func decodeString(_ literal: [UInt8]) -> String? {
        literal.withUnsafeBufferPointer { decodeString($0) }
    }

    /// The same over bytes in place. Works on UTF-8 bytes: the text between
    /// escapes is copied as it is, each escape appended as the UTF-8 of its
    /// scalar, and the whole decoded once (invalid UTF-8 becomes U+FFFD there:
    /// an escape always starts a whole sequence, so a broken one before it ends
    /// where it would have alone). Building a String scalar by scalar made
    /// decoding half of corpus mode's instructions.
    static func decodeString(_ literal: UnsafeBufferPointer<UInt8>) -> String? {
        guard literal.count >= 2, literal.first == 0x22, literal.last == 0x22 else { return nil }
        let body = UnsafeBufferPointer(rebasing: literal[1..<(literal.count - 1)])
        // Most strings have no escape: their bytes are the text.
        guard let firstEscape = body.firstIndex(of: UInt8(ascii: "\\"), in: 0..<body.count) else {
            return String(decoding: body, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count)
        bytes.append(contentsOf: body[..<firstEscape])
        var i = firstEscape
        let end = body.count
        while i < end {
            if body[i] != UInt8(ascii: "\\") {
                // The run up to the next escape, copied at once.
                let next = body.firstIndex(of: UInt8(ascii: "\\"), from: i)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: body[i..<next]))
                i = next
                continue
            }
            guard i + 1 < end else { return nil }
            let e = body[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(body, i, end) else { return nil }
                i += 4
                var scalar = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    // A surrogate pair; a lone surrogate becomes U+FFFD.
                    if i + 6 <= end, body[i] == 0x5C, body[i + 1] == UInt8(ascii: "u"),
                       let low = hex4(body, i + 2, end), (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { bytes.append($0) }
            default:
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> UInt16? {
        guard i + 4 <= end else { return nil }
        var value: UInt16 = 0
        for k in 0..<4 {
            let b = bytes[i + k]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x61...0x66: digit = b - 0x61 + 10
            case 0x41...0x46: digit = b - 0x41 + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// `line` with member `key` set to the raw JSON `value`: replaced in place
    /// when present, else added at the end of the object.
    public static func setting(_ key: String, to value: String, in line: [UInt8], members: [Member]) -> [UInt8] {
        if let existing = members.first(where: { $0.key == key }) {
            return Array(line[..<existing.value.lowerBound]) + Array(value.utf8) + Array(line[existing.value.upperBound...])
        }
        let close = line.lastIndex(of: UInt8(ascii: "}"))!
        let member = (members.isEmpty ? "" : ",") + JSONObject.quote(key) + ":" + value
        return Array(line[..<close]) + Array(member.utf8) + Array(line[close...])
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var atEnd: Bool { i == bytes.count }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func take(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        mutating func skipString() -> Bool {
            guard take(0x22) else { return false }
            while true {
                skipPlainBytes()
                guard i < bytes.count else { return false }
                let b = bytes[i]
                if b == 0x5C {
                    i += 2
                } else if b == 0x22 {
                    i += 1
                    return true
                } else if b < 0x20 {
                    return false
                } else {
                    i += 1
                }
            }
        }

        /// Skips 8 bytes at a time while none of them is a quote, a backslash
        /// or a control character (the bytes `skipString` stops at).
        mutating func skipPlainBytes() {
            guard let base = bytes.baseAddress else { return }
            while i + 8 <= bytes.count {
                let word = ByteWord.load(base, at: i)
                if ByteWord.has(word, 0x22) || ByteWord.has(word, 0x5C) || ByteWord.hasByte(word, below: 0x20) { return }
                i += 8
            }
        }

        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 512, i < bytes.count else { return false }
            switch bytes[i] {
            case 0x22: return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close: UInt8 = bytes[i] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let object = close == UInt8(ascii: "}")
                i += 1
                skipSpace()
                if take(close) { return true }
                while true {
                    skipSpace()
                    if object {
                        guard skipString() else { return false }
                        skipSpace()
                        guard take(UInt8(ascii: ":")) else { return false }
                        skipSpace()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    skipSpace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(close)
                }
            default:
                // number, true, false, null
                let start = i
                while i < bytes.count, !(bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "}") || bytes[i] == UInt8(ascii: "]")
                                         || bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D) { i += 1 }
                let word = String(decoding: bytes[start..<i], as: UTF8.self)
                if word == "true" || word == "false" || word == "null" { return true }
                return Double(word) != nil && word.first != "+" && !word.hasPrefix(".")
            }
        }
    }
}
