// libFuzzer target for the unspin engine (issue 4). Built by scripts/fuzz.sh
// together with the UnspinKit sources into one module, so it needs no package
// changes; see Fuzz/README.md.
//
// For every input it checks, with two engines (a small dictionary with phrases,
// contexts, classes, case patterns and a/an articles, plus the built-in
// dictionaries; default options and includeQuoted at a low threshold):
//  - no crash, no sanitizer report;
//  - findings sorted by position, inside the input, the reported ones not
//    overlapping; `found` is exactly the bytes at its range;
//  - edits never cover invalid UTF-8; valid input gives valid output;
//  - the fixed text equals the input with exactly the reported edits applied,
//    rebuilt independently by copying the segments between edits;
//  - fixing the output again does not crash, and (with UNSPIN_FUZZ_IDEMPOTENT=1)
//    changes nothing.
// It also parses the input as a dictionary (errors are fine, crashes are not),
// runs an engine built from it on the input, and checks ChunkReader.cutPoint.

#if canImport(Glibc)
import Glibc
#endif

let fuzzDictionary = """
    @name fuzz
    @confidence 0.9
    @class nationality = afghan, iraqi, us-backed
    @class unit = week, month, year
    for the reason that => since
    level man => point man
    counterfeit consciousness => artificial intelligence
    authorities => government | after: @nationality | confidence: 0.85
    final => last | before: @unit | not-after: the, its, his, her
    twelve months => year | after: @number
    unmistakable => unique
    honest => frank
    hour => time
    uniform => outfit
    apple => orange
    stated => said | confidence: 0.45
    area unit => ?
    big data => Big Data
    pca => PCA
    colour => color | after: @start
    finish => end | before: @end
    naïve bayes => Naive Bayes
    straße => street
    don't => do not
    e-mail => email
    returned to energy => returned to power | not-before: "("
    White Home => White House | case: exact
    gross sales => sales | case: exact
    """

struct Engines {
    let all: [Unspinner]
}

let engines: Engines = {
    var dictionaries: [SpinDictionary] = []
    do {
        dictionaries.append(try DictionaryParser.parse(fuzzDictionary, path: "fuzz.dict"))
        dictionaries += try BuiltinDictionaries.load()
    } catch {
        fatalError("fuzz dictionaries do not load: \(error)")
    }
    return Engines(all: [
        Unspinner(dictionaries: dictionaries),
        Unspinner(dictionaries: dictionaries, options: .init(threshold: 0.3, includeQuoted: true)),
        // The context and collocation rules too (the latter named, so in every
        // document): their findings must obey the same invariants.
        Unspinner(dictionaries: dictionaries, model: ContextModel.builtin,
                  options: .init(threshold: 0.3, enabledPasses: [CollocationRestoration.id])),
        // The default engine: the collocation rule only where the tortured-phrase
        // list finds two phrases, its model ids then hashed by the scorer.
        Unspinner(dictionaries: dictionaries, model: ContextModel.builtin),
    ])
}()

/// The fuzz dictionary without its weak entry, for chunked analysis: the
/// document-spin gate (which judges each analysed window on its own) then
/// changes nothing, and where every cut is a fallback cut the chunked findings
/// must be the whole input's. The spintax rule is off for the same reason: a
/// protected `{word}` is a weak finding the gate may lift in one window and
/// not in another.
let chunkEngine: Unspinner = {
    let strong = fuzzDictionary.split(separator: "\n").filter { !$0.hasPrefix("stated") }.joined(separator: "\n")
    do {
        return Unspinner(dictionaries: [try DictionaryParser.parse(strong, path: "fuzz-strong.dict")],
                         options: .init(excludedPasses: [SpintaxResidue.id]))
    } catch {
        fatalError("strong fuzz dictionary does not load: \(error)")
    }
}()

let checkIdempotency: Bool = getenv("UNSPIN_FUZZ_IDEMPOTENT").map { String(cString: $0) == "1" } ?? false

func fail(_ message: String, _ input: [UInt8]) -> Never {
    let shown = String(decoding: input.prefix(2000), as: UTF8.self).debugDescription
    fputs("unspin-fuzz invariant violated: \(message)\ninput (\(input.count) bytes): \(shown)\n", stderr)
    abort()
}

func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    String(validating: bytes, as: UTF8.self) != nil
}

