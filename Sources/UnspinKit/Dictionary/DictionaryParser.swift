/// Reads the line-based dictionary format (dictionaries/FORMAT.md). Every
/// problem is reported with the file and line; nothing is half-loaded.
public enum DictionaryParser {
    static let defaultConfidence = 0.9

    public static func parse(_ text: String, path: String) throws(DictionaryError) -> SpinDictionary {
        try parse(Array(text.utf8), path: path)
    }

    /// Parses a dictionary. Works on bytes and builds Strings only for the
    /// values it keeps: dictionaries load at every start-up, and the built-in
    /// ones have thousands of entries.
    public static func parse(_ bytes: [UInt8], path: String) throws(DictionaryError) -> SpinDictionary {
        if let bad = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) {
            let line = bytes[..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw DictionaryError(path: path, line: line, reason: "not valid UTF-8 (byte offset \(bad))")
        }
        var dictionary = SpinDictionary(name: "", path: path)
        dictionary.entries.reserveCapacity(bytes.count / 40)
        var fileConfidence = defaultConfidence
        var lineNumber = 0
        func fail(_ reason: String) -> DictionaryError {
            DictionaryError(path: path, line: lineNumber, reason: reason)
        }

        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start <= bytes.count {
            // One line, without its LF or CRLF ("\r\n" is one Character in Swift, so this stays on bytes).
            let newline = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var end = newline
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            let line = bytes[start..<end]
            start = newline + 1
            lineNumber += 1
            if newline == bytes.count && line.isEmpty { break }
            let trimmed = line.trimmingSpaces
            guard let first = trimmed.first, first != UInt8(ascii: "#") else { continue }

            if line.first == 0x20 || line.first == 0x09 {
                guard !dictionary.entries.isEmpty else { throw fail("example line before any entry") }
                dictionary.entries[dictionary.entries.count - 1].examples.append(try parseExample(trimmed.substring, fail))
            } else if first == UInt8(ascii: "@") {
                try parseDirective(trimmed.substring, into: &dictionary, confidence: &fileConfidence, fail)
            } else {
                dictionary.entries.append(try parseEntry(trimmed, confidence: fileConfidence, line: lineNumber, fail))
            }
        }

        lineNumber = 1
        if dictionary.name.isEmpty { throw fail("missing '@name NAME' directive") }
        try validateClasses(dictionary, path: path)
        return dictionary
    }

    private static func parseExample(_ text: Substring, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> DictionaryExample {
        let marker = text.first
        let body = text.dropFirst().trimmingSpaces
        guard (marker == "+" || marker == "-"), text.dropFirst().first == " ", !body.isEmpty else {
            throw fail("an indented line must be an example: '+ INPUT => OUTPUT' or '- INPUT'")
        }
        if marker == "-" {
            return DictionaryExample(input: String(body), expected: String(body), line: 0).withLine(fail)
        }
        guard let arrow = body.firstRange(of: " => ") else {
            throw fail("a '+' example needs 'INPUT => OUTPUT'")
        }
        let input = body[..<arrow.lowerBound].trimmingSpaces
        let output = body[arrow.upperBound...].trimmingSpaces
        if input == output { throw fail("a '+' example must change its input; use '- INPUT' for text that stays") }
        return DictionaryExample(input: String(input), expected: String(output), line: 0).withLine(fail)
    }

    private static func parseDirective(
        _ text: Substring, into dictionary: inout SpinDictionary, confidence: inout Double,
        _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) {
        // Directives may end with a ' #' comment; entries may not (a '#' can be part of a phrase).
        var text = text
        if let hash = text.firstRange(of: " #") { text = text[..<hash.lowerBound] }
        let keyword = text.prefix { $0 != " " && $0 != "\t" }
        let value = String(text.dropFirst(keyword.count).trimmingSpaces)
        switch keyword {
        case "@name":
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw fail("@name needs a name of letters, digits, '-' or '_'")
            }
            guard dictionary.name.isEmpty else { throw fail("@name given twice") }
            dictionary.name = value
        case "@description": dictionary.description = value
        case "@source": dictionary.source = value
        case "@licence", "@license": dictionary.licence = value
        case "@confidence":
            confidence = try parseConfidence(Substring(value), fail)
        case "@class":
            guard let equals = value.firstIndex(of: "=") else { throw fail("@class needs 'NAME = word, phrase, …'") }
            let name = value[..<equals].trimmingSpaces
            guard !name.isEmpty, !name.contains(" ") else { throw fail("@class needs a one-word name") }
            if BuiltinClass(rawValue: String(name)) != nil { throw fail("@class \(name) would hide the built-in class") }
            guard dictionary.classes[String(name)] == nil else { throw fail("@class \(name) defined twice") }
            let members = try parseList(value[value.index(after: equals)...], allowClasses: false, fail)
            dictionary.classes[String(name)] = members.map { if case .phrase(let p) = $0 { p } else { "" } }
        default:
            throw fail("unknown directive '\(keyword)' (expected @name, @description, @source, @licence, @confidence or @class)")
        }
    }

