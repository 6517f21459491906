import UnspinKit

#if canImport(Glibc)
import Glibc
#endif

/// One input — a file or standard input — opened for streaming, and what kind
/// of text it holds.
final class TextInput {
    enum Form {
        /// UTF-8 (or ASCII): read in chunks; invalid bytes pass through untouched.
        case utf8
        /// Another encoding (a UTF-16/32 byte-order mark, or `--encoding`): read
        /// whole, corrected as UTF-8 and written back in its own encoding.
        case converted(TextEncoding)
        /// Never edited.
        case binary
    }

    let path: String
    /// "stdin" for standard input, else the path.
    let label: String
    let form: Form
    var reader: ChunkReader
    /// Threads that analyse the chunks of UTF-8 text (`ChunkAnalyzer.forEachPiece`):
    /// the jobs of an input processed in turn; 1 for one processed beside others.
    var threads = 1
    private let fd: Int32

    /// Opens `path` ("-" for standard input) and classifies it from its first
    /// 8 KiB. `encoding` forces a conversion from that ICU charset.
    init(_ path: String, encoding: String?) throws(FileError) {
        let label = path == "-" ? "stdin" : path
        var fd: Int32 = 0
        if path != "-" {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileError.errno(path, "cannot open") }
            // Regular files, pipes and devices are read; a directory is not text.
            guard FileSystem.kind(path) != .directory else {
                close(fd)
                throw FileError(path: path, reason: "is a directory")
            }
        }
        var reader = ChunkReader(fd: fd, path: label, chunkSize: TextInput.chunkSize)
        let head: ArraySlice<UInt8>
        do {
            head = try reader.peek(TextClassifier.sniffLength)
        } catch {
            if fd > 0 { close(fd) }
            throw error
        }
        self.path = path
        self.label = label
        self.fd = fd
        self.reader = reader
        if let encoding {
            form = .converted(TextEncoding.fromByteOrderMark(head).map { $0.name == encoding ? $0 : TextEncoding(name: encoding) }
                ?? TextEncoding(name: encoding))
        } else if let bom = TextEncoding.fromByteOrderMark(head) {
            form = .converted(bom)
        } else if TextClassifier.looksBinary(head) {
            form = .binary
        } else {
            form = .utf8
        }
    }

    deinit { if fd > 0 { close(fd) } }

    /// Bytes per chunk: 1 MiB, or UNSPIN_CHUNK_BYTES (at least 16) so that tests
    /// can exercise chunk boundaries with small inputs.
    static let chunkSize: Int = {
        if let value = getenv("UNSPIN_CHUNK_BYTES"), let bytes = Int(String(cString: value)), bytes >= 16 { return bytes }
        return 1 << 20
    }()

    /// Analyses the input piece by piece and calls `body` with each piece.
    /// Throws when a converted input is not valid in its encoding. `invalid`
    /// is called once with the offset of the first invalid UTF-8 byte.
    func analyze(
        with unspinner: Unspinner, invalid: (Int) -> Void = { _ in },
        _ body: (Piece) throws -> Void
    ) throws {
        switch form {
        case .binary:
            return
        case .converted(let encoding):
            let bytes = try reader.readRest()
            guard let utf8 = encoding.decode(bytes) else {
                throw FileError(path: label, reason: "not valid \(encoding.name) text")
            }
            let chunk = ChunkReader.Chunk(bytes: utf8)
            try body(Piece(chunk: chunk, analysis: unspinner.analyze(utf8), originalOffset: encoding.originalOffsets(of: utf8)))
        case .utf8:
            var warned = false
            // ChunkAnalyzer carries state, and the words before a fallback cut, from chunk to chunk.
            try ChunkAnalyzer.forEachPiece(of: &reader, unspinner: unspinner, threads: threads, willAdd: { chunk in
                if !warned, let bad = chunk.bytes.withUnsafeBufferPointer({ firstInvalidUTF8Offset($0) }) {
                    warned = true
                    invalid(chunk.offset + bad)
                }
            }) { piece in
                try body(Piece(chunk: piece.chunk, analysis: piece.analysis, originalOffset: nil))
            }
        }
    }

    /// Copies the rest of the input unchanged to standard output.
    func passThrough() throws(FileError) {
        while let chunk = try reader.next() { Output.write(chunk.bytes) }
    }
}

