import CUnspinData

#if canImport(Glibc)
import Glibc
#endif

/// The built-in dictionaries, compiled: their parsed entries (EntryStore records)
/// and the PhraseTable of all of them, in one blob embedded in the binary beside
/// the dictionary files (Sources/CUnspinData/builtins.snapshot). Reading it is a
/// few copies, where parsing and compiling the eight thousand entries was most
/// of the start-up of a one-line run.
///
/// `scripts/build_snapshot.sh` remakes it from the dictionaries, with this code;
/// BuiltinSnapshotTests fail when it differs from what that would make. It is
/// used only if made from the dictionary files embedded beside it (their hash is
/// in its header): a dictionary edited without remaking it is parsed as text.
enum BuiltinSnapshot {
    struct Loaded: Sendable {
        let dictionaries: [SpinDictionary]
        let table: PhraseTable
    }

    /// Bumped whenever the layout changes (the staleness test says so anyway).
    static let formatVersion = 5
    private static let magic = Array("unspin snapshot\n".utf8)

    /// The snapshot's bytes as embedded in the binary.
    static var embeddedBytes: UnsafeRawBufferPointer {
        let blob = unspin_builtin_snapshot()
        return UnsafeRawBufferPointer(start: blob.bytes, count: Int(blob.length))
    }

    /// The embedded snapshot, read on first use; nil if it was not made from
    /// the embedded dictionaries (or cannot be read).
    static let embedded: Loaded? = read(embeddedBytes)

    /// The compiled table of `dictionaries` if they are all the built-in
    /// dictionaries as loaded from the snapshot, unchanged.
    static func table(for dictionaries: [SpinDictionary]) -> PhraseTable? {
        guard let first = dictionaries.first, first.store.isBuiltinSnapshot, let embedded,
              dictionaries.count == embedded.dictionaries.count else { return nil }
        for (given, loaded) in zip(dictionaries, embedded.dictionaries)
        where given.store !== loaded.store || given.classes != loaded.classes {
            return nil
        }
        return embedded.table
    }

    /// A hash of the format and of the embedded dictionary files (names and bytes).
    static func sourceHash() -> UInt64 {
        var hash = Hash64()
        hash.add(UInt64(formatVersion))
        for index in 0..<unspin_builtin_dictionary_count() {
            let file = unspin_builtin_dictionary_at(index)
            var name = String(cString: file.file_name)
            name.withUTF8 { hash.add($0) }
            hash.add(UnsafeBufferPointer(start: file.bytes, count: Int(file.length)))
        }
        return hash.value
    }

    // MARK: - Writing

    /// The snapshot of the built-in dictionaries, parsed and compiled from their text.
    static func make() throws(DictionaryError) -> [UInt8] {
        let dictionaries = try BuiltinDictionaries.parse()
        let table = PhraseTable(compiling: dictionaries)
        var out = SnapshotWriter()
        out.raw(magic)
        out.int(formatVersion)
        out.int(Int(Int64(bitPattern: sourceHash())))
        out.int(dictionaries.count)
        for dictionary in dictionaries { write(dictionary, &out) }
        write(table, &out)
        return out.bytes
    }

    private static func write(_ dictionary: SpinDictionary, _ out: inout SnapshotWriter) {
        out.string(dictionary.name)
        out.optionalString(dictionary.description)
        out.optionalString(dictionary.source)
        out.optionalString(dictionary.licence)
        out.string(dictionary.kind.rawValue)
        out.string(dictionary.path)
        let names = dictionary.classes.keys.sorted()
        out.int(names.count)
        for name in names {
            out.string(name)
            out.strings(dictionary.classes[name]!)
        }
        let store = dictionary.store
        precondition(store.values == nil, "built-in dictionaries are parsed into records")
        // Records as they lie in memory (EntryStore.Record), 8-byte aligned: read in place.
        out.int(store.records.count)
        out.align(8)
        for record in store.records {
            for field in [record.spunStart, record.spunEnd, record.replacementStart, record.replacementEnd, record.line, record.details] {
                out.int32(field)
            }
            out.double(record.confidence)
        }
        // Details, each after its offset: decoded when an entry asks (DetailTable).
        var section = SnapshotWriter()
        var offsets: [Int] = []
        for index in 0..<store.detailCount {
            offsets.append(section.bytes.count)
            write(store.details(index), &section)
        }
        out.int(offsets.count)
        for offset in offsets { out.int(offset) }
        out.byteArray(section.bytes)
    }

