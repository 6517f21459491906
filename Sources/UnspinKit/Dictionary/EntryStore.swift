/// The entries of one dictionary. A parsed dictionary keeps them compact: per
/// entry, where its spun phrase and replacement lie in the dictionary's text,
/// its line and confidence, and only for the few entries that have them its
/// options and examples. Loading thus makes no String and no `DictionaryEntry`
/// per entry (the built-in dictionaries have thousands, loaded at every start);
/// `DictionaryEntry` values are made when asked for: for a finding, or for
/// `SpinDictionary.entries`. Immutable, so shared freely across threads.
final class EntryStore: @unchecked Sendable {
    struct Record {
        var spun: Range<Int32>
        /// nil: detect only (`?`).
        var replacement: Range<Int32>?
        var line: Int32
        /// Index into `details`, or -1.
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
        var examples: [DictionaryExample] = []

        var hasContext: Bool { !(after.isEmpty && notAfter.isEmpty && before.isEmpty && notBefore.isEmpty) }
    }

    /// Entries given as values (`SpinDictionary.init`, or `entries` set); or nil,
    /// and the entries are `records` over `text`.
    private let values: [DictionaryEntry]?
    private let text: UnsafeBufferPointer<UInt8>
    /// Whether `text` was allocated for this store (else it is static: a built-in dictionary).
    private let ownsText: Bool
    private let records: [Record]
    private let details: [Details]

    init(values: [DictionaryEntry]) {
        self.values = values
        text = UnsafeBufferPointer(start: nil, count: 0)
        ownsText = false
        records = []
        details = []
    }

    /// `text` must stay valid while the store lives; with `ownsText`, the store deallocates it.
    init(text: UnsafeBufferPointer<UInt8>, ownsText: Bool, records: [Record], details: [Details]) {
        values = nil
        self.text = text
        self.ownsText = ownsText
        self.records = records
        self.details = details
    }

    deinit {
        if ownsText { text.deallocate() }
    }

    static let empty = EntryStore(values: [])

    var count: Int { values?.count ?? records.count }

    /// Entry `i` as a value.
    func entry(_ i: Int) -> DictionaryEntry {
        if let values { return values[i] }
        let record = records[i]
        var entry = DictionaryEntry(
            spun: string(record.spun), replacement: record.replacement.map(string),
            confidence: record.confidence, line: Int(record.line))
        if record.details >= 0 {
            let details = details[Int(record.details)]
            entry.alternatives = details.alternatives
            entry.note = details.note
            entry.after = details.after
            entry.notAfter = details.notAfter
            entry.before = details.before
            entry.notBefore = details.notBefore
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
        let spun = records[i].spun
        return UnsafeBufferPointer(rebasing: text[Int(spun.lowerBound)..<Int(spun.upperBound)])
    }

    /// Entry `i`'s context conditions, or nil when it has none.
    func context(_ i: Int) -> (after: [ContextTerm], notAfter: [ContextTerm], before: [ContextTerm], notBefore: [ContextTerm])? {
        var found: Details
        if let values {
            let entry = values[i]
            found = Details(after: entry.after, notAfter: entry.notAfter, before: entry.before, notBefore: entry.notBefore)
        } else {
            let index = Int(records[i].details)
            guard index >= 0 else { return nil }
            found = details[index]
        }
        return found.hasContext ? (found.after, found.notAfter, found.before, found.notBefore) : nil
    }

    private func string(_ range: Range<Int32>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text[Int(range.lowerBound)..<Int(range.upperBound)]), as: UTF8.self)
    }
}