    private static func parseEntry(
        _ text: ArraySlice<UInt8>, confidence: Double, line: Int, _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) -> DictionaryEntry {
        guard let arrow = text.arrow else {
            throw fail("expected 'SPUN => ORIGINAL' (or a directive starting with '@')")
        }
        let spunBytes = text[..<arrow.lowerBound].trimmingSpaces
        let rest = text[arrow.upperBound...]
        let bar = rest.firstIndex(of: UInt8(ascii: "|")) ?? rest.endIndex
        let replacementBytes = rest[..<bar].trimmingSpaces
        guard !spunBytes.isEmpty else { throw fail("empty spun phrase before '=>'") }
        let spun = spunBytes.string
        guard spun.contains(where: { $0.isLetter || $0.isNumber }) else { throw fail("spun phrase '\(spun)' has no letters or digits") }
        guard !replacementBytes.isEmpty else { throw fail("empty replacement after '=>' (use '?' to only detect)") }
        guard replacementBytes.arrow == nil else { throw fail("more than one '=>' on the line") }

        let isDetectOnly = replacementBytes.count == 1 && replacementBytes.first == UInt8(ascii: "?")
        var entry = DictionaryEntry(
            spun: spun, replacement: isDetectOnly ? nil : replacementBytes.string,
            confidence: confidence, line: line)
        guard bar < rest.endIndex else { return entry }
        var seen = Set<Substring>()
        for part in rest[(bar + 1)...].split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false) {
            let option = part.trimmingSpaces.substring
            guard let colon = option.firstIndex(of: ":") else {
                throw fail("option '\(option)' needs 'key: value'")
            }
            let key = option[..<colon].trimmingSpaces
            let value = option[option.index(after: colon)...].trimmingSpaces
            guard seen.insert(key).inserted else { throw fail("option '\(key)' given twice") }
            guard !value.isEmpty else { throw fail("option '\(key)' has no value") }
            switch key {
            case "confidence": entry.confidence = try parseConfidence(value, fail)
            case "after": entry.after = try parseList(value, allowClasses: true, fail)
            case "not-after": entry.notAfter = try parseList(value, allowClasses: true, fail)
            case "before": entry.before = try parseList(value, allowClasses: true, fail)
            case "not-before": entry.notBefore = try parseList(value, allowClasses: true, fail)
            case "also": entry.alternatives = value.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
            case "note": entry.note = String(value)
            default:
                throw fail("unknown option '\(key)' (expected confidence, after, not-after, before, not-before, also or note)")
            }
        }
        for term in entry.after + entry.notAfter where term == .wordClass("end") {
            throw fail("@end can only be used in before/not-before")
        }
        for term in entry.before + entry.notBefore where term == .wordClass("start") {
            throw fail("@start can only be used in after/not-after")
        }
        return entry
    }

    private static func parseConfidence(_ value: Substring, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> Double {
        guard let number = Double(value.trimmingSpaces), number >= 0, number <= 1 else {
            throw fail("confidence must be a number from 0 to 1, not '\(value)'")
        }
        return number
    }

    private static func parseList(_ value: Substring, allowClasses: Bool, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> [ContextTerm] {
        var terms: [ContextTerm] = []
        for item in try splitList(value, fail) {
            if item.quoted {
                terms.append(.phrase(item.text))
            } else if item.text.hasPrefix("@") {
                guard allowClasses else { throw fail("a class cannot contain another class ('\(item.text)')") }
                terms.append(.wordClass(String(item.text.dropFirst())))
            } else {
                terms.append(.phrase(item.text))
            }
        }
        return terms
    }

    /// Splits a comma-separated list; an item in double quotes may contain
    /// commas or start with '@' (`before: ","`).
    private static func splitList(_ value: Substring, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> [(text: String, quoted: Bool)] {
        var items: [(text: String, quoted: Bool)] = []
        var rest = value.trimmingSpaces
        while true {
            var text: Substring
            var quoted = false
            if rest.first == "\"" {
                guard let close = rest.dropFirst().firstIndex(of: "\"") else {
                    throw fail("unclosed quote in list '\(value.trimmingSpaces)'")
                }
                text = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...].trimmingSpaces
                quoted = true
                guard rest.isEmpty || rest.first == "," else { throw fail("expected ',' after a quoted item in '\(value.trimmingSpaces)'") }
            } else {
                let comma = rest.firstIndex(of: ",") ?? rest.endIndex
                text = rest[..<comma].trimmingSpaces
                rest = rest[comma...]
            }
            guard !text.isEmpty else { throw fail("empty item in list '\(value.trimmingSpaces)'") }
            items.append((String(text), quoted))
            if rest.isEmpty { return items }
            rest = rest.dropFirst().trimmingSpaces
        }
    }

    private static func validateClasses(_ dictionary: SpinDictionary, path: String) throws(DictionaryError) {
        for entry in dictionary.entries {
            for case .wordClass(let name) in entry.after + entry.notAfter + entry.before + entry.notBefore {
                if BuiltinClass(rawValue: name) == nil, dictionary.classes[name] == nil {
                    throw DictionaryError(path: path, line: entry.line, reason: "unknown class '@\(name)' (define it with '@class \(name) = …')")
                }
            }
        }
    }
}

private extension DictionaryExample {
    /// Stamps the current line number, which only the caller's `fail` knows.
    func withLine(_ fail: (String) -> DictionaryError) -> DictionaryExample {
        var copy = self
        copy.line = fail("").line
        return copy
    }
}

extension ArraySlice where Element == UInt8 {
    var trimmingSpaces: ArraySlice<UInt8> {
        var s = self
        while let c = s.first, c == 0x20 || c == 0x09 { s = s.dropFirst() }
        while let c = s.last, c == 0x20 || c == 0x09 { s = s.dropLast() }
        return s
    }

    var string: String { String(decoding: self, as: UTF8.self) }

    /// The range of the first "=>". (A plain loop: the generic `firstRange(of:)`
    /// dominated dictionary loading.)
    var arrow: Range<Int>? {
        var i = startIndex
        while i + 1 < endIndex {
            if self[i] == UInt8(ascii: "="), self[i + 1] == UInt8(ascii: ">") { return i..<(i + 2) }
            i += 1
        }
        return nil
    }
    var substring: Substring { Substring(string) }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}

/// Byte offset of the first invalid UTF-8 sequence in `bytes`, or nil if it is valid.
public func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    while i < bytes.count {
        if bytes[i] < 0x80 { i += 1; continue }
        guard let (_, n) = UTF8Scalar.decode(bytes, at: i) else { return i }
        i += n
    }
    return nil
}