    private static func write(_ details: EntryStore.Details, _ out: inout SnapshotWriter) {
        out.strings(details.alternatives)
        out.optionalString(details.note)
        for terms in [details.after, details.notAfter, details.before, details.notBefore] {
            out.int(terms.count)
            for term in terms {
                switch term {
                case .phrase(let text): out.int(0); out.string(text)
                case .wordClass(let name): out.int(1); out.string(name)
                }
            }
        }
        out.int(details.matchCase ? 1 : 0)
        out.int(details.examples.count)
        for example in details.examples {
            out.string(example.input)
            out.string(example.expected)
            out.int(example.line)
        }
    }

    private static func write(_ table: PhraseTable, _ out: inout SnapshotWriter) {
        let vocabulary = table.vocabulary.tables
        out.byteArray(vocabulary.arena)
        out.int32s(vocabulary.spans.flatMap { [$0.start, $0.length] })
        out.uint64s(vocabulary.slots)
        var contexts: [PhraseTable.CompiledContext] = []
        var fields: [Int32] = []
        for entry in table.entries {
            var context: Int32 = -1
            if let compiled = entry.context {
                context = Int32(contexts.count)
                contexts.append(compiled)
            }
            fields += [Int32(entry.dictionary), entry.index, entry.spunLength, context]
        }
        out.int32s(fields)
        out.int(contexts.count)
        for context in contexts {
            for terms in [context.after, context.notAfter, context.before, context.notBefore] {
                out.int(terms.count)
                for term in terms {
                    switch term {
                    case .phrase(let ids): out.int(0); out.int32s(ids)
                    case .wordClass(let index): out.int(1); out.int(index)
                    case .builtin(let builtin): out.int(2); out.string(builtin.rawValue)
                    }
                }
            }
            out.int(context.capitals == nil ? 0 : 1)
            out.int32s((context.capitals ?? []).map { $0 ? 1 : 0 })
        }
        out.int(table.classes.count)
        for compiled in table.classes {
            out.int32s(compiled.words.sorted())
            out.int(compiled.phrases.count)
            for phrase in compiled.phrases { out.int32s(phrase) }
        }
        out.int32s(table.numberWords.sorted())
        out.int(table.longestPhrase)
        for array in [table.rootChildren, table.edgeStart, table.edgeTokens, table.edgeChildren, table.terminalStart, table.terminalList] {
            out.int32s(array)
        }
    }

    // MARK: - Reading

    /// The snapshot in `bytes`, if it was made from the embedded dictionaries.
    static func read(_ bytes: UnsafeRawBufferPointer) -> Loaded? {
        #if _endian(big)
        return nil  // written little-endian
        #else
        // Records are read in place, in EntryStore.Record's layout.
        typealias Record = EntryStore.Record
        guard MemoryLayout<Record>.stride == 32, MemoryLayout<Record>.offset(of: \Record.spunEnd) == 4,
              MemoryLayout<Record>.offset(of: \Record.details) == 20, MemoryLayout<Record>.offset(of: \Record.confidence) == 24
        else { return nil }
        var input = SnapshotReader(bytes: bytes)
        do throws(SnapshotReader.Invalid) {
            guard try input.raw(magic.count).elementsEqual(magic), try input.int() == formatVersion,
                  try input.int() == Int(Int64(bitPattern: sourceHash())) else { return nil }
            let fileCount = Int(unspin_builtin_dictionary_count())
            guard try input.int() == fileCount else { return nil }
            var dictionaries: [SpinDictionary] = []
            for index in 0..<fileCount {
                let file = unspin_builtin_dictionary_at(Int32(index))
                dictionaries.append(try readDictionary(&input, text: UnsafeBufferPointer(start: file.bytes, count: Int(file.length))))
            }
            let table = try readTable(&input, dictionaries)
            guard input.isAtEnd else { return nil }
            return Loaded(dictionaries: dictionaries, table: table)
        } catch {
            return nil
        }
        #endif
    }