/// Checks every invariant of one analysis of `input`; returns the fixed text.
/// `label` is built only when an invariant fails (it names the engine and pass).
func verify(_ engine: Unspinner, _ input: [UInt8], label makeLabel: @autoclosure () -> String) -> [UInt8] {
    verify(engine.analyze(input), of: input, label: makeLabel())
}

/// Checks every invariant of `analysis`, the analysis of `input`; returns the fixed text.
func verify(_ analysis: Analysis, of input: [UInt8], label makeLabel: @autoclosure () -> String) -> [UInt8] {
    var label: String { makeLabel() }
    var previousStart = 0
    for finding in analysis.all {
        let r = finding.range
        if r.lowerBound < 0 || r.upperBound > input.count { fail("\(label): finding \(r) outside 0..<\(input.count)", input) }
        if r.lowerBound < previousStart { fail("\(label): findings not sorted at \(r)", input) }
        previousStart = r.lowerBound
        if r.isEmpty { fail("\(label): empty finding at \(r)", input) }
    }
    var previousEnd = 0
    for finding in analysis.findings {
        let r = finding.range
        if r.lowerBound < previousEnd { fail("\(label): reported findings overlap at \(r)", input) }
        previousEnd = r.upperBound
        let slice = input[r]
        if isValidUTF8(slice) {
            if !slice.elementsEqual(finding.found.utf8) { fail("\(label): found \(finding.found.debugDescription) is not the text at \(r)", input) }
        } else if finding.isEdit {
            fail("\(label): an edit covers invalid UTF-8 at \(r)", input)
        }
        if finding.confidence < analysis.threshold || !(0...1).contains(finding.confidence) {
            fail("\(label): confidence \(finding.confidence) at \(r)", input)
        }
    }
    let edits = analysis.edits
    let output = edits.applied(to: input)
    // Independent reconstruction: the segments between edits, copied.
    var rebuilt: [UInt8] = []
    rebuilt.reserveCapacity(input.count + 64)
    var cursor = 0
    for edit in edits {
        guard let replacement = edit.replacement, replacement != edit.found else { fail("\(label): a non-edit among edits", input) }
        rebuilt.append(contentsOf: input[cursor..<edit.range.lowerBound])
        rebuilt.append(contentsOf: Array(replacement.utf8))
        cursor = edit.range.upperBound
    }
    rebuilt.append(contentsOf: input[cursor...])
    if rebuilt != output { fail("\(label): output is not the input with exactly the reported edits", input) }
    if edits.isEmpty && output != input { fail("\(label): output differs without edits", input) }
    if isValidUTF8(input) && !isValidUTF8(output) { fail("\(label): valid input gave invalid output", input) }
    return output
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    for (index, engine) in engines.all.enumerated() {
        let output = verify(engine, input, label: "engine \(index)")
        // Without edits the output is the input, and the analysis is a pure function of the bytes:
        // a second pass would repeat the first one exactly.
        if output == input { continue }
        // Fixing the output again must not crash; with UNSPIN_FUZZ_IDEMPOTENT=1 it must change nothing.
        let again = verify(engine, output, label: "engine \(index), second pass")
        if checkIdempotency && again != output {
            fail("engine \(index): not idempotent; first output \(String(decoding: output, as: UTF8.self).debugDescription), second \(String(decoding: again, as: UTF8.self).debugDescription)", input)
        }
    }

    // Chunk cuts: within bounds, at or after the requested size, never inside a character of valid text.
    if input.count > 16 {
        let size = 16 + Int(input[0]) % (input.count - 16)
        let cut = ChunkReader.cutPoint(input, after: size)
        if cut < size || cut > input.count { fail("cutPoint \(cut) for size \(size) of \(input.count)", input) }
        if cut < input.count, isValidUTF8(input), input[cut] & 0xC0 == 0x80 { fail("cutPoint \(cut) inside a character", input) }
    }

    // Corpus mode's JSON: member values inside the line, in order, and each string value decodes
    // to the text the unescaped bytes of a plain literal are.
    if let members = JSONLine.members(input) {
        var previousEnd = 0
        for member in members {
            let r = member.value
            if r.lowerBound < previousEnd || r.upperBound > input.count || r.isEmpty { fail("JSON member value \(r)", input) }
            previousEnd = r.upperBound
            let literal = Array(input[r])
            if literal.first == 0x22, let text = JSONLine.decodeString(literal), !literal.contains(0x5C),
               text != String(decoding: literal.dropFirst().dropLast(), as: UTF8.self) {
                fail("JSON string \(r) decoded as \(text.debugDescription)", input)
            }
        }
    }

    // Chunked analysis, for half of the inputs, in chunks of a quarter of the input or more.
    if input.count > 16, input[1] & 1 == 0 { verifyChunked(input, chunkSize: input.count / 4 + Int(input[2]) % 48) }

    // The input as a dictionary: errors are fine; a dictionary that loads must give a working engine.
    if let dictionary = try? DictionaryParser.parse(input, path: "input.dict") {
        let engine = Unspinner(dictionaries: [dictionary])
        _ = verify(engine, input, label: "input dictionary")
        for example in dictionary.entries.flatMap(\.examples).prefix(4) {
            _ = verify(engine, Array(example.input.utf8), label: "input dictionary example")
        }
    }
    return 0
}

