/// The entries of one dictionary. A parsed dictionary keeps them compact: per
/// entry, where its spun phrase and replacement lie in the dictionary's text,
/// its line and confidence, and only for the few entries that have them its
/// options and examples. Loading thus makes no String and no `DictionaryEntry`
/// per entry (the built-in dictionaries have thousands, loaded at every start);
/// `DictionaryEntry` values are made when asked for: for a finding, or for
/// `SpinDictionary.entries`. Immutable, so shared freely across threads.
///
/// BuiltinSnapshot writes and reads stores: a new stored property must be added there too.
final class EntryStore: @unchecked Sendable {
    /// 32 bytes, all fields 4-byte integers but the last: the snapshot of the
    /// built-in dictionaries holds records in this layout (BuiltinSnapshot).
    struct Record {
        var spunStart: Int32
        var spunEnd: Int32
        /// -1: detect only (`?`).
        var replacementStart: Int32
        var replacementEnd: Int32
        var line: Int32
        /// Index of the entry's `Details`, or -1.
        var details: Int32
        var confidence: Double
    }

    /// What only some entries have: options other than `confidence`, and examples.
    struct Details {
        var alternatives: [String] = []
        var note: String?
        var after: [ContextTerm] = []
        var notAfter: [ContextTerm] = []
        var before: [ContextTerm] = []
        var notBefore: [ContextTerm] = []
        var matchCase = false
        var examples: [DictionaryExample] = []

        /// Whether a match must pass conditions: context words, or letter case.
        var hasContext: Bool { !(after.isEmpty && notAfter.isEmpty && before.isEmpty && notBefore.isEmpty) || matchCase }
        var isEmpty: Bool { !hasContext && alternatives.isEmpty && note == nil && examples.isEmpty }
    }

    /// Entries given as values (`SpinDictionary.init`, or `entries` set); or nil,
    /// and the entries are `records` over `text`.
    let values: [DictionaryEntry]?
    let text: UnsafeBufferPointer<UInt8>
    /// Whether `text` and `records` were allocated for this store (else they
    /// are static: the embedded dictionaries and snapshot).
    private let ownsText: Bool
    private let ownsRecords: Bool
    let records: UnsafeBufferPointer<Record>
    private let parsedDetails: [Details]
    /// The details, decoded when asked for (a store read from the snapshot).
    private let snapshotDetails: BuiltinSnapshot.DetailTable?

    init(values: [DictionaryEntry]) {
        self.values = values
        text = UnsafeBufferPointer(start: nil, count: 0)
        ownsText = false
        records = UnsafeBufferPointer(start: nil, count: 0)
        ownsRecords = false
        parsedDetails = []
        snapshotDetails = nil
    }

    /// Parsed entries: the store takes `text` (deallocating it when done, with
    /// `ownsText`; else it must be static) and copies `records`.
    init(text: UnsafeBufferPointer<UInt8>, ownsText: Bool, records: [Record], details: [Details]) {
        values = nil
        self.text = text
        self.ownsText = ownsText
        let copy = UnsafeMutableBufferPointer<Record>.allocate(capacity: records.count)
        _ = copy.initialize(from: records)
        self.records = UnsafeBufferPointer(copy)
        ownsRecords = true
        parsedDetails = details
        snapshotDetails = nil
    }

    /// Entries read from the embedded snapshot: all in static memory.
    init(text: UnsafeBufferPointer<UInt8>, records: UnsafeBufferPointer<Record>, details: BuiltinSnapshot.DetailTable) {
        values = nil
        self.text = text
        self.records = records
        ownsText = false
        ownsRecords = false
        parsedDetails = []
        snapshotDetails = details
    }

    deinit {
        if ownsRecords { records.deallocate() }
        if ownsText { text.deallocate() }
    }

    static let empty = EntryStore(values: [])

    var isBuiltinSnapshot: Bool { snapshotDetails != nil }

    var count: Int { values?.count ?? records.count }

    var detailCount: Int { snapshotDetails?.count ?? parsedDetails.count }

    func details(_ index: Int) -> Details {
        if let snapshotDetails { return snapshotDetails[index] }
        return parsedDetails[index]
    }

    /// Entry `i`'s confidence, without making the entry.
    func confidence(_ i: Int) -> Double { values?[i].confidence ?? records[i].confidence }

    /// Entry `i` as a value.
    func entry(_ i: Int) -> DictionaryEntry {
        if let values { return values[i] }
        let record = records[i]
        var entry = DictionaryEntry(
            spun: string(record.spunStart, record.spunEnd),
            replacement: record.replacementStart < 0 ? nil : string(record.replacementStart, record.replacementEnd),
            confidence: record.confidence, line: Int(record.line))
        if record.details >= 0 {
            let details = details(Int(record.details))
            entry.alternatives = details.alternatives
            entry.note = details.note
            entry.after = details.after
            entry.notAfter = details.notAfter
            entry.before = details.before
            entry.notBefore = details.notBefore
            entry.matchCase = details.matchCase
            entry.examples = details.examples
        }
        return entry
    }

    var all: [DictionaryEntry] {
        if let values { return values }
        return (0..<records.count).map(entry)
    }

    /// The UTF-8 bytes of entry `i`'s spun phrase, when it is kept as a record
    /// (nil for entries given as values: use `entry(i).spun`).
    func spunBytes(_ i: Int) -> UnsafeBufferPointer<UInt8>? {
        if values != nil { return nil }
        let record = records[i]
        return UnsafeBufferPointer(rebasing: text[Int(record.spunStart)..<Int(record.spunEnd)])
    }

    /// Entry `i`'s conditions (context words, letter case), or nil when it has none.
    func context(_ i: Int) -> Details? {
        var found: Details
        if let values {
            let entry = values[i]
            found = Details(after: entry.after, notAfter: entry.notAfter, before: entry.before, notBefore: entry.notBefore,
                            matchCase: entry.matchCase)
        } else {
            let index = Int(records[i].details)
            guard index >= 0 else { return nil }
            found = details(index)
        }
        return found.hasContext ? found : nil
    }

    private func string(_ start: Int32, _ end: Int32) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text[Int(start)..<Int(end)]), as: UTF8.self)
    }
}
