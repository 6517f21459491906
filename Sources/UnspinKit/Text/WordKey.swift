import CICU

/// Computes matching keys: the form under which words are compared. ASCII is
/// lower-cased in place; anything else goes through ICU (NFC, case folding,
/// apostrophe and dash variants unified, invisible default-ignorable code
/// points such as the soft hyphen left out), so "Washington’s" and "washington's",
/// or "e\u{301}" and "é", give the same key.
public struct WordKeyer: ~Copyable {
    @usableFromInline var buffer: UnsafeMutableBufferPointer<UInt8>

    public init() {
        buffer = .allocate(capacity: 256)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with the key of `bytes`; the key is only valid inside `body`.
    /// An invalid sequence yields its bytes unchanged (it then matches nothing).
    @inlinable
    public mutating func withKey<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        // ASCII is lower-cased in one pass; a byte that is not ASCII hands the word to ICU.
        ensureCapacity(bytes.count)
        for i in 0..<bytes.count {
            let b = bytes[i]
            if b >= 0x80 { return withICUKey(bytes, body) }
            buffer[i] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
        }
        return body(UnsafeBufferPointer(rebasing: buffer[0..<bytes.count]))
    }

    @usableFromInline
    mutating func ensureCapacity(_ n: Int) {
        if n > buffer.count {
            buffer.deallocate()
            buffer = .allocate(capacity: max(n, buffer.count * 2))
        }
    }

    @usableFromInline
    mutating func withICUKey<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var n = cicu_fold_key(bytes.baseAddress, Int32(bytes.count), buffer.baseAddress, Int32(buffer.count))
        if n < 0 && n != Int32.min {
            ensureCapacity(Int(-n))
            n = cicu_fold_key(bytes.baseAddress, Int32(bytes.count), buffer.baseAddress, Int32(buffer.count))
        }
        if n == Int32.min { return body(bytes) }
        return body(UnsafeBufferPointer(rebasing: buffer[0..<Int(n)]))
    }

    /// The key of `text` as a String (dictionary loading, tests).
    public mutating func key(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 in withKey(utf8) { String(decoding: $0, as: UTF8.self) } }
    }
}

/// Interns matching keys as dense `Int32` ids. Built once when dictionaries load;
/// looked up per token with one hash over the key bytes and no allocation.
public struct Vocabulary: Sendable {
    public static let unknown: Int32 = -1

    private var arena: [UInt8] = []
    private var spans: [(start: Int32, length: Int32)] = []
    /// Open addressing, power-of-two size. A slot holds the key's id + 1 in its
    /// low 32 bits (0: empty) and the top 32 bits of the key's hash in its high
    /// ones, so a probe reads the key only when the hashes agree: most tokens of
    /// a text are not in the vocabulary, and their lookup touches one slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    public init() {}

    /// A vocabulary from the tables of another (see BuiltinSnapshot).
    init(arena: [UInt8], spans: [(start: Int32, length: Int32)], slots: [UInt64]) {
        self.arena = arena
        self.spans = spans
        self.slots = slots
    }

    /// The tables (see BuiltinSnapshot).
    var tables: (arena: [UInt8], spans: [(start: Int32, length: Int32)], slots: [UInt64]) { (arena, spans, slots) }

    public var count: Int { spans.count }

    /// A key's slot hash: its `KeyHash` with the high bits folded into the low
    /// ones, which pick the slot.
    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { mixed(KeyHash.of(key)) }

    @inline(__always)
    private static func mixed(_ h: UInt64) -> UInt64 { h ^ (h >> 29) }

    /// The id of the matching key of `word` (what `keyer.withKey` makes of it),
    /// or `Vocabulary.unknown`. ASCII words — nearly all — are lower-cased as
    /// they are hashed and compared, without a copy; others go through the keyer.
    func id(ofWord word: UnsafeBufferPointer<UInt8>, keyer: inout WordKeyer) -> Int32 {
        guard let h = KeyHash.ofASCIIWord(word) else { return keyer.withKey(word) { id(of: $0) } }
        return id(ofASCIIWord: word, hash: h)
    }

    /// `id(ofWord:keyer:)` of an ASCII word whose `KeyHash.ofASCIIWord` is `hash`.
    @inline(__always)
    func id(ofASCIIWord word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        probe(Vocabulary.mixed(hash)) { isLowercased($0, word) }
    }

    /// Whether key `id` is the ASCII `word` lower-cased.
    private func isLowercased(_ id: Int32, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let span = spans[Int(id)]
        guard Int(span.length) == word.count else { return false }
        return arena.withUnsafeBufferPointer { KeyHash.isLowercased(word, key: $0.baseAddress! + Int(span.start)) }
    }

