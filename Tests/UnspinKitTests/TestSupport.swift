import Testing
@testable import UnspinKit

/// Parses dictionary text written for a test; a parse error is recorded as a test failure.
func parsedDictionary(_ text: String, path: String = "test.dict", sourceLocation: SourceLocation = #_sourceLocation) -> SpinDictionary {
    do {
        return try DictionaryParser.parse(text, path: path)
    } catch {
        Issue.record("test dictionary does not parse: \(error)", sourceLocation: sourceLocation)
        return SpinDictionary(name: "broken", path: path)
    }
}

/// An engine with only `dictionary` (full dictionary text, including `@name`).
func engine(_ dictionary: String, threshold: Double = Unspinner.Options.defaultThreshold,
            includeQuoted: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) -> Unspinner {
    Unspinner(dictionaries: [parsedDictionary(dictionary, sourceLocation: sourceLocation)],
              options: .init(threshold: threshold, includeQuoted: includeQuoted))
}

extension Unspinner {
    /// `fix` on raw bytes: the input with every edit applied.
    func fixBytes(_ bytes: [UInt8]) -> [UInt8] {
        analyze(bytes).edits.applied(to: bytes)
    }
}

/// The UTF-8 bytes of a string. Comparing byte arrays (not Strings, which compare by
/// canonical equivalence) makes NFC/NFD and other byte-level differences visible.
func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Parsed built-in dictionaries, loaded once (empty if loading fails; BuiltinDictionaryLoadTests reports that).
let builtinDictionaries: [SpinDictionary] = (try? BuiltinDictionaries.load()) ?? []

/// One engine per built-in dictionary, with only that dictionary and default options.
let builtinEngines: [Unspinner] = builtinDictionaries.map { Unspinner(dictionaries: [$0]) }

/// A seeded generator (Knuth's MMIX linear congruential constants), so that
/// randomised tests draw the same cases on every run.
struct LCG {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// Deterministic generator (SplitMix64), so every run checks the same generated inputs.
struct TestGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