/// `ChunkReader` and `ChunkAnalyzer` over `input`: the pieces are the input's
/// bytes in order, at the right line and column, each a valid analysis (see
/// `verify`); when every cut but the end is a fallback cut and no inline
/// directive is in play, their findings and words are the whole input's.
func verifyChunked(_ input: [UInt8], chunkSize: Int) {
    var reader = ChunkReader(bytes: input, chunkSize: chunkSize)
    var analyzer = ChunkAnalyzer(unspinner: chunkEngine, chunkSize: chunkSize)
    var pieces: [ChunkAnalyzer.Piece] = []
    var cleanCuts = 0
    do {
        while let chunk = try reader.next() {
            if chunk.endsCleanly { cleanCuts += 1 }
            if let piece = analyzer.add(chunk) { pieces.append(piece) }
        }
    } catch {
        fail("chunk size \(chunkSize): reading from memory failed: \(error)", input)
    }
    if let piece = analyzer.finish() { pieces.append(piece) }
    let lines = LineIndex(input)
    var offset = 0
    var findings: [Finding] = []
    var words = 0
    for piece in pieces {
        let bytes = piece.chunk.bytes
        guard piece.chunk.offset == offset, offset + bytes.count <= input.count, input[offset..<(offset + bytes.count)].elementsEqual(bytes) else {
            fail("chunk size \(chunkSize): the piece at \(piece.chunk.offset) (\(bytes.count) bytes) is not the input's bytes from \(offset)", input)
        }
        let (line, column) = lines.position(of: offset)
        if piece.chunk.firstLine != line - 1 || piece.chunk.firstColumn != column - 1 {
            fail("chunk size \(chunkSize): the piece at \(offset) starts at \(piece.chunk.firstLine + 1):\(piece.chunk.firstColumn + 1), not \(line):\(column)", input)
        }
        _ = verify(piece.analysis, of: bytes, label: "chunk size \(chunkSize), piece at \(offset)")
        for finding in piece.analysis.all {
            var moved = finding
            moved.range = (finding.range.lowerBound + offset)..<(finding.range.upperBound + offset)
            findings.append(moved)
        }
        words += piece.analysis.words
        offset += bytes.count
    }
    if offset != input.count { fail("chunk size \(chunkSize): the pieces end at \(offset) of \(input.count)", input) }
    // Clean cuts (blank lines, sentence ends) start afresh, and directives work on whole lines.
    let marker = Array("unspin:".utf8)
    let directive = input.count >= marker.count && (0...(input.count - marker.count)).contains {
        input[$0..<($0 + marker.count)].elementsEqual(marker)
    }
    guard cleanCuts == 1, !directive else { return }
    let whole = chunkEngine.analyze(input)
    let same = whole.all.count == findings.count && zip(whole.all, findings).allSatisfy {
        $0.range == $1.range && $0.replacement == $1.replacement && $0.confidence == $1.confidence
    }
    if !same || whole.words != words {
        func show(_ list: [Finding]) -> String { list.map { "\($0.range) \($0.found.debugDescription)→\($0.replacement ?? "?")" }.joined(separator: ", ") }
        fail("chunk size \(chunkSize): chunked findings [\(show(findings))] (\(words) words) are not the whole input's [\(show(whole.all))] (\(whole.words) words)", input)
    }
}
