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
            guard scanner.skipString(), let key = decodeString(Array(line[keyStart..<scanner.i])) else { return nil }
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
        guard literal.count >= 2, literal.first == 0x22, literal.last == 0x22 else { return nil }
        var out = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        func flush() {
            out.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
            bytes.removeAll(keepingCapacity: true)
        }
        var i = 1
        let end = literal.count - 1
        while i < end {
            let b = literal[i]
            if b != UInt8(ascii: "\\") { bytes.append(b); i += 1; continue }
            guard i + 1 < end else { return nil }
            let e = literal[i + 1]
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
                guard var unit = hex4(literal, i, end) else { return nil }
                i += 4
                var scalar = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    // A surrogate pair; a lone surrogate becomes U+FFFD.
                    if i + 6 <= end, literal[i] == 0x5C, literal[i + 1] == UInt8(ascii: "u"),
                       let low = hex4(literal, i + 2, end), (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
                        i += 6
                    } else {
                        unit = 0xFFFD
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                flush()
                out.append(Unicode.Scalar(scalar) ?? "\u{FFFD}")
            default:
                return nil
            }
        }
        flush()
        return String(out)
    }

    private static func hex4(_ bytes: [UInt8], _ i: Int, _ end: Int) -> UInt16? {
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
        let bytes: [UInt8]
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
            while i < bytes.count {
                switch bytes[i] {
                case 0x5C: i += 2
                case 0x22: i += 1; return true
                case 0..<0x20: return false
                default: i += 1
                }
            }
            return false
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
