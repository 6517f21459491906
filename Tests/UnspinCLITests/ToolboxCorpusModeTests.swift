import Foundation
import Testing

/// Corpus mode: `fix --jsonl FIELD` and `check --jsonl FIELD` keep every line
/// in order, pass through what they do not change byte for byte, and decode
/// and encode the field exactly.
@Suite struct ToolboxCorpusModeTests {
    /// Raw lines (no terminators). The corpus is these joined by "\n", with a
    /// "\r" before one terminator and no newline after the last line.
    static let lines: [String] = [
        #"{"id":1,"text":"He is the level man here."}"#,                                   // 1
        #"not json at all"#,                                                                // 2 warning
        #"{"id":3,"title":"the level man"}"#,                                               // 3 warning: no field
        "",                                                                                 // 4 empty, silent
        #"{"text":"Line one\nthe level man said \"hi\" caf\u00e9 \ud83d\ude00 for the reason that x","n":[1,{"a":null}]}"#, // 5
        #"{"text":"clean text, caf\u00e9 \ud83d\ude00 and \"quotes\" nothing here"}"#,       // 6 clean
        #"{"text": 42}"#,                                                                   // 7 warning: not a string
        #"  {"text" : "the LEVEL MAN", "unspin": "old"}  "#,                               // 8 (ends with \r\n)
        #"{"te\u0078t":"a counterfeit consciousness"}"#,                                    // 9 escaped key
        #"{"text":"last level man"}"#,                                                      // 10 no newline
    ]
    static let crlfLine = 8
    static let passedThrough = [2, 3, 4, 7]
    static let warned = [2, 3, 7]

    static var corpus: [UInt8] {
        var bytes: [UInt8] = []
        for (i, line) in lines.enumerated() {
            bytes += utf8(line)
            if i + 1 == crlfLine { bytes += [0x0D] }
            if i + 1 < lines.count { bytes += [0x0A] }
        }
        return bytes
    }

    /// The input line `n` (1-based) as bytes, with its "\r" if any.
    static func inputLine(_ n: Int) -> [UInt8] { splitLines(corpus)[n - 1] }

    /// The decoded text field of input line `n`.
    static func field(_ n: Int) throws -> String {
        let object = try #require(jsonObject(inputLine(n)))
        return try #require(object["text"] as? String)
    }

    func checkShape(_ result: RunResult) throws -> [[UInt8]] {
        let out = splitLines(result.stdout)
        #expect(out.count == Self.lines.count, "line count preserved")
        #expect(result.stdout.last != 0x0A, "the last line had no newline and gets none")
        for n in Self.passedThrough {
            #expect(out[n - 1] == Self.inputLine(n), "line \(n) passes through byte for byte")
        }
        #expect(out[Self.crlfLine - 1].last == 0x0D, "the CR of a CRLF line is kept")
        // Every line that was JSON is still JSON.
        for n in 1...Self.lines.count where jsonObject(Self.inputLine(n)) != nil {
            #expect(jsonObject(out[n - 1]) != nil, "line \(n) is JSON: \(String(decoding: out[n - 1], as: UTF8.self))")
        }
        // Warnings name the lines they are about.
        let warnings = result.err.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == Self.warned.count, "stderr: \(result.err)")
        for n in Self.warned { #expect(result.err.contains("stdin:\(n):"), "line \(n) is named: \(result.err)") }
        #expect(!result.err.contains("stdin:4:"), "an empty line is no warning")
        return out
    }

    @Test func fixCorrectsTheFieldAndKeepsEverythingElse() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let result = try toolbox(["fix", "--jsonl", "text"] + engine, stdin: Self.corpus)
        #expect(result.status == 0, "stderr: \(result.err)")
        let out = try checkShape(result)

