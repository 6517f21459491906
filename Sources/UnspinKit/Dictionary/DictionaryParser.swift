/// Reads the line-based dictionary format (dictionaries/FORMAT.md). Every
/// problem is reported with the file and line; nothing is half-loaded.
public enum DictionaryParser {
    static let defaultConfidence = 0.9

    public static func parse(_ bytes: [UInt8], path: String) throws(DictionaryError) -> SpinDictionary {
        if let bad = bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) {
            let line = bytes[..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw DictionaryError(path: path, line: line, reason: "not valid UTF-8 (byte offset \(bad))")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) throws(DictionaryError) -> SpinDictionary {
        var dictionary = SpinDictionary(name: "", path: path)
        var fileConfidence = defaultConfidence
        var lineNumber = 0
        func fail(_ reason: String) -> DictionaryError {
            DictionaryError(path: path, line: lineNumber, reason: reason)
        }

        // Split on LF bytes: in Swift "\r\n" is one Character, so splitting the
        // String on "\n" would leave CRLF files as a single line.
        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine[...]
            var line = Substring(String(decoding: bytes, as: UTF8.self))
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }

            if line.first == " " || line.first == "\t" {
                guard dictionary.entries.indices.last != nil else {
                    throw fail("example line before any entry")
                }
                dictionary.entries[dictionary.entries.count - 1].examples.append(try parseExample(trimmed, fail))
                continue
            }
            if trimmed.hasPrefix("@") {
                try parseDirective(trimmed, into: &dictionary, confidence: &fileConfidence, fail)
                continue
            }
            dictionary.entries.append(try parseEntry(trimmed, confidence: fileConfidence, line: lineNumber, fail))
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
        _ text: Substring, confidence: Double, line: Int, _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) -> DictionaryEntry {
        guard let arrow = text.firstRange(of: "=>") else {
            throw fail("expected 'SPUN => ORIGINAL' (or a directive starting with '@')")
        }
        let spun = text[..<arrow.lowerBound].trimmingSpaces
        let parts = text[arrow.upperBound...].split(separator: "|", omittingEmptySubsequences: false)
        let replacement = parts[0].trimmingSpaces
        guard !spun.isEmpty else { throw fail("empty spun phrase before '=>'") }
        guard spun.contains(where: { $0.isLetter || $0.isNumber }) else { throw fail("spun phrase '\(spun)' has no letters or digits") }
        guard !replacement.isEmpty else { throw fail("empty replacement after '=>' (use '?' to only detect)") }
        guard !replacement.contains("=>") else { throw fail("more than one '=>' on the line") }

        var entry = DictionaryEntry(
            spun: String(spun), replacement: replacement == "?" ? nil : String(replacement),
            confidence: confidence, line: line)
        var seen = Set<Substring>()
        for part in parts.dropFirst() {
            let option = part.trimmingSpaces
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
        for term in entry.after + entry.notAfter {
            if term == .wordClass("end") { throw fail("@end can only be used in before/not-before") }
        }
        for term in entry.before + entry.notBefore {
            if term == .wordClass("start") { throw fail("@start can only be used in after/not-after") }
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