/// One analysed piece of an input: a chunk of UTF-8 text and its findings.
struct Piece {
    var chunk: ChunkReader.Chunk
    var analysis: Analysis
    /// Maps UTF-8 offsets of converted text back to the input's own bytes.
    var originalOffset: ((Int) -> Int)?

    var corrected: [UInt8] { analysis.edits.applied(to: chunk.bytes) }
    var locator: Locator { Locator(chunk: chunk, originalOffset: originalOffset) }
}

/// What `forEachTextInput`'s body makes of one input, merged in input order.
protocol FileResult: Sendable {
    init()
}

/// Runs `body` on each readable text input named by `paths`: the shared loop of
/// `check` and `diff`. Binary inputs are skipped; files found in a directory
/// walk are skipped when they hold invalid UTF-8 (checked before any output),
/// while standard input and files named explicitly are processed with a
/// warning. Returns whether any error happened.
///
/// With `jobs` above 1, up to that many inputs are processed at once
/// (forEachInOrder): `body` may run on any thread, and fills in its result,
/// which `merge` receives on this thread in input order — also when `body`
/// throws part-way, as its effects until then would have stayed. An input
/// processed on this thread (a large one, standard input, or every input when
/// they go one after another) has its chunks analysed on `jobs` threads.
func forEachTextInput<Result: FileResult>(
    _ paths: [String], context: RunContext, encoding: String?, jobs: Int,
    _ body: @escaping @Sendable (TextInput, Unspinner, inout Result) throws -> Void,
    merge: (Result) -> Void
) throws -> Bool {
    var failures = 0
    var skipped = 0
    let files = context.inputFiles(paths, skipped: &skipped, failed: &failures)
    var failed = failures > 0
    // RunContext is not thread-safe: the engines are made here first. If one
    // cannot be, inputs go one after another, and the error comes where it always did.
    if jobs > 1, files.count > 1, let engines = context.unspinnersAhead(for: files) {
        // A large input waits for its turn and then has all the threads for its chunks.
        let large = files.map { isLargeInput($0.path) }
        forEachInOrder(count: files.count, jobs: jobs, inTurn: { large[$0] }, work: { i in
            var result = Result()
            var fileFailed = false
            do {
                if let input = try openTextInput(files[i], encoding: encoding, threads: large[i] ? jobs : 1) {
                    try body(input, engines[i], &result)
                }
            } catch {
                Output.error("\(error)")
                fileFailed = true
            }
            return (result, fileFailed)
        }, finish: { _, outcome in
            merge(outcome.0)
            if outcome.1 { failed = true }
        })
        return failed
    }
    for file in files {
        var result = Result()
        do {
            guard let input = try openTextInput(file, encoding: encoding, threads: jobs) else { continue }
            defer { merge(result) }
            try body(input, try context.unspinner(for: file.path == "-" ? nil : file.path), &result)
        } catch let error as FileError {
            Output.error("\(error)")
            failed = true
        }
    }
    return failed
}

/// Opens `file` for `forEachTextInput`, or says why it is skipped and returns nil.
private func openTextInput(_ file: InputFile, encoding: String?, threads: Int) throws(FileError) -> TextInput? {
    let input = try TextInput(file.path, encoding: encoding)
    input.threads = threads
    switch input.form {
    case .binary:
        Output.info("skipping \(input.label): \(TextClassifier.skipReason(.binary)!)")
        return nil
    case .utf8 where !file.explicit:
        if let bad = try FileSystem.firstInvalidUTF8Offset(file.path) {
            Output.info("skipping \(input.label): \(TextClassifier.skipReason(.invalidUTF8(offset: bad))!)")
            return nil
        }
    default:
        break
    }
    return input
}

/// The warning for invalid UTF-8 in an input that is corrected anyway.
func warnInvalidUTF8(_ label: String) -> (Int) -> Void {
    { offset in Output.warning("\(label): not valid UTF-8 at byte \(offset); invalid bytes are passed through") }
}
