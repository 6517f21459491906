/// Builds a SARIF 2.1.0 log (the format code-scanning tools and editors read):
/// one run, a rule per dictionary or pass, a result per finding with its
/// region and a fix that replaces the found bytes.
public struct SARIFReport {
    private var rules: [String] = []
    private var ruleDescriptions: [String: String] = [:]
    private var results: [String] = []
    private let version: String

    public init(toolVersion: String) {
        version = toolVersion
    }

    /// Describes the rules findings can come from (dictionary names and descriptions).
    public mutating func describe(rule id: String, _ description: String) {
        ruleDescriptions[id] = description
    }

    public mutating func add(_ finding: Finding, path: String, at location: Location) {
        if !rules.contains(finding.rule) { rules.append(finding.rule) }
        let uri = SARIFReport.uri(path)
        var region = JSONObject()
        region.add("startLine", location.line)
        region.add("startColumn", location.column)
        region.add("endLine", location.endLine)
        region.add("endColumn", location.endColumn)
        region.add("byteOffset", location.start)
        region.add("byteLength", location.end - location.start)

        var artifact = JSONObject()
        artifact.add("uri", uri)
        var physical = JSONObject()
        physical.addRaw("artifactLocation", artifact.rendered)
        physical.addRaw("region", region.rendered)

        var result = JSONObject()
        result.add("ruleId", finding.rule)
        result.add("ruleIndex", rules.firstIndex(of: finding.rule)!)
        result.add("level", finding.confidence >= 0.8 ? "warning" : "note")
        let proposal = finding.replacement.map { "; original wording: '\($0)'" } ?? ""
        result.addRaw("message", SARIFReport.text("'\(finding.found)' looks spun\(proposal). \(finding.explanation)."))
        result.addRaw("locations", "[{\"physicalLocation\":\(physical.rendered)}]")
        if let replacement = finding.replacement, finding.isEdit {
            var deleted = JSONObject()
            deleted.add("byteOffset", location.start)
            deleted.add("byteLength", location.end - location.start)
            // The proposed wording first, then each alternative: one fix each.
            let fixes = ([replacement] + finding.alternatives).map { wording -> String in
                var change = JSONObject()
                change.addRaw("artifactLocation", artifact.rendered)
                change.addRaw("replacements", "[{\"deletedRegion\":\(deleted.rendered),\"insertedContent\":\(SARIFReport.text(wording))}]")
                var fix = JSONObject()
                fix.addRaw("description", SARIFReport.text("Replace '\(finding.found)' with '\(wording)'"))
                fix.addRaw("artifactChanges", "[\(change.rendered)]")
                return fix.rendered
            }
            result.addRaw("fixes", "[\(fixes.joined(separator: ","))]")
        }
        var properties = JSONObject()
        properties.add("confidence", finding.confidence)
        properties.add("source", finding.source)
        result.addRaw("properties", properties.rendered)
        results.append(result.rendered)
    }

    /// The whole log as JSON.
    public var rendered: String {
        let ruleObjects = rules.map { id -> String in
            var rule = JSONObject()
            rule.add("id", id)
            rule.addRaw("shortDescription", SARIFReport.text(ruleDescriptions[id] ?? "Spinner substitutions listed in \(id)"))
            return rule.rendered
        }
        var driver = JSONObject()
        driver.add("name", "unspin")
        driver.add("version", version)
        driver.add("semanticVersion", version)
        driver.addRaw("rules", "[" + ruleObjects.joined(separator: ",") + "]")
        var run = JSONObject()
        run.addRaw("tool", "{\"driver\":\(driver.rendered)}")
        run.add("columnKind", "unicodeCodePoints")
        run.addRaw("results", "[\n" + results.joined(separator: ",\n") + "\n]")
        var log = JSONObject()
        log.add("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        log.add("version", "2.1.0")
        log.addRaw("runs", "[\(run.rendered)]")
        return log.rendered
    }

    static func text(_ s: String) -> String {
        var o = JSONObject()
        o.add("text", s)
        return o.rendered
    }

    /// A relative URI reference for a path: RFC 3986 unreserved characters and
    /// "/" as they are, everything else percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