    /// The id of `key`, or `Vocabulary.unknown`.
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        probe(Vocabulary.hash(key)) { isKey($0, key) }
    }

    /// Walks the open-addressing table from `hash`'s slot: the first id whose
    /// slot tag matches `hash`'s and that `matches`, or `unknown` at an empty slot.
    @inline(__always)
    private func probe(_ hash: UInt64, matches: (Int32) -> Bool) -> Int32 {
        let tag = hash & Vocabulary.tagMask
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return Vocabulary.unknown }
                if entry & Vocabulary.tagMask == tag {
                    let id = Int32(truncatingIfNeeded: entry) - 1
                    if matches(id) { return id }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func isKey(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let span = spans[Int(id)]
        guard Int(span.length) == key.count else { return false }
        guard key.count > 0 else { return true }
        return arena.withUnsafeBufferPointer { memoryEqual($0.baseAddress! + Int(span.start), key.baseAddress, key.count) }
    }

    /// The id of `key`, adding it when new.
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let existing = id(of: key)
        if existing != Vocabulary.unknown { return existing }
        if (spans.count + 1) * 2 > slots.count { grow() }
        let id = Int32(spans.count)
        spans.append((Int32(arena.count), Int32(key.count)))
        arena.append(contentsOf: key)
        insert(id: id, hash: Vocabulary.hash(key))
        return id
    }

    public func key(of id: Int32) -> String {
        let span = spans[Int(id)]
        return String(decoding: arena[Int(span.start)..<Int(span.start + span.length)], as: UTF8.self)
    }

    private mutating func insert(id: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & Vocabulary.tagMask | UInt64(UInt32(id) + 1)
    }

    /// Makes room for `n` keys without rehashing.
    public mutating func reserveCapacity(_ n: Int) {
        spans.reserveCapacity(n)
        arena.reserveCapacity(n * 8)
        var size = slots.count
        while n * 2 > size { size *= 2 }
        if size > slots.count { rehash(size) }
    }

    private mutating func grow() { rehash(slots.count * 2) }

    private mutating func rehash(_ size: Int) {
        slots = Array(repeating: 0, count: size)
        for id in 0..<spans.count {
            let span = spans[id]
            let h = arena.withUnsafeBufferPointer {
                Vocabulary.hash(UnsafeBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start + span.length)]))
            }
            insert(id: Int32(id), hash: h)
        }
    }
}

/// FNV-1a 64 over the bytes of a matching key: what both the dictionaries'
/// `Vocabulary` and the context model's vocabulary (dictionaries/MODEL.md)
/// hash, so that a token is hashed once for both (see `Document.keyHashes`).
enum KeyHash {
    @inline(__always)
    static func of(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = seed
        for b in key { h = step(h, b) }
        return h
    }

    /// The hash of the key of `word` when it is ASCII (its letters lower-cased,
    /// as `WordKeyer` makes it), without a copy; nil when it is not ASCII.
    @inline(__always)
    static func ofASCIIWord(_ word: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var h = seed
        for b in word {
            if b >= 0x80 { return nil }
            h = step(h, lowercased(b))
        }
        return h
    }

    /// Whether the `word.count` bytes at `key` are the ASCII `word` lower-cased.
    /// Compares up to eight bytes at a time, lower-cased together
    /// (`lowercasedASCII`); a word whose length is not a multiple of the load
    /// size is covered by two overlapping loads, which stay inside both spans.
    @inline(__always)
    static func isLowercased(_ word: UnsafeBufferPointer<UInt8>, key: UnsafePointer<UInt8>) -> Bool {
        let n = word.count
        guard n > 0, let base = word.baseAddress else { return true }
        let w = UnsafeRawPointer(base), k = UnsafeRawPointer(key)
        @inline(__always)
        func same<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> Bool {
            lowercasedASCII(w.loadUnaligned(fromByteOffset: offset, as: T.self)) == k.loadUnaligned(fromByteOffset: offset, as: T.self)
        }
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                if !same(i, UInt64.self) { return false }
                i += 8
            }
            return same(n - 8, UInt64.self)
        }
        if n >= 4 { return same(0, UInt32.self) && same(n - 4, UInt32.self) }
        if n >= 2 { return same(0, UInt16.self) && same(n - 2, UInt16.self) }
        return k.load(as: UInt8.self) == lowercased(w.load(as: UInt8.self))
    }

    /// Each byte of `x`, all ASCII (below 0x80), lower-cased: a byte in A-Z
    /// gets bit 0x20. Adding 0x3F sets a byte's top bit when it is at least
    /// 0x41 ("A"), adding 0x25 when it is at least 0x5B (past "Z"); neither sum
    /// carries into the next byte, since no byte is above 0x7F.
    @inline(__always)
    static func lowercasedASCII<T: FixedWidthInteger>(_ x: T) -> T {
        let ones = T.max / 0xFF  // 0x01 in every byte
        let upper = (x &+ ones &* 0x3F) & ~(x &+ ones &* 0x25) & (ones &* 0x80)
        return x | (upper >> 2)
    }

    @inline(__always)
    static func lowercased(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100_0000_01B3 }
}

@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
    guard let b else { return n == 0 }
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}
