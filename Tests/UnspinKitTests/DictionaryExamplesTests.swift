import Testing
@testable import UnspinKit

/// Every example written in a built-in dictionary (`+ INPUT => OUTPUT`, `- INPUT`),
/// run with an engine that has only that dictionary and default options.
struct BuiltinExample: Sendable, CustomTestStringConvertible {
    let dictionary: Int
    let path: String
    let line: Int
    let input: String
    let expected: String
    var testDescription: String { "\(path):\(line): \(input)" }

    static let all: [BuiltinExample] = builtinDictionaries.enumerated().flatMap { d, dictionary in
        dictionary.entries.flatMap { entry in
            entry.examples.map {
                BuiltinExample(dictionary: d, path: dictionary.path, line: $0.line, input: $0.input, expected: $0.expected)
            }
        }
    }
}

/// A built-in entry without context conditions that is the first entry of its
/// dictionary with its spun phrase (so it is the one that must win).
struct BuiltinEntry: Sendable, CustomTestStringConvertible {
    let dictionary: Int
    let spun: String
    let source: String
    var testDescription: String { "\(source): \(spun)" }

    static let all: [BuiltinEntry] = builtinDictionaries.enumerated().flatMap { d, dictionary in
        var seen = Set<[String]>()
        var result: [BuiltinEntry] = []
        for entry in dictionary.entries {
            let key = matchingKey(entry.spun)
            guard seen.insert(key).inserted else { continue }
            guard entry.after.isEmpty, entry.notAfter.isEmpty, entry.before.isEmpty, entry.notBefore.isEmpty else { continue }
            result.append(BuiltinEntry(dictionary: d, spun: entry.spun, source: "\(dictionary.path):\(entry.line)"))
        }
        return result
    }

    /// The phrase as the phrase table sees it: the matching key of each token.
    static func matchingKey(_ phrase: String) -> [String] {
        var text = phrase
        var keyer = WordKeyer()
        return text.withUTF8 { bytes in
            Tokenizer.tokenize(bytes, vocabulary: Vocabulary(), keyer: &keyer).map { token in
                keyer.withKey(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])) {
                    String(decoding: $0, as: UTF8.self)
                }
            }
        }
    }
}

@Suite struct BuiltinDictionaryTests {
    @Test func allBuiltinsLoadWithoutError() throws {
        #expect(!BuiltinDictionaries.files.isEmpty)
        let dictionaries = try BuiltinDictionaries.load()
        #expect(dictionaries.count == BuiltinDictionaries.files.count)
        #expect(Set(dictionaries.map(\.name)).count == dictionaries.count, "built-in dictionary names must be unique")
        for file in BuiltinDictionaries.files {
            #expect(file.name.hasSuffix(".dict"))
        }
    }

    @Test func builtinNamesMatchTheirFiles() throws {
        for dictionary in try BuiltinDictionaries.load() {
            #expect(dictionary.path == "dictionaries/\(dictionary.name).dict")
        }
    }

    @Test func builtinEntriesAreUsable() throws {
        for dictionary in try BuiltinDictionaries.load() {
            #expect(!dictionary.entries.isEmpty, "\(dictionary.path) has no entries")
            for entry in dictionary.entries {
                #expect((0...1).contains(entry.confidence), "\(dictionary.path):\(entry.line)")
                #expect(!BuiltinEntry.matchingKey(entry.spun).isEmpty, "\(dictionary.path):\(entry.line)")
            }
        }
    }

    /// An entry after one with the same spun phrase and no condition (context
    /// words or letter case) is never chosen: the first entry whose context
    /// holds wins, and that one always holds.
    @Test func noBuiltinEntryIsShadowed() throws {
        for dictionary in try BuiltinDictionaries.load() {
            var unconditional: [[String]: Int] = [:]
            for entry in dictionary.entries {
                let key = BuiltinEntry.matchingKey(entry.spun)
                if let first = unconditional[key] {
                    Issue.record("\(dictionary.path):\(entry.line): never chosen: \(dictionary.path):\(first) has the same phrase and no condition")
                    continue
                }
                if entry.after.isEmpty, entry.notAfter.isEmpty, entry.before.isEmpty, entry.notBefore.isEmpty, !entry.matchCase {
                    unconditional[key] = entry.line
                }
            }
        }
    }

    @Test(arguments: BuiltinExample.all)
    func example(_ example: BuiltinExample) {
        let output = builtinEngines[example.dictionary].fix(example.input)
        #expect(utf8(output) == utf8(example.expected), "\(example.path):\(example.line)")
    }

    @Test(arguments: BuiltinEntry.all)
    func entryFindsItsOwnPhrase(_ entry: BuiltinEntry) {
        let prefix = "Qqxv "
        let text = prefix + entry.spun + " vqqz."
        let phrase = prefix.utf8.count..<(prefix.utf8.count + entry.spun.utf8.count)
        let findings = builtinEngines[entry.dictionary].analyze(text).all
        let covering = findings.filter { $0.range.lowerBound <= phrase.lowerBound && $0.range.upperBound >= phrase.upperBound }
        #expect(covering.map(\.source) == [entry.source], "findings: \(findings.map { "\($0.found) [\($0.source ?? "-")]" })")
    }
}
