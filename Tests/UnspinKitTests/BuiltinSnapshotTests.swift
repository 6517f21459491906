import Foundation
import Testing
@testable import UnspinKit

/// The compiled snapshot of the built-in dictionaries (BuiltinSnapshot) must be
/// what the dictionaries and the code make now, and must load into the same
/// dictionaries and the same engine as parsing and compiling them.
@Suite struct BuiltinSnapshotTests {
    /// Fails when Sources/CUnspinData/builtins.snapshot is stale. With
    /// UNSPIN_WRITE_SNAPSHOT=PATH (scripts/build_snapshot.sh), writes it instead.
    @Test func snapshotIsCurrent() throws {
        let fresh = try BuiltinSnapshot.make()
        if let path = ProcessInfo.processInfo.environment["UNSPIN_WRITE_SNAPSHOT"] {
            try Data(fresh).write(to: URL(fileURLWithPath: path))
            return
        }
        #expect(Array(BuiltinSnapshot.embeddedBytes) == fresh,
                "Sources/CUnspinData/builtins.snapshot is stale: run scripts/build_snapshot.sh")
        #expect(BuiltinSnapshot.embedded != nil, "the embedded snapshot does not load")
    }

    @Test func snapshotGivesTheParsedDictionaries() throws {
        let loaded = try #require(BuiltinSnapshot.embedded)
        let parsed = try BuiltinDictionaries.parse()
        #expect(loaded.dictionaries.map(Self.describe) == parsed.map(Self.describe))
        #expect(try BuiltinDictionaries.load().map(\.store) .elementsEqual(loaded.dictionaries.map(\.store), by: ===))
    }

    /// The same findings, from the snapshot's table and from compiling the parsed
    /// dictionaries, on every spun phrase and example of the built-ins.
    @Test func snapshotEngineFindsWhatTheCompiledOneFinds() throws {
        let loaded = try #require(BuiltinSnapshot.embedded)
        let fromSnapshot = Unspinner(dictionaries: loaded.dictionaries)
        let compiled = Unspinner(dictionaries: try BuiltinDictionaries.parse())
        #expect(fromSnapshot.table.vocabulary.count == compiled.table.vocabulary.count)
        #expect(fromSnapshot.table.entries.count == compiled.table.entries.count)
        var text = ""
        for dictionary in loaded.dictionaries {
            for entry in dictionary.entries {
                text += "The \(entry.spun) was here. " + entry.examples.map(\.input).joined(separator: " ") + "\n\n"
            }
        }
        let a = fromSnapshot.analyze(text).all
        let b = compiled.analyze(text).all
        #expect(a.count > 5000)
        #expect(a == b)
    }

    @Test func aSnapshotOfOtherDictionariesIsNotUsed() throws {
        var bytes = try BuiltinSnapshot.make()
        #expect(bytes.withUnsafeBytes { BuiltinSnapshot.read($0) } != nil)
        bytes[24] ^= 1  // the hash of the dictionary files
        #expect(bytes.withUnsafeBytes { BuiltinSnapshot.read($0) } == nil)
        bytes[24] ^= 1
        bytes.removeLast(9)
        #expect(bytes.withUnsafeBytes { BuiltinSnapshot.read($0) } == nil)
    }

    @Test func changedBuiltinsAreCompiled() throws {
        var dictionaries = try BuiltinDictionaries.load()
        dictionaries[0].entries = Array(dictionaries[0].entries.prefix(3))
        let engine = Unspinner(dictionaries: dictionaries)
        #expect(engine.table.entries.count < BuiltinSnapshot.embedded?.table.entries.count ?? 0)
        #expect(Unspinner(dictionaries: Array(try BuiltinDictionaries.load().reversed())).table.entries.first?.dictionary == 0)
    }

    static func describe(_ d: SpinDictionary) -> String {
        var out = "\(d.name)|\(d.description ?? "-")|\(d.source ?? "-")|\(d.licence ?? "-")|\(d.path)\n"
        for name in d.classes.keys.sorted() { out += "@\(name)=\(d.classes[name]!)\n" }
        for e in d.entries {
            out += "\(e.line)|\(e.spun)|\(e.replacement ?? "?")|\(e.confidence)|\(e.alternatives)|\(e.note ?? "-")|"
                + "\(e.after)|\(e.notAfter)|\(e.before)|\(e.notBefore)|\(e.examples)\n"
        }
        return out
    }
}