    private static func readDictionary(_ input: inout SnapshotReader, text: UnsafeBufferPointer<UInt8>) throws(SnapshotReader.Invalid) -> SpinDictionary {
        var dictionary = SpinDictionary(name: try input.string(), path: "")
        dictionary.description = try input.optionalString()
        dictionary.source = try input.optionalString()
        dictionary.licence = try input.optionalString()
        guard let kind = SpinDictionary.Kind(rawValue: try input.string()) else { throw SnapshotReader.Invalid() }
        dictionary.kind = kind
        dictionary.path = try input.string()
        let n1 = try input.count()
        for _ in 0..<n1 {
            let name = try input.string()
            dictionary.classes[name] = try input.strings()
        }
        let recordCount = try input.count(of: MemoryLayout<EntryStore.Record>.stride)
        try input.align(8)
        let raw = try input.raw(recordCount * MemoryLayout<EntryStore.Record>.stride)
        guard Int(bitPattern: raw.baseAddress) % MemoryLayout<EntryStore.Record>.alignment == 0 else { throw SnapshotReader.Invalid() }
        let records = UnsafeBufferPointer(
            start: raw.baseAddress?.bindMemory(to: EntryStore.Record.self, capacity: recordCount), count: recordCount)
        let detailCount = try input.count(of: 8)
        var offsets: [Int] = []
        offsets.reserveCapacity(detailCount)
        for _ in 0..<detailCount { offsets.append(try input.int()) }
        let section = try input.raw(try input.count())
        guard offsets.allSatisfy({ $0 >= 0 && $0 < section.count }) else { throw SnapshotReader.Invalid() }
        for record in records {
            guard record.spunStart >= 0, record.spunStart <= record.spunEnd, Int(record.spunEnd) <= text.count,
                  record.replacementStart <= record.replacementEnd, Int(record.replacementEnd) <= text.count,
                  record.details < Int32(detailCount) else { throw SnapshotReader.Invalid() }
        }
        dictionary.store = EntryStore(text: text, records: records, details: DetailTable(section: section, offsets: offsets))
        return dictionary
    }

    /// The details of a dictionary's entries in the snapshot, decoded when asked for.
    struct DetailTable: @unchecked Sendable {
        let section: UnsafeRawBufferPointer
        let offsets: [Int]

        var count: Int { offsets.count }

        subscript(index: Int) -> EntryStore.Details {
            var input = SnapshotReader(bytes: section, offset: offsets[index])
            do throws(SnapshotReader.Invalid) {
                return try BuiltinSnapshot.readDetails(&input)
            } catch {
                return EntryStore.Details()  // not reached: the snapshot was made by `make()`
            }
        }
    }

    fileprivate static func readDetails(_ input: inout SnapshotReader) throws(SnapshotReader.Invalid) -> EntryStore.Details {
        var entry = EntryStore.Details()
        entry.alternatives = try input.strings()
        entry.note = try input.optionalString()
        var lists: [[ContextTerm]] = []
        for _ in 0..<4 {
            var terms: [ContextTerm] = []
            let count = try input.count()
            for _ in 0..<count {
                let kind = try input.int()
                let text = try input.string()
                terms.append(kind == 0 ? .phrase(text) : .wordClass(text))
            }
            lists.append(terms)
        }
        (entry.after, entry.notAfter, entry.before, entry.notBefore) = (lists[0], lists[1], lists[2], lists[3])
        entry.matchCase = try input.int() != 0
        let examples = try input.count()
        for _ in 0..<examples {
            entry.examples.append(DictionaryExample(input: try input.string(), expected: try input.string(), line: try input.int()))
        }
        return entry
    }

    private static func readTable(_ input: inout SnapshotReader, _ dictionaries: [SpinDictionary]) throws(SnapshotReader.Invalid) -> PhraseTable {
        var table = PhraseTable(empty: dictionaries)
        let arena = try input.byteArray()
        let spans = try input.int32s()
        let slots = try input.uint64s()
        guard spans.count % 2 == 0 else { throw SnapshotReader.Invalid() }
        table.vocabulary = Vocabulary(
            arena: arena, spans: stride(from: 0, to: spans.count, by: 2).map { (spans[$0], spans[$0 + 1]) }, slots: slots)
        let fields = try input.int32s()
        var contexts: [PhraseTable.CompiledContext] = []
        let n4 = try input.count()
        // Sized up front: growing these thousands of small arrays cost 1.6M of the 62M
        // instructions of a one-line run.
        contexts.reserveCapacity(n4)
        for _ in 0..<n4 {
            var lists: [[PhraseTable.CompiledTerm]] = []
            lists.reserveCapacity(4)
            for _ in 0..<4 {
                var terms: [PhraseTable.CompiledTerm] = []
                let n5 = try input.count()
                terms.reserveCapacity(n5)
                for _ in 0..<n5 {
                    switch try input.int() {
                    case 0: terms.append(.phrase(try input.int32s()))
                    case 1: terms.append(.wordClass(try input.int()))
                    default:
                        guard let builtin = BuiltinClass(rawValue: try input.string()) else { throw SnapshotReader.Invalid() }
                        terms.append(.builtin(builtin))
                    }
                }
                lists.append(terms)
            }
            let matchesCase = try input.int() != 0
            let capitals = try input.int32s().map { $0 != 0 }
            contexts.append(PhraseTable.CompiledContext(
                after: lists[0], notAfter: lists[1], before: lists[2], notBefore: lists[3], capitals: matchesCase ? capitals : nil))
        }
        guard fields.count % 4 == 0 else { throw SnapshotReader.Invalid() }
        var entries: [PhraseTable.Entry] = []
        entries.reserveCapacity(fields.count / 4)
        for i in stride(from: 0, to: fields.count, by: 4) {
            let (d, index, length, context) = (Int(fields[i]), fields[i + 1], fields[i + 2], Int(fields[i + 3]))
            guard d >= 0, d < dictionaries.count, index >= 0, Int(index) < dictionaries[d].store.count,
                  context < contexts.count else { throw SnapshotReader.Invalid() }
            entries.append(PhraseTable.Entry(
                dictionary: d, store: dictionaries[d].store, index: index, spunLength: length,
                context: context < 0 ? nil : contexts[context]))
        }
        table.entries = entries
        table.classes = []
        let n6 = try input.count()
        for _ in 0..<n6 {
            var compiled = PhraseTable.CompiledClass(words: Set(try input.int32s()))
            let n7 = try input.count()
            for _ in 0..<n7 { compiled.phrases.append(try input.int32s()) }
            table.classes.append(compiled)
        }
        table.numberWords = Set(try input.int32s())
        table.longestPhrase = try input.int()
        table.rootChildren = try input.int32s()
        table.edgeStart = try input.int32s()
        table.edgeTokens = try input.int32s()
        table.edgeChildren = try input.int32s()
        table.terminalStart = try input.int32s()
        table.terminalList = try input.int32s()
        table.deriveLookupTables()
        return table
    }
}

