#if canImport(Glibc)
import Glibc
#endif

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
        // The dictionary keeps its text: entries are ranges into it (see EntryStore).
        let text = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = text.initialize(from: bytes)
        do {
            return try parse(UnsafeBufferPointer(text), path: path, ownsText: true)
        } catch {
            text.deallocate()
            throw error
        }
    }

    /// Parses a dictionary held in `bytes`. The result refers to `bytes`: with
    /// `ownsText` it deallocates them when done, otherwise they must be static
    /// (the built-in dictionaries are parsed where they are embedded).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, ownsText: Bool) throws(DictionaryError) -> SpinDictionary {
        if let bad = firstInvalidUTF8Offset(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw DictionaryError(path: path, line: line, reason: "not valid UTF-8 (byte offset \(bad))")
        }
        var dictionary = SpinDictionary(name: "", path: path)
        var records: [EntryStore.Record] = []
        records.reserveCapacity(bytes.count / 48)
        var details: [EntryStore.Details] = []
        var fileConfidence = defaultConfidence
        var lineNumber = 0
        func fail(_ reason: String) -> DictionaryError {
            DictionaryError(path: path, line: lineNumber, reason: reason)
        }

        let count = bytes.count
        var start = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while start <= count {
            // One line, without its LF or CRLF ("\r\n" is one Character in Swift, so this stays on bytes).
            let newline = bytes.firstIndex(of: 0x0A, from: start)
            var end = newline
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            let lineStart = start
            start = newline + 1
            lineNumber += 1
            if newline == count && end == lineStart { break }
            let trimmed = bytes.trimmingSpaces(lineStart..<end)
            guard !trimmed.isEmpty, bytes[trimmed.lowerBound] != UInt8(ascii: "#") else { continue }
            let first = bytes[trimmed.lowerBound]

            if bytes[lineStart] == 0x20 || bytes[lineStart] == 0x09 {
                guard !records.isEmpty else { throw fail("example line before any entry") }
                let example = try parseExample(CharacterUnits(UnsafeBufferPointer(rebasing: bytes[trimmed])), fail)
                if records[records.count - 1].details < 0 {
                    records[records.count - 1].details = Int32(details.count)
                    details.append(EntryStore.Details())
                }
                details[Int(records[records.count - 1].details)].examples.append(example)
            } else if first == UInt8(ascii: "@") {
                try parseDirective(bytes.substring(trimmed), into: &dictionary, confidence: &fileConfidence, fail)
            } else {
                try parseEntry(bytes, trimmed, confidence: fileConfidence, line: lineNumber, into: &records, &details, fail)
            }
        }

        lineNumber = 1
        if dictionary.name.isEmpty { throw fail("missing '@name NAME' directive") }
        try validateClasses(records, details, dictionary.classes, path: path)
        dictionary.store = EntryStore(text: bytes, ownsText: ownsText, records: records, details: details)
        return dictionary
    }

    private static func parseExample(_ text: CharacterUnits, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> DictionaryExample {
        let marker = text.count > 0 ? text[0] : 0
        let body = text.trimmingSpaces(min(1, text.count)..<text.count)
        guard (marker == UInt8(ascii: "+") || marker == UInt8(ascii: "-")), text.count > 1, text[1] == 0x20, !body.isEmpty else {
            throw fail("an indented line must be an example: '+ INPUT => OUTPUT' or '- INPUT'")
        }
        if marker == UInt8(ascii: "-") {
            return DictionaryExample(input: text.string(body), expected: text.string(body), line: 0).withLine(fail)
        }
        guard let arrow = text.firstIndex(of: " => ", in: body) else {
            throw fail("a '+' example needs 'INPUT => OUTPUT'")
        }
        let input = text.string(text.trimmingSpaces(body.lowerBound..<arrow))
        let output = text.string(text.trimmingSpaces(arrow + 4..<body.upperBound))
        if input == output { throw fail("a '+' example must change its input; use '- INPUT' for text that stays") }
        return DictionaryExample(input: input, expected: output, line: 0).withLine(fail)
    }

    private static func parseDirective(
        _ text: Substring, into dictionary: inout SpinDictionary, confidence: inout Double,
        _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) {
        // Directives may end with a ' #' comment; entries may not (a '#' can be part of a phrase).
        var text = text
        let units = CharacterUnits(text)
        if let hash = units.firstIndex(of: " #", in: 0..<units.count) { text = Substring(units.string(0..<hash)) }
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
        case "@kind":
            guard let kind = SpinDictionary.Kind(rawValue: value) else {
                throw fail("@kind needs one of: \(SpinDictionary.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            dictionary.kind = kind
        case "@confidence":
            confidence = try parseConfidence(Substring(value), fail)
        case "@class":
            guard let equals = value.firstIndex(of: "=") else { throw fail("@class needs 'NAME = word, phrase, …'") }
            let name = value[..<equals].trimmingSpaces
            guard !name.isEmpty, !name.contains(" ") else { throw fail("@class needs a one-word name") }
            if BuiltinClass(rawValue: String(name)) != nil { throw fail("@class \(name) would hide the built-in class") }
            guard dictionary.classes[String(name)] == nil else { throw fail("@class \(name) defined twice") }
            let members = try parseList(CharacterUnits(value[value.index(after: equals)...]), allowClasses: false, fail)
            dictionary.classes[String(name)] = members.map { if case .phrase(let p) = $0 { p } else { "" } }
        default:
            throw fail("unknown directive '\(keyword)' (expected @name, @description, @source, @licence, @kind, @confidence or @class)")
        }
    }

    /// Parses `SPUN => ORIGINAL | options` and appends the entry to `records`
    /// (and its options, if any, to `details`).
    private static func parseEntry(
        _ bytes: UnsafeBufferPointer<UInt8>, _ text: Range<Int>, confidence: Double, line: Int,
        into records: inout [EntryStore.Record], _ details: inout [EntryStore.Details],
        _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) {
        guard let arrow = bytes.arrow(in: text) else {
            throw fail("expected 'SPUN => ORIGINAL' (or a directive starting with '@')")
        }
        let spun = bytes.trimmingSpaces(text.lowerBound..<arrow)
        let rest = arrow + 2..<text.upperBound
        let bar = bytes.firstIndex(of: UInt8(ascii: "|"), in: rest) ?? rest.upperBound
        let replacement = bytes.trimmingSpaces(rest.lowerBound..<bar)
        guard !spun.isEmpty else { throw fail("empty spun phrase before '=>'") }
        guard bytes.hasLetterOrDigit(spun) else { throw fail("spun phrase '\(bytes.string(spun))' has no letters or digits") }
        guard !replacement.isEmpty else { throw fail("empty replacement after '=>' (use '?' to only detect)") }
        guard bytes.arrow(in: replacement) == nil else { throw fail("more than one '=>' on the line") }

        let isDetectOnly = replacement.count == 1 && bytes[replacement.lowerBound] == UInt8(ascii: "?")
        var record = EntryStore.Record(
            spunStart: Int32(spun.lowerBound), spunEnd: Int32(spun.upperBound),
            replacementStart: isDetectOnly ? -1 : Int32(replacement.lowerBound),
            replacementEnd: isDetectOnly ? -1 : Int32(replacement.upperBound),
            line: Int32(line), details: -1, confidence: confidence)
        if bar < rest.upperBound {
            var options = EntryStore.Details()
            try parseOptions(bytes, bar + 1..<rest.upperBound, confidence: &record.confidence, into: &options, fail)
            if options.hasContext || !options.alternatives.isEmpty || options.note != nil {
                record.details = Int32(details.count)
                details.append(options)
            }
        }
        records.append(record)
    }

    /// The options after the first '|' of an entry: '|'-separated `key: value`.
    private static func parseOptions(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, confidence: inout Double,
        into entry: inout EntryStore.Details, _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) {
        var seen: [String] = []  // a handful: an array is cheaper than a Set
        var partStart = range.lowerBound
        while true {
            let partEnd = bytes.firstIndex(of: UInt8(ascii: "|"), in: partStart..<range.upperBound) ?? range.upperBound
            defer { partStart = partEnd + 1 }
            let option = CharacterUnits(UnsafeBufferPointer(rebasing: bytes[bytes.trimmingSpaces(partStart..<partEnd)]))
            guard let colon = option.firstIndex(of: UInt8(ascii: ":"), in: 0..<option.count) else {
                throw fail("option '\(option.string(0..<option.count))' needs 'key: value'")
            }
            let key = option.string(option.trimmingSpaces(0..<colon))
            let value = option.trimmingSpaces(colon + 1..<option.count)
            guard !seen.contains(key) else { throw fail("option '\(key)' given twice") }
            seen.append(key)
            guard !value.isEmpty else { throw fail("option '\(key)' has no value") }
            switch key {
            case "confidence": confidence = try parseConfidence(option.string(value), fail)
            case "after": entry.after = try parseList(option, value, allowClasses: true, fail)
            case "not-after": entry.notAfter = try parseList(option, value, allowClasses: true, fail)
            case "before": entry.before = try parseList(option, value, allowClasses: true, fail)
            case "not-before": entry.notBefore = try parseList(option, value, allowClasses: true, fail)
            case "also":
                entry.alternatives = option.split(value, separator: UInt8(ascii: ","))
                    .map { option.string(option.trimmingSpaces($0)) }.filter { !$0.isEmpty }
            case "note": entry.note = option.string(value)
            case "case":
                guard option.string(value) == "exact" else {
                    throw fail("option 'case' takes 'exact' (the text must be written in the case of the spun phrase)")
                }
                entry.matchCase = true
            default:
                throw fail("unknown option '\(key)' (expected confidence, after, not-after, before, not-before, case, also or note)")
            }
            if partEnd == range.upperBound { break }
        }
        if entry.after.contains(.wordClass("end")) || entry.notAfter.contains(.wordClass("end")) {
            throw fail("@end can only be used in before/not-before")
        }
        if entry.before.contains(.wordClass("start")) || entry.notBefore.contains(.wordClass("start")) {
            throw fail("@start can only be used in after/not-after")
        }
    }

    /// `value`, already without surrounding spaces, as a confidence.
    private static func parseConfidence(_ value: String, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> Double {
        guard let number = Double(value), number >= 0, number <= 1 else {
            throw fail("confidence must be a number from 0 to 1, not '\(value)'")
        }
        return number
    }

    private static func parseConfidence(_ value: Substring, _ fail: (String) -> DictionaryError) throws(DictionaryError) -> Double {
        guard let number = Double(value.trimmingSpaces), number >= 0, number <= 1 else {
            throw fail("confidence must be a number from 0 to 1, not '\(value)'")
        }
        return number
    }

    private static func parseList(
        _ text: CharacterUnits, _ range: Range<Int>? = nil, allowClasses: Bool, _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) -> [ContextTerm] {
        var terms: [ContextTerm] = []
        for item in try splitList(text, range ?? 0..<text.count, fail) {
            if item.quoted {
                terms.append(.phrase(text.string(item.text)))
            } else if text[item.text.lowerBound] == UInt8(ascii: "@") {
                guard allowClasses else { throw fail("a class cannot contain another class ('\(text.string(item.text))')") }
                terms.append(.wordClass(text.string(item.text.lowerBound + 1..<item.text.upperBound)))
            } else {
                terms.append(.phrase(text.string(item.text)))
            }
        }
        return terms
    }

    /// Splits a comma-separated list; an item in double quotes may contain
    /// commas or start with '@' (`before: ","`). Returns the items' non-empty ranges.
    private static func splitList(
        _ text: CharacterUnits, _ value: Range<Int>, _ fail: (String) -> DictionaryError
    ) throws(DictionaryError) -> [(text: Range<Int>, quoted: Bool)] {
        var items: [(text: Range<Int>, quoted: Bool)] = []
        var rest = text.trimmingSpaces(value)
        func list() -> String { text.string(text.trimmingSpaces(value)) }
        while true {
            var item: Range<Int>
            var quoted = false
            if !rest.isEmpty, text[rest.lowerBound] == UInt8(ascii: "\"") {
                guard let close = text.firstIndex(of: UInt8(ascii: "\""), in: rest.lowerBound + 1..<rest.upperBound) else {
                    throw fail("unclosed quote in list '\(list())'")
                }
                item = rest.lowerBound + 1..<close
                rest = text.trimmingSpaces(close + 1..<rest.upperBound)
                quoted = true
                guard rest.isEmpty || text[rest.lowerBound] == UInt8(ascii: ",") else {
                    throw fail("expected ',' after a quoted item in '\(list())'")
                }
            } else {
                let comma = text.firstIndex(of: UInt8(ascii: ","), in: rest) ?? rest.upperBound
                item = text.trimmingSpaces(rest.lowerBound..<comma)
                rest = comma..<rest.upperBound
            }
            guard !item.isEmpty else { throw fail("empty item in list '\(list())'") }
            items.append((item, quoted))
            if rest.isEmpty { return items }
            rest = text.trimmingSpaces(rest.lowerBound + 1..<rest.upperBound)
        }
    }

    private static func validateClasses(
        _ records: [EntryStore.Record], _ details: [EntryStore.Details], _ classes: [String: [String]], path: String
    ) throws(DictionaryError) {
        for record in records where record.details >= 0 {
            let entry = details[Int(record.details)]
            guard entry.hasContext else { continue }
            for case .wordClass(let name) in entry.after + entry.notAfter + entry.before + entry.notBefore {
                if BuiltinClass(rawValue: name) == nil, classes[name] == nil {
                    throw DictionaryError(path: path, line: Int(record.line), reason: "unknown class '@\(name)' (define it with '@class \(name) = …')")
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

extension UnsafeBufferPointer where Element == UInt8 {
    /// `range` without leading and trailing spaces and tabs.
    func trimmingSpaces(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, self[lower] == 0x20 || self[lower] == 0x09 { lower += 1 }
        while upper > lower, self[upper - 1] == 0x20 || self[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    func substring(_ range: Range<Int>) -> Substring { Substring(string(range)) }

    /// The index of the first "=>" in `range`.
    func arrow(in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while let hit = firstIndex(of: UInt8(ascii: "="), in: i..<range.upperBound) {
            if hit + 1 < range.upperBound, self[hit + 1] == UInt8(ascii: ">") { return hit }
            i = hit + 1
        }
        return nil
    }

    /// Whether the text of `range` has a Character that is a letter or a number.
    /// An ASCII letter or digit after an ASCII byte (or first) starts its own
    /// Character, so it answers without Character breaking; anything else asks a String.
    func hasLetterOrDigit(_ range: Range<Int>) -> Bool {
        for i in range where Tokenizer.isASCIIAlnum(self[i]) && (i == range.lowerBound || self[i - 1] < 0x80) {
            return true
        }
        return string(range).contains { $0.isLetter || $0.isNumber }
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
    guard let base = bytes.baseAddress else { return nil }
    var i = 0
    while i < bytes.count {
        // Eight ASCII bytes at a time: nearly all text.
        while i + 8 <= bytes.count, ByteWord.isASCII(ByteWord.load(base, at: i)) { i += 8 }
        guard i < bytes.count else { break }
        if bytes[i] < 0x80 { i += 1; continue }
        guard let (_, n) = UTF8Scalar.decode(bytes, at: i) else { return i }
        i += n
    }
    return nil
}

/// Text addressed by Character, as `Substring` sees it, but at byte speed: unit
/// i stands for the i-th Character — its byte when the Character is a single
/// ASCII byte, 0xFF otherwise. So a delimiter (':', ',', '"', a space) is found
/// with Character semantics (a ':' followed by a combining mark is no ':'), and
/// all-ASCII text (nearly every line) needs no Character breaking at all.
struct CharacterUnits {
    /// The text; valid while the parser's input is (or while `owned` lives).
    private let utf8: UnsafeBufferPointer<UInt8>
    private let owned: Copy?
    /// nil when the text is ASCII: then the units are its bytes.
    private let units: [UInt8]?
    /// The byte offset of each unit, then the end (with `units`).
    private let offsets: [Int]

    /// The Characters of `utf8`, which must outlive this value.
    init(_ utf8: UnsafeBufferPointer<UInt8>) {
        self.init(utf8, owned: nil)
    }

    /// The Characters of a Substring (a copy of its text is kept).
    init(_ text: Substring) {
        let copy = Copy(text.utf8)
        self.init(UnsafeBufferPointer(copy.bytes), owned: copy)
    }

    /// Bytes that live as long as this object.
    private final class Copy {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        init(_ source: some Collection<UInt8>) {
            bytes = .allocate(capacity: source.count)
            _ = bytes.initialize(from: source)
        }
        deinit { bytes.deallocate() }
    }

    private init(_ utf8: UnsafeBufferPointer<UInt8>, owned: Copy?) {
        self.utf8 = utf8
        self.owned = owned
        if firstNonASCII(utf8) == nil {
            units = nil
            offsets = []
            return
        }
        var units: [UInt8] = []
        var offsets: [Int] = []
        var offset = 0
        for character in String(decoding: utf8, as: UTF8.self) {
            let length = character.utf8.count
            units.append(length == 1 ? character.utf8.first! : 0xFF)
            offsets.append(offset)
            offset += length
        }
        offsets.append(offset)
        self.units = units
        self.offsets = offsets
    }

    var count: Int { units?.count ?? utf8.count }

    subscript(i: Int) -> UInt8 { units?[i] ?? utf8[i] }

    /// The text of the Characters in `range`.
    func string(_ range: Range<Int>) -> String {
        let lower = units == nil ? range.lowerBound : offsets[range.lowerBound]
        let upper = units == nil ? range.upperBound : offsets[range.upperBound]
        return String(decoding: UnsafeBufferPointer(rebasing: utf8[lower..<upper]), as: UTF8.self)
    }

    func firstIndex(of unit: UInt8, in range: Range<Int>) -> Int? {
        range.first { self[$0] == unit }
    }

    /// The first occurrence of the ASCII `needle` in `range`.
    func firstIndex(of needle: StaticString, in range: Range<Int>) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard range.count >= n else { return nil }
        let p = needle.utf8Start
        return (range.lowerBound...(range.upperBound - n)).first { i in (0..<n).allSatisfy { self[i + $0] == p[$0] } }
    }

    /// `range` without leading and trailing spaces and tabs.
    func trimmingSpaces(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, self[lower] == 0x20 || self[lower] == 0x09 { lower += 1 }
        while upper > lower, self[upper - 1] == 0x20 || self[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// The non-empty pieces of `range` between `separator`s.
    func split(_ range: Range<Int>, separator: UInt8) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for i in range where self[i] == separator {
            if i > start { pieces.append(start..<i) }
            start = i + 1
        }
        if range.upperBound > start { pieces.append(start..<range.upperBound) }
        return pieces
    }
}

/// The offset of the first byte of `bytes` that is not ASCII, if any.
func firstNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var i = 0
    while i + 8 <= bytes.count, ByteWord.isASCII(ByteWord.load(base, at: i)) { i += 8 }
    while i < bytes.count { if bytes[i] >= 0x80 { return i }; i += 1 }
    return nil
}
