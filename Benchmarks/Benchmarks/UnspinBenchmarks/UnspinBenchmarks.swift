// In-process kernels of the unspin engine (issue 6), measured with ordo-one/benchmark.
// Whole-command timings (MB/s of `unspin check`, start-up, rewrite, peak RSS, and the
// typos/codespell/wc reference points) are in scripts/bench.sh; see docs/BENCHMARKS.md.
//
// The corpus kernels read the first ~1 MB (whole paragraphs) of .build-bench-data/prose.txt
// and the same paragraphs of spun.txt, built by scripts/make_bench_corpus.py. Set
// UNSPIN_BENCH_DATA to use another directory. Without the corpus those kernels are skipped.
//
// Every corpus kernel processes one ~1 MB input per iteration: MB/s = 1e6 / (wall-clock µs)
// (the slices are 1,000,0xx bytes). The key-folding kernels fold 100,000 words per iteration:
// ns per word = wall-clock µs / 100.
import Benchmark
import Foundation
import UnspinKit

// MARK: - Inputs

/// .build-bench-data at the repository root (this file is Benchmarks/Benchmarks/UnspinBenchmarks/…).
let dataDirectory: String = {
    if let dir = ProcessInfo.processInfo.environment["UNSPIN_BENCH_DATA"], !dir.isEmpty { return dir }
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.appendingPathComponent(".build-bench-data").path
}()

let sliceBytes = 1_000_000

func readPrefix(_ name: String, paragraphs: Int? = nil) -> (bytes: [UInt8], paragraphs: Int)? {
    guard let handle = FileHandle(forReadingAtPath: dataDirectory + "/" + name) else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 2 * sliceBytes + 200_000) else { return nil }
    let bytes = [UInt8](data)
    // Cut after whole paragraphs ("\n\n"): the first cut at or past 1 MB, or after
    // `paragraphs` paragraphs, so prose and spun slices hold the same paragraphs.
    var count = 0
    var i = 0
    while i + 1 < bytes.count {
        if bytes[i] == 0x0A && bytes[i + 1] == 0x0A {
            count += 1
            let done = paragraphs.map { count == $0 } ?? (i + 2 >= sliceBytes)
            if done { return (Array(bytes[0..<(i + 2)]), count) }
            i += 2
            continue
        }
        i += 1
    }
    return nil
}

struct Corpus: @unchecked Sendable {
    let prose: [UInt8]
    let spun: [UInt8]

    static let shared: Corpus? = {
        guard let prose = readPrefix("prose.txt"), let spun = readPrefix("spun.txt", paragraphs: prose.paragraphs) else {
            return nil
        }
        return Corpus(prose: prose.bytes, spun: spun.bytes)
    }()
}

/// The 1 MB prose slice with every "e" replaced by "é": every word with an e takes
/// the non-ASCII path (ICU word breaks in the tokenizer, ICU key folding).
let accentedProse: [UInt8] = {
    guard let prose = Corpus.shared?.prose else { return [] }
    var out: [UInt8] = []
    out.reserveCapacity(prose.count + prose.count / 8)
    for b in prose {
        if b == 0x65 { out.append(0xC3); out.append(0xA9) } else { out.append(b) }
    }
    return out
}()

let engine: Unspinner = {
    do {
        return Unspinner(dictionaries: try BuiltinDictionaries.load())
    } catch {
        fatalError("built-in dictionaries: \(error)")
    }
}()

/// Words whose key goes through ICU: every non-ASCII word of prose.txt (names such as
/// "Côte", "Erdoğan", "communiqué") and a fixed set covering decomposed accents, curly
/// apostrophes, dashes and non-Latin scripts.
let nonASCIIWords: [[UInt8]] = {
    var words: [[UInt8]] = [
        "café", "cafe\u{301}", "naïve", "Washington’s", "Washington\u{2019}s", "state‑run", "São", "Zürich",
        "ΑΘΗΝΑ", "Ελλάδα", "Москва", "Україна", "İstanbul", "STRASSE", "Straße", "ǅemal", "ﬁnance", "Ångström",
    ].map { Array($0.utf8) }
    if let data = FileManager.default.contents(atPath: dataDirectory + "/prose.txt") {
        let bytes = [UInt8](data)
        var keyer = WordKeyer()
        bytes.withUnsafeBufferPointer { buffer in
            for token in Tokenizer.tokenize(buffer, vocabulary: engine.table.vocabulary, keyer: &keyer)
            where token.kind == .word && buffer[token.start..<token.end].contains(where: { $0 >= 0x80 }) {
                words.append(Array(buffer[token.start..<token.end]))
            }
        }
    }
    return words
}()

