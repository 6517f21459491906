/// Formats findings for `check`: one line of text per finding, or JSON.
public enum FindingReport {
    public enum Format: String, CaseIterable, Sendable {
        case text, json, jsonl
    }

    /// `path:line:column: found -> replacement (rule, confidence)`, with
    /// `[or: a, b]` after the replacement when the rule has alternatives.
    public static func textLine(path: String, finding: Finding, at location: Location) -> String {
        let (line, column) = (location.line, location.column)
        let replacement = finding.replacement ?? "?"
        return "\(path):\(line):\(column): \(oneLine(finding.found)) -> \(oneLine(replacement))\(alternativesNote(finding)) (\(finding.rule), \(format(finding.confidence)))"
    }

    /// One JSON object for a finding (no trailing newline).
    public static func jsonObject(path: String, finding: Finding, at location: Location) -> String {
        var o = JSONObject()
        o.add("path", path)
        o.add("line", location.line)
        o.add("column", location.column)
        o.add("start", location.start)
        o.add("end", location.end)
        addProposal(finding, to: &o)
        o.add("rule", finding.rule)
        o.add("source", finding.source)
        o.add("confidence", finding.confidence)
        o.add("explanation", finding.explanation)
        return o.rendered
    }

    /// `found`, `replacement` and, when there are any, `alternatives`: the
    /// fields every JSON form of a finding shares.
    public static func addProposal(_ finding: Finding, to o: inout JSONObject) {
        o.add("found", finding.found)
        o.add("replacement", finding.replacement)
        if !finding.alternatives.isEmpty { o.add("alternatives", finding.alternatives) }
    }

    /// " [or: a, b]" after a replacement when the finding has alternatives
    /// (text report and HTML tooltips); "" otherwise.
    public static func alternativesNote(_ finding: Finding) -> String {
        finding.alternatives.isEmpty ? "" : " [or: \(finding.alternatives.map(oneLine).joined(separator: ", "))]"
    }

    /// The per-file summary object: path, words, findings, spin_score.
    public static func summaryObject(path: String, tally: SpinTally) -> String {
        var o = JSONObject()
        o.add("path", path)
        o.add("words", tally.words)
        o.add("findings", tally.findings)
        o.add("spin_score", tally.spinScore)
        return o.rendered
    }

    /// `s` with line breaks shown as spaces, so a finding that spans a line
    /// break still prints on one report line. Works on scalars: "\r\n" is a
    /// single Character and would escape a Character-level test.
    public static func oneLine(_ s: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in s.unicodeScalars {
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = scalar == "\r"
            scalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
        }
        return String(scalars)
    }

    public static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var s = "\(rounded)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}

/// A JSON object written field by field in order; enough JSON for reports
/// without pulling Foundation's encoder into the start-up path. The fields go
/// straight into one buffer of UTF-8 bytes (a string per field, joined at the
/// end, was most of a SARIF report's cost: about 100,000 instructions a finding).
public struct JSONObject {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    public init() {}

    /// Starts the field `key`: a comma after the one before, the key, a colon.
    private mutating func key(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        JSONObject.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func add(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONObject.appendQuoted(value, to: &bytes) } else { bytes += "null".utf8 }
    }
    public mutating func add(_ key: String, _ value: Int) {
        self.key(key)
        bytes += String(value).utf8
    }
    public mutating func add(_ key: String, _ value: Double) {
        self.key(key)
        bytes += (value.isFinite ? "\(value)" : "null").utf8
    }
    public mutating func add(_ key: String, _ values: [String]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (k, value) in values.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONObject.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
    /// A value that is already JSON.
    public mutating func addRaw(_ key: String, _ json: String) {
        self.key(key)
        bytes += json.utf8
    }

    public var rendered: String {
        var bytes = bytes
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `s` as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal. Works on the UTF-8 bytes: every
    /// character to escape is ASCII, and the bytes of a multi-byte sequence
    /// are all ≥ 0x80, so the rest is copied as it is (appending to a String
    /// scalar by scalar made quoting ~5% of `check`'s instructions on spun text).
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            out.reserveCapacity(out.count + utf8.count + 2)
            out.append(0x22)
            for b in utf8 {
                switch b {
                case 0x22, 0x5C: out.append(0x5C); out.append(b)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                case ..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
                default: out.append(b)
                }
            }
            out.append(0x22)
        }
    }
}