/// Appends values little-endian: integers as 8 bytes, arrays and strings after their count.
private struct SnapshotWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ data: [UInt8]) { bytes += data }

    /// Pads to a multiple of `alignment` bytes from the start.
    mutating func align(_ alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    mutating func int32(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    mutating func int32s(_ values: [Int32]) {
        int(values.count)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    }

    mutating func uint64s(_ values: [UInt64]) {
        int(values.count)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    }

    mutating func doubles(_ values: [Double]) {
        int(values.count)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    }

    mutating func byteArray(_ values: [UInt8]) {
        int(values.count)
        bytes += values
    }

    mutating func string(_ value: String) { byteArray(Array(value.utf8)) }

    mutating func optionalString(_ value: String?) {
        if let value { int(1); string(value) } else { int(0) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }
}

/// Reads what SnapshotWriter wrote; every read is bounds-checked.
struct SnapshotReader {
    struct Invalid: Error {}

    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func align(_ alignment: Int) throws(Invalid) {
        while offset % alignment != 0 { _ = try raw(1) }
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func raw(_ count: Int) throws(Invalid) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw Invalid() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func int() throws(Invalid) -> Int {
        Int(Int64(littleEndian: try raw(8).loadUnaligned(as: Int64.self)))
    }

    /// A count of items of at least `size` bytes each that fit in what is left.
    mutating func count(of size: Int = 1) throws(Invalid) -> Int {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / size else { throw Invalid() }
        return count
    }

    /// `count` values of `size` bytes, copied into a new array.
    private mutating func array<T>(of type: T.Type, size: Int) throws(Invalid) -> [T] {
        let count = try count(of: size)
        let source = try raw(count * size)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { memcpy(buffer.baseAddress!, source.baseAddress!, count * size) }
            initialized = count
        }
    }

    mutating func int32s() throws(Invalid) -> [Int32] { try array(of: Int32.self, size: 4) }

    mutating func doubles() throws(Invalid) -> [Double] { try array(of: Double.self, size: 8) }

    mutating func uint64s() throws(Invalid) -> [UInt64] { try array(of: UInt64.self, size: 8) }

    mutating func byteArray() throws(Invalid) -> [UInt8] { try array(of: UInt8.self, size: 1) }

    mutating func string() throws(Invalid) -> String {
        let count = try count()
        return String(decoding: try raw(count), as: UTF8.self)
    }

    mutating func optionalString() throws(Invalid) -> String? {
        if try int() == 0 { return nil }
        return try string()
    }

    mutating func strings() throws(Invalid) -> [String] {
        var values: [String] = []
        let count = try count(of: 8)
        for _ in 0..<count { values.append(try string()) }
        return values
    }
}

/// A 64-bit hash of bytes, eight at a time (for telling whether the snapshot
/// was made from the embedded dictionaries, not for security).
struct Hash64 {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(_ word: UInt64) {
        value = (value ^ word) &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        add(UInt64(bytes.count))
        guard let base = bytes.baseAddress else { return }
        var i = 0
        while i + 8 <= bytes.count {
            add(UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        add(tail)
    }
}