/// Words of the 1 MB prose slice (the keyer's ASCII fast path, for comparison).
let proseWords: [[UInt8]] = {
    guard let prose = Corpus.shared?.prose else { return [] }
    var keyer = WordKeyer()
    return prose.withUnsafeBufferPointer { buffer in
        Tokenizer.tokenize(buffer, vocabulary: engine.table.vocabulary, keyer: &keyer)
            .filter { $0.kind == .word }
            .map { Array(buffer[$0.start..<$0.end]) }
    }
}()

let wordsPerIteration = 100_000

/// `wordsPerIteration` words, cycling through `words`.
func cycled(_ words: [[UInt8]]) -> [[UInt8]] {
    words.isEmpty ? [] : (0..<wordsPerIteration).map { words[$0 % words.count] }
}

let nonASCIIBatch = cycled(nonASCIIWords)
let proseBatch = cycled(proseWords)

// MARK: - Kernels

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident]
    Benchmark.defaultConfiguration = .init(
        metrics: metrics, timeUnits: .microseconds, warmupIterations: 2,
        maxDuration: .seconds(3), maxIterations: 200)

    // Inputs are lazy globals: touched in `setup`, outside the measurement.
    let needsCorpus: @Sendable () -> Void = {
        _ = Corpus.shared
        _ = engine
    }
    let haveCorpus = Corpus.shared != nil
    if !haveCorpus {
        FileHandle.standardError.write(Data("note: no corpus in \(dataDirectory): corpus kernels skipped; run scripts/make_bench_corpus.py\n".utf8))
    }
    let corpusConfig = Benchmark.Configuration(
        metrics: metrics, timeUnits: .microseconds, warmupIterations: 2,
        maxDuration: .seconds(3), maxIterations: 200, skip: !haveCorpus)

    Benchmark("dictionaries: parse (BuiltinDictionaries.load)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try BuiltinDictionaries.load())
        }
    }

    Benchmark("dictionaries: compile (Unspinner(dictionaries:))", closure: { benchmark in
        let dictionaries = try BuiltinDictionaries.load()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Unspinner(dictionaries: dictionaries))
        }
    })

    Benchmark("dictionaries: load + compile") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Unspinner(dictionaries: try BuiltinDictionaries.load()))
        }
    }

    Benchmark("tokenize 1 MB prose (Tokenizer + WordKeyer + Vocabulary)", configuration: corpusConfig) { benchmark in
        let vocabulary = engine.table.vocabulary
        var keyer = WordKeyer()
        for _ in benchmark.scaledIterations {
            Corpus.shared!.prose.withUnsafeBufferPointer {
                blackHole(Tokenizer.tokenize($0, vocabulary: vocabulary, keyer: &keyer))
            }
        }
    } setup: {
        needsCorpus()
    }

    Benchmark("tokenize 1 MB prose with é for e (ICU path)", configuration: corpusConfig) { benchmark in
        let vocabulary = engine.table.vocabulary
        var keyer = WordKeyer()
        for _ in benchmark.scaledIterations {
            accentedProse.withUnsafeBufferPointer {
                blackHole(Tokenizer.tokenize($0, vocabulary: vocabulary, keyer: &keyer))
            }
        }
    } setup: {
        needsCorpus()
        _ = accentedProse
    }

    Benchmark("analyze 1 MB prose", configuration: corpusConfig) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(engine.analyze(Corpus.shared!.prose))
        }
    } setup: {
        needsCorpus()
    }

    Benchmark("analyze 1 MB spun", configuration: corpusConfig) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(engine.analyze(Corpus.shared!.spun))
        }
    } setup: {
        needsCorpus()
    }

    Benchmark("fix 1 MB spun (analyze + apply edits)", configuration: corpusConfig) { benchmark in
        for _ in benchmark.scaledIterations {
            let spun = Corpus.shared!.spun
            blackHole(engine.analyze(spun).edits.applied(to: spun))
        }
    } setup: {
        needsCorpus()
    }

    Benchmark("key folding: 100k non-ASCII words (ICU)", configuration: corpusConfig) { benchmark in
        var keyer = WordKeyer()
        for _ in benchmark.scaledIterations {
            for word in nonASCIIBatch {
                word.withUnsafeBufferPointer { bytes in
                    keyer.withKey(bytes) { blackHole($0.count) }
                }
            }
        }
    } setup: {
        needsCorpus()
        _ = nonASCIIBatch
    }

    Benchmark("key folding: 100k words of prose (ASCII path)", configuration: corpusConfig) { benchmark in
        var keyer = WordKeyer()
        for _ in benchmark.scaledIterations {
            for word in proseBatch {
                word.withUnsafeBufferPointer { bytes in
                    keyer.withKey(bytes) { blackHole($0.count) }
                }
            }
        }
    } setup: {
        needsCorpus()
        _ = proseBatch
    }
}
