import Foundation
import Testing

@Suite struct CheckCommandTests {
    static let line1 = "Café — “naïve” 日本語\n"
    static let line2Before = "He left for the reason that it rained. The "
    static let text = line1 + line2Before + "level man arrived.\n"

    func setUp() throws -> (TempDir, String) {
        let dir = try TempDir()
        let dictionary = try dir.write("test.dict", testDictionaryText)
        try dir.write("doc.txt", Self.text)
        try dir.write("clean.txt", "nothing to see\n")
        return (dir, dictionary)
    }

    @Test func textFormat() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let result = try unspin(["check", "doc.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(result.status == 1, "stderr: \(result.err)")
        let column = "He left ".unicodeScalars.count + 1
        let column2 = Self.line2Before.unicodeScalars.count + 1
        #expect(result.out == """
            doc.txt:2:\(column): for the reason that -> since (clitest, 0.9)
            doc.txt:2:\(column2): level man -> point man (clitest, 0.9)

            """)
        let defaultFormat = try unspin(["check", "--format", "text", "doc.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(defaultFormat.stdout == result.stdout)
    }

    @Test func columnsCountUnicodeScalars() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let prefix = "Cafe\u{301} — “naïve” 日本語 "
        try dir.write("multi.txt", prefix + "level man\n")
        let result = try unspin(["check", "multi.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(result.out == "multi.txt:1:\(prefix.unicodeScalars.count + 1): level man -> point man (clitest, 0.9)\n")
    }

    @Test func jsonlFormat() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let result = try unspin(["check", "--format", "jsonl", "doc.txt", "clean.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(result.status == 1, "stderr: \(result.err)")
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "output ends with a newline")
        let objects = try lines.dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        try #require(objects.count == 4)
        let findingKeys: Set = ["path", "line", "column", "start", "end", "found", "replacement", "rule", "confidence", "explanation"]
        let bytes = utf8(Self.text)
        for finding in objects[0...1] {
            #expect(findingKeys.isSubset(of: Set(finding.keys)), "keys: \(finding.keys.sorted())")
            #expect(finding["path"] as? String == "doc.txt")
            #expect(finding["rule"] as? String == "clitest")
            #expect(finding["line"] as? Int == 2)
            #expect((finding["confidence"] as? Double) == 0.9)
            #expect((finding["explanation"] as? String)?.isEmpty == false)
            let start = try #require(finding["start"] as? Int)
            let end = try #require(finding["end"] as? Int)
            try #require(0 <= start && start < end && end <= bytes.count)
            #expect(String(decoding: bytes[start..<end], as: UTF8.self) == finding["found"] as? String)
        }
        #expect(objects[0]["found"] as? String == "for the reason that")
        #expect(objects[0]["replacement"] as? String == "since")
        #expect(objects[0]["start"] as? Int == Self.line1.utf8.count + "He left ".utf8.count)
        #expect(objects[0]["column"] as? Int == "He left ".unicodeScalars.count + 1)
        #expect(objects[1]["found"] as? String == "level man")
        #expect(objects[1]["replacement"] as? String == "point man")
        let summaryKeys: Set = ["path", "words", "findings", "spin_score"]
        #expect(Set(objects[2].keys) == summaryKeys)
        #expect(objects[2]["path"] as? String == "doc.txt")
        #expect(objects[2]["findings"] as? Int == 2)
        #expect((objects[2]["words"] as? Int).map { $0 > 10 } == true)
        #expect((objects[2]["spin_score"] as? Double).map { $0 > 0 } == true)
        #expect(Set(objects[3].keys) == summaryKeys)
        #expect(objects[3]["path"] as? String == "clean.txt")
        #expect(objects[3]["findings"] as? Int == 0)
        #expect(objects[3]["spin_score"] as? Double == 0)
    }

    @Test func jsonFormat() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let result = try unspin(["check", "--format", "json", "doc.txt", "clean.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any])
        #expect(document["findings"] as? Int == 2)
        #expect(document["threshold"] as? Double == 0.6)
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["doc.txt", "clean.txt"])
        let findings = try #require(files.first?["findings"] as? [[String: Any]])
        #expect(findings.map { $0["found"] as? String } == ["for the reason that", "level man"])
        #expect((files.last?["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func exitZeroWithoutFindings() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        for format in ["text", "jsonl", "json"] {
            let result = try unspin(["check", "--format", format, "clean.txt"] + engineArguments(dictionary), cwd: dir.path)
            #expect(result.status == 0, "\(format): \(result.err)")
        }
        let text = try unspin(["check", "clean.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(text.stdout.isEmpty)
    }

    @Test func thresholdFilters() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        try dir.write("weak.txt", "The minister stated the plan was ready.\n")
        let strict = try unspin(["check", "--threshold", "0.95", "doc.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(strict.status == 0)
        #expect(strict.stdout.isEmpty)
        let normal = try unspin(["check", "weak.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(normal.status == 0, "a 0.45 entry is below the default threshold")
        let lenient = try unspin(["check", "--threshold", "0.4", "weak.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(lenient.status == 1)
        #expect(lenient.out == "weak.txt:1:14: stated -> said (clitest, 0.45)\n")
        // "at or above the threshold"
        let exact = try unspin(["check", "--threshold", "0.9", "doc.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(exact.status == 1)
        #expect(exact.out.split(separator: "\n").count == 2)
    }

    @Test func findingAcrossALineBreak() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let input = utf8("He left for the\r\nreason that it rained.\n")
        let text = try unspin(["check"] + engineArguments(dictionary), stdin: input)
        #expect(text.out == "stdin:1:9: for the reason that -> since (clitest, 0.9)\n", "a finding is reported on one line")
        let jsonl = try unspin(["check", "--format", "jsonl"] + engineArguments(dictionary), stdin: input)
        let first = try #require(jsonl.out.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["found"] as? String == "for the\r\nreason that")
        #expect(object["start"] as? Int == 8)
        #expect(object["end"] as? Int == 8 + "for the\r\nreason that".utf8.count)
    }

    @Test func partialFailureStillReportsAndExitsTwo() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let result = try unspin(["check", "doc.txt", "missing.txt"] + engineArguments(dictionary), cwd: dir.path)
        #expect(result.status == 2)
        #expect(result.out.contains("doc.txt:2:"))
        #expect(result.err.contains("missing.txt"))
    }

    @Test func standardInputLabel() throws {
        let (dir, dictionary) = try setUp()
        defer { dir.remove() }
        let result = try unspin(["check"] + engineArguments(dictionary), stdin: utf8("x level man\n"))
        #expect(result.status == 1)
        #expect(result.out == "stdin:1:3: level man -> point man (clitest, 0.9)\n")
    }
}