        let expected: [Int: (text: String, edits: Int)] = [
            1: ("He is the point man here.", 1),
            5: ("Line one\nthe point man said \"hi\" café 😀 since x", 2),
            6: ("clean text, café 😀 and \"quotes\" nothing here", 0),
            8: ("the POINT MAN", 1),
            9: ("an artificial intelligence", 1),
            10: ("last point man", 1),
        ]
        for (n, want) in expected {
            let object = try #require(jsonObject(out[n - 1]), "line \(n)")
            #expect(object["text"] as? String == want.text, "line \(n)")
            let summary = try #require(object["unspin"] as? [String: Any], "line \(n) has an unspin member")
            #expect(summary["edits"] as? Int == want.edits, "line \(n): \(summary)")
            #expect((summary["words"] as? Int).map { $0 > 0 } == true, "line \(n): \(summary)")
            let score = try #require(summary["spin_score"] as? Double, "line \(n): \(summary)")
            #expect(want.edits == 0 ? score == 0 : score > 0, "line \(n): \(summary)")
            #expect(String(decoding: out[n - 1], as: UTF8.self).components(separatedBy: "\"unspin\"").count == 2,
                    "line \(n) has exactly one unspin member")
        }
        // Other members are kept.
        let five = try #require(jsonObject(out[4]))
        #expect((five["n"] as? [Any])?.count == 2)
        #expect(jsonObject(out[0])?["id"] as? Int == 1)
        // An unchanged field keeps its exact bytes, escapes included.
        #expect(out[5].starts(with: Self.inputLine(6).dropLast()), "clean line 6 is only extended")

        // The corrected field with escapes is exactly what `unspin fix` gives for its text.
        let text = try Self.field(5)
        #expect(text.contains("é 😀") && text.contains("\"hi\"") && text.contains("\n"), "the fixture decodes as intended")
        let fixed = try toolbox(["fix"] + engine, stdin: utf8(text))
        #expect(jsonObject(out[4])?["text"] as? String == fixed.out)
    }

    @Test func checkAddsFindingsAndLeavesTheFieldAlone() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let result = try toolbox(["check", "--jsonl", "text"] + engine, stdin: Self.corpus)
        #expect(result.status == 1, "findings: exit 1; stderr: \(result.err)")
        let out = try checkShape(result)

        let expected: [Int: [String]] = [
            1: ["level man"], 5: ["level man", "for the reason that"], 6: [], 8: ["LEVEL MAN"],
            9: ["a counterfeit consciousness"], 10: ["level man"],
        ]
        for (n, want) in expected {
            let object = try #require(jsonObject(out[n - 1]), "line \(n)")
            let text = try Self.field(n)
            #expect(object["text"] as? String == text, "line \(n): check does not change the field")
            let summary = try #require(object["unspin"] as? [String: Any], "line \(n)")
            let findings = try #require(summary["findings"] as? [[String: Any]], "line \(n): \(summary)")
            #expect(findings.compactMap { $0["found"] as? String } == want, "line \(n)")
            let bytes = utf8(text)
            for finding in findings {
                let start = try #require(finding["start"] as? Int)
                let end = try #require(finding["end"] as? Int)
                try #require(0 <= start && start < end && end <= bytes.count)
                #expect(String(decoding: bytes[start..<end], as: UTF8.self) == finding["found"] as? String,
                        "start/end are UTF-8 offsets in the decoded field")
                #expect(finding["rule"] as? String == "toolbox")
                #expect(finding["confidence"] as? Double == 0.9)
                #expect(finding["replacement"] is String)
            }
            #expect(summary["words"] is Int)
            #expect(summary["spin_score"] is Double || summary["spin_score"] is Int)
            if n != Self.crlfLine {
                #expect(out[n - 1].starts(with: Self.inputLine(n).dropLast()), "line \(n) is only extended")
            }
        }
    }

    /// Several threads (`-j 3`) write the bytes one thread writes, over more
    /// lines than a batch holds, with malformed lines (their warnings in order)
    /// throughout; from standard input and from a file.
    @Test(arguments: [["fix"], ["check"]])
    func severalThreadsWriteWhatOneWrites(_ command: [String]) throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine(dir.url("toolbox.dict"))
        let corpus = Array(repeating: Self.corpus, count: 250).joined(separator: [0x0A]).map { $0 }
        let path = try dir.write("corpus.jsonl", corpus)
        for source in [[], [path]] {
            let one = try toolbox(command + ["--jsonl", "text", "-j1"] + source + engine, stdin: corpus)
            let three = try toolbox(command + ["--jsonl", "text", "-j", "3"] + source + engine, stdin: corpus)
            #expect(splitLines(one.stdout).count == 250 * Self.lines.count)
            #expect(one.status == three.status)
            // Compared as flags: a failure printing both outputs would bury the message.
            let sameOut = one.stdout == three.stdout, sameErr = one.stderr == three.stderr
            #expect(sameOut, "standard output")
            #expect(sameErr, "standard error")
        }
        // Both streams into one file: each warning still comes right before its line.
        let merged = try [["-j1"], ["-j", "3"]].enumerated().map { k, jobs in
            try Self.mergedOutput(command + ["--jsonl", "text"] + jobs + [path] + engine, into: dir.url("merged-\(k)"))
        }
        let sameMerged = merged[0] == merged[1]
        #expect(sameMerged, "standard output and error interleaved")
    }

    /// What `unspin arguments` writes with standard output and standard error into the one file `path`.
    static func mergedOutput(_ arguments: [String], into path: String) throws -> [UInt8] {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try UnspinBinary.require())
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A caller that writes a line and waits for its answer gets it: a batch
    /// of lines for several threads never waits for more input.
    @Test func answersEachLineBeforeTheNextIsWritten() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try UnspinBinary.require())
        process.arguments = ["fix", "--jsonl", "text", "-j", "2"] + Toolbox.engine(dir.url("toolbox.dict"))
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        for k in 1...3 {
            input.fileHandleForWriting.write(Data(utf8(#"{"text":"the level man \#(k)"}"#) + [0x0A]))
            let answer = try Self.line(from: output.fileHandleForReading.fileDescriptor, within: 20)
            #expect(String(decoding: answer, as: UTF8.self).contains("point man \(k)"))
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// The bytes before the next newline on `fd`; fails when none comes within `seconds`.
    static func line(from fd: Int32, within seconds: Int32) throws -> [UInt8] {
        var line: [UInt8] = []
        while true {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            try #require(poll(&request, 1, seconds * 1000) > 0, "no answer within \(seconds) s after \(line)")
            var byte: UInt8 = 0
            try #require(read(fd, &byte, 1) == 1)
            if byte == 0x0A { return line }
            line.append(byte)
        }
    }

    @Test func cleanCorpusFromAFileExitsZeroAndWarningsNameTheFile() throws {
        let dir = try TempDir.toolbox()
        defer { dir.remove() }
        let engine = Toolbox.engine("toolbox.dict")
        try dir.write("corpus.jsonl", "{\"text\":\"nothing here\"}\n[1,2]\n{\"text\":\"all clean\"}\n")
        let check = try toolbox(["check", "--jsonl", "text", "corpus.jsonl"] + engine, cwd: dir.path)
        #expect(check.status == 0, "stderr: \(check.err)")
        #expect(splitLines(check.stdout).count == 3)
        #expect(check.err.contains("corpus.jsonl:2:"), "stderr: \(check.err)")
        let fix = try toolbox(["fix", "--jsonl", "text", "corpus.jsonl", "-q"] + engine, cwd: dir.path)
        #expect(fix.status == 0)
        #expect(splitLines(fix.stdout)[1] == utf8("[1,2]"))
        #expect(fix.err.contains("corpus.jsonl:2:"), "warnings survive --quiet: \(fix.err)")
    }
}
