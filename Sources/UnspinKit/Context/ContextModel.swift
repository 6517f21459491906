import CUnspinData
#if canImport(Glibc)
import Glibc
#endif

/// The statistics behind `ContextRestoration`: word, bigram and trigram counts
/// of clean English and the spinner channel (which originals a spinner may have
/// replaced with a given word, and what says so). Built by
/// scripts/build_context_model.py; the byte layout is in
/// dictionaries/MODEL.md. The data is read where it lies — in the
/// binary (embedded like the dictionaries) or in a file mapped with mmap — so
/// loading costs a header check, not a parse.
public final class ContextModel: @unchecked Sendable {
    /// Where the data came from, for messages.
    public let origin: String
    public let vocabularyCount: Int
    /// Ids at or above this are channel-only words: rare spinner forms the
    /// training text never had (count 0, after every counted word, which the
    /// vocabulary sorts by count). The counts saw them as <unk>, so as a
    /// neighbour one reads as `unknown` (`contextId`).
    public let countedVocabularyCount: Int32
    /// Tokens in the training text.
    public let totalTokens: Double

    private let vocabBytes: UnsafePointer<UInt8>
    private let vocabOffsets: UnsafePointer<UInt32>
    private let unigrams: UnsafePointer<UInt32>
    private let vocabSlots: UnsafePointer<UInt32>
    private let vocabSlotCount: Int
    private let bigrams: NGramTable
    private let trigrams: NGramTable
    /// Two-word WordNet lemmas ("data structure"), keyed like the bigrams.
    private let compounds: NGramTable
    /// A byte per word: bit 0, a tortured-phrase swap among its first 12 channel candidates.
    private let wordFlags: UnsafePointer<UInt8>
    private let channelIndex: UnsafePointer<UInt32>
    private let channelEntries: UnsafePointer<UInt64>
    private let mapping: (address: UnsafeMutableRawPointer, length: Int)?
    /// By the 8-bit code of a table entry (0 = unseen): the count it stands for,
    /// and ln(1 + count), so that the scorer's features need no log1p call.
    let codeCounts: UnsafeMutablePointer<Double>
    let codeLog1p: UnsafeMutablePointer<Double>
    /// ln(1 + k) for k in 0..<256 (tortured-phrase pair counts saturate at 255).
    let smallLog1p: UnsafeMutablePointer<Double>

    /// Ids with a fixed meaning.
    public static let unknown: Int32 = 0
    public static let paragraphStart: Int32 = 1
    public static let number: Int32 = 2

    static let magic: [UInt8] = Array("UNSPINLM".utf8)
    static let version: UInt32 = 3
    static let sectionCount = 10

    /// The model compiled into the binary.
    public static let builtin: ContextModel = {
        let data = unspin_builtin_model()
        // The embedded file was produced by the build script; a broken one is a build error.
        return try! ContextModel(bytes: UnsafeRawBufferPointer(start: data.bytes, count: Int(data.length)),
                                 origin: "dictionaries/english.model", mapping: nil)
    }()

    /// Maps the model file at `path` (the format of dictionaries/english.model).
    public static func load(path: String) throws(ContextModelError) -> ContextModel {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ContextModelError(origin: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
            throw ContextModelError(origin: path, reason: "not a regular, non-empty file")
        }
        let length = Int(info.st_size)
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw ContextModelError(origin: path, reason: "cannot map: \(String(cString: strerror(errno)))")
        }
        do {
            return try ContextModel(bytes: UnsafeRawBufferPointer(start: address, count: length), origin: path,
                                    mapping: (address, length))
        } catch {
            munmap(address, length)
            throw error
        }
    }

    init(bytes: UnsafeRawBufferPointer, origin: String, mapping: (address: UnsafeMutableRawPointer, length: Int)?) throws(ContextModelError) {
        self.origin = origin
        self.mapping = mapping
        func fail(_ reason: String) -> ContextModelError { ContextModelError(origin: origin, reason: reason) }
        let headerSize = 24 + 16 * ContextModel.sectionCount
        guard let base = bytes.baseAddress, bytes.count >= headerSize,
              Int(bitPattern: base) % 8 == 0 else { throw fail("too short or misaligned to be a model") }
        guard Array(bytes[0..<8]) == ContextModel.magic else { throw fail("not an unspin model (bad magic)") }
        let version = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        guard version == ContextModel.version else { throw fail("model version \(version); this unspin reads version \(ContextModel.version)") }
        guard bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == UInt32(ContextModel.sectionCount) else {
            throw fail("unexpected section count")
        }
        totalTokens = Double(bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        var sections: [(offset: Int, length: Int)] = []
        for k in 0..<ContextModel.sectionCount {
            let offset = Int(bytes.loadUnaligned(fromByteOffset: 24 + 16 * k, as: UInt64.self))
            let length = Int(bytes.loadUnaligned(fromByteOffset: 32 + 16 * k, as: UInt64.self))
            guard offset % 8 == 0, offset >= headerSize, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
                throw fail("section \(k) lies outside the file")
            }
            sections.append((offset, length))
        }
        func words<T>(_ k: Int, _ type: T.Type) -> (UnsafePointer<T>, Int) {
            ((base + sections[k].offset).assumingMemoryBound(to: T.self), sections[k].length / MemoryLayout<T>.stride)
        }
        let (vocabBytes, vocabByteCount) = words(0, UInt8.self)
        let (vocabOffsets, offsetCount) = words(1, UInt32.self)
        let (unigrams, unigramCount) = words(2, UInt32.self)
        (vocabSlots, vocabSlotCount) = words(3, UInt32.self)
        let (bigramEntries, bigramEntryCount) = words(4, UInt32.self)
        let (trigramEntries, trigramEntryCount) = words(5, UInt32.self)
        bigrams = NGramTable(entries: bigramEntries, buckets: bigramEntryCount / NGramTable.bucketEntries)
        trigrams = NGramTable(entries: trigramEntries, buckets: trigramEntryCount / NGramTable.bucketEntries)
        let (channelIndex, indexCount) = words(6, UInt32.self)
        let (channelEntries, entryCount) = words(7, UInt64.self)
        let (compoundEntries, compoundEntryCount) = words(8, UInt32.self)
        compounds = NGramTable(entries: compoundEntries, buckets: compoundEntryCount / NGramTable.bucketEntries)
        let (wordFlags, flagCount) = words(9, UInt8.self)
        self.wordFlags = wordFlags
        vocabularyCount = unigramCount
        guard unigramCount > 3, offsetCount == unigramCount + 1, indexCount == unigramCount + 1,
              Int(vocabOffsets[unigramCount]) <= vocabByteCount, Int(channelIndex[unigramCount]) <= entryCount,
              vocabSlotCount > unigramCount, bigramEntryCount > 0, trigramEntryCount > 0,
              bigramEntryCount % NGramTable.bucketEntries == 0, trigramEntryCount % NGramTable.bucketEntries == 0,
              compoundEntryCount > 0, compoundEntryCount % NGramTable.bucketEntries == 0, flagCount == unigramCount else {
            throw fail("inconsistent section sizes")
        }
        // Counted words (ids from 3) are sorted by count, channel-only words
        // (count 0) follow: the first of those, by bisection.
        var low = 3, high = unigramCount
        while low < high {
            let middle = (low + high) / 2
            if unigrams[middle] == 0 { high = middle } else { low = middle + 1 }
        }
        countedVocabularyCount = Int32(low)
        self.vocabBytes = vocabBytes
        self.vocabOffsets = vocabOffsets
        self.unigrams = unigrams
        self.channelIndex = channelIndex
        self.channelEntries = channelEntries
        codeCounts = .allocate(capacity: 256)
        codeLog1p = .allocate(capacity: 256)
        smallLog1p = .allocate(capacity: 256)
        for code in 0..<256 {
            codeCounts[code] = ContextModel.logCountTable[code]
            codeLog1p[code] = log1p(ContextModel.logCountTable[code])
            smallLog1p[code] = log1p(Double(code))
        }
    }

    deinit {
        codeCounts.deallocate()
        codeLog1p.deallocate()
        smallLog1p.deallocate()
        if let mapping { munmap(mapping.address, mapping.length) }
    }

    // MARK: Vocabulary

    /// The id of a matching key (see `WordKeyer`), or `unknown`.
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        vocabularyProbe(KeyHash.of(key), length: key.count) { stored in memoryEqual(stored, key.baseAddress, key.count) }
    }

    /// The id of the matching key of `word` (what `keyer.withKey` makes of it).
    /// ASCII words are lower-cased as they are hashed and compared, without a copy.
    func id(ofWord word: UnsafeBufferPointer<UInt8>, keyer: inout WordKeyer) -> Int32 {
        guard let h = KeyHash.ofASCIIWord(word) else { return keyer.withKey(word) { id(of: $0) } }
        return id(ofASCIIWord: word, hash: h)
    }

    /// `id(ofWord:keyer:)` of an ASCII word whose `KeyHash.ofASCIIWord` is
    /// `hash`; only its high 32 bits are read (see `Document.keyHashes`).
    @inline(__always)
    func id(ofASCIIWord word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        vocabularyProbe(hash, length: word.count) { KeyHash.isLowercased(word, key: $0) }
    }

    /// Asks for what looking up a word reads, given the high 32 bits of its
    /// `KeyHash`: a chain of three dependent misses, its home slot (`step` 0),
    /// the offsets of the word there (1) and that word's bytes (2). Each step
    /// reads what the one before asked for, so the steps for one word are
    /// taken a few tokens apart (`ContextScorer.init`).
    @inline(__always)
    func prefetchVocabulary(_ hashHigh: UInt32, step: Int) {
        let slot = vocabSlots + ContextModel.slot(UInt64(hashHigh) << 32, vocabSlotCount)
        guard step > 0 else { return unspin_prefetch(slot) }
        let entry = slot.pointee
        guard entry != 0 else { return }
        let id = Int(entry - 1)
        unspin_prefetch(step == 1 ? UnsafeRawPointer(vocabOffsets + id) : UnsafeRawPointer(vocabBytes + Int(vocabOffsets[id])))
    }

    /// Walks the vocabulary's open-addressing table from `hash`'s slot: the id
    /// of the first entry of `length` bytes that `matches`, or `unknown` at an
    /// empty slot. `matches` gets the entry's bytes. The slot depends on the
    /// hash's high 32 bits alone.
    @inline(__always)
    private func vocabularyProbe(_ hash: UInt64, length: Int, matches: (UnsafePointer<UInt8>) -> Bool) -> Int32 {
        var slot = ContextModel.slot(hash, vocabSlotCount)
        while true {
            let entry = vocabSlots[slot]
            if entry == 0 { return ContextModel.unknown }
            let id = Int(entry - 1)
            let start = Int(vocabOffsets[id]), end = Int(vocabOffsets[id + 1])
            if end - start == length, matches(vocabBytes + start) { return Int32(id) }
            slot += 1
            if slot == vocabSlotCount { slot = 0 }
        }
    }

    public func id(of word: String) -> Int32 {
        var keyer = WordKeyer()
        var word = word
        return word.withUTF8 { utf8 in keyer.withKey(utf8) { id(of: $0) } }
    }

    /// The word with id `id`.
    public func word(_ id: Int32) -> String {
        let start = Int(vocabOffsets[Int(id)]), end = Int(vocabOffsets[Int(id) + 1])
        return String(decoding: UnsafeBufferPointer(start: vocabBytes + start, count: end - start), as: UTF8.self)
    }

    // MARK: Counts

    /// Occurrences of a word in the training text.
    @inline(__always)
    public func count(_ a: Int32) -> Double { Double(unigrams[Int(a)]) }

    /// The id the n-gram counts know `a` by as a neighbour: `unknown` for a
    /// channel-only word, as the counts mapped it.
    @inline(__always)
    public func contextId(_ a: Int32) -> Int32 { a < countedVocabularyCount ? a : ContextModel.unknown }

    /// Occurrences of a word pair (pruned: rare pairs read as 0).
    @inline(__always)
    public func count(_ a: Int32, _ b: Int32) -> Double {
        codeCounts[bigramCode(a, b)]
    }

    /// Occurrences of a word triple (pruned: rare triples read as 0).
    @inline(__always)
    public func count(_ a: Int32, _ b: Int32, _ c: Int32) -> Double {
        codeCounts[trigramCode(a, b, c)]
    }

    /// Whether `a b` is a two-word WordNet lemma: an English term ("data
    /// structure", "immune system") whether or not the counts attest it.
    @inline(__always)
    public func isCompound(_ a: Int32, _ b: Int32) -> Bool {
        compounds.code(ContextModel.bigramKey(a, b)) != 0
    }

    /// Whether one of the first 12 channel candidates of the word `id` is a
    /// tortured-phrase swap (read from a byte per word, not from the channel list).
    @inline(__always)
    public func hasTorturedCandidate(_ id: Int32) -> Bool {
        wordFlags[Int(id)] & 1 != 0
    }

    /// Ids are never negative: they are widened without the check for it
    /// (a branch per id on the hot path).
    @inline(__always) static func bigramKey(_ a: Int32, _ b: Int32) -> UInt64 {
        (1 << 63) | UInt64(truncatingIfNeeded: a) << 21 | UInt64(truncatingIfNeeded: b)
    }
    @inline(__always) static func trigramKey(_ a: Int32, _ b: Int32, _ c: Int32) -> UInt64 {
        UInt64(truncatingIfNeeded: a) << 42 | UInt64(truncatingIfNeeded: b) << 21 | UInt64(truncatingIfNeeded: c)
    }

    /// The 8-bit code of a word pair's entry (0 when unseen): its count is
    /// `codeCounts[code]`, ln(1 + count) `codeLog1p[code]`; codes order as counts do.
    @inline(__always)
    func bigramCode(_ a: Int32, _ b: Int32) -> Int { bigrams.code(ContextModel.bigramKey(a, b)) }

    /// The same for a word triple.
    @inline(__always)
    func trigramCode(_ a: Int32, _ b: Int32, _ c: Int32) -> Int { trigrams.code(ContextModel.trigramKey(a, b, c)) }

    /// Where the lookup of a key starts: its home bucket and fingerprint. Kept
    /// between a prefetch and the lookup after it, so the key is hashed once.
    struct Probe {
        var bucket = 0
        var fingerprint: UInt32 = 0
    }

    /// One of the model's n-gram tables: buckets of 16 entries (a 24-bit
    /// fingerprint and an 8-bit log count), one cache line each, that pass
    /// entries on to the next bucket only when full (`unspin_probe`). The
    /// bigram and the trigram table are looked up, probed and prefetched the
    /// same way, by key.
    struct NGramTable {
        static let bucketEntries = 16
        let entries: UnsafePointer<UInt32>
        let buckets: Int

        @inline(__always)
        func probe(_ key: UInt64) -> Probe {
            let h = ContextModel.splitmix64(key)
            var fingerprint = UInt32(truncatingIfNeeded: (h >> 8) & 0xFF_FFFF)
            if fingerprint == 0 { fingerprint = 1 }
            return Probe(bucket: ContextModel.slot(h, buckets), fingerprint: fingerprint)
        }

        /// The code of the entry a probe finds, 0 when there is none. The probe
        /// loop is C: four entries a compare (SSE2), the same answer as one at a time.
        @inline(__always)
        func code(_ probe: Probe) -> Int {
            Int(unspin_probe(entries, UInt64(buckets), UInt64(probe.bucket), probe.fingerprint))
        }

        @inline(__always)
        func code(_ key: UInt64) -> Int { code(probe(key)) }

        /// Asks for the line of a probe's home bucket, which holds the answer
        /// for nearly every key, found or not.
        @inline(__always)
        func prefetch(_ probe: Probe) { unspin_prefetch(entries + probe.bucket &* NGramTable.bucketEntries) }

        @inline(__always)
        func prefetch(_ key: UInt64) { prefetch(probe(key)) }
    }

    /// The probe of a word pair; `prefetch` then `bigramCode` give `bigramCode(a, b)`.
    @inline(__always)
    func bigramProbe(_ a: Int32, _ b: Int32) -> Probe { bigrams.probe(ContextModel.bigramKey(a, b)) }

    @inline(__always)
    func prefetchBigram(_ probe: Probe) { bigrams.prefetch(probe) }

    @inline(__always)
    func bigramCode(_ probe: Probe) -> Int { bigrams.code(probe) }

    @inline(__always)
    func trigramProbe(_ key: UInt64) -> Probe { trigrams.probe(key) }

    @inline(__always)
    func prefetchTrigram(_ probe: Probe) { trigrams.prefetch(probe) }

    @inline(__always)
    func trigramCode(_ probe: Probe) -> Int { trigrams.code(probe) }

    /// Starts loading the home bucket of a word pair, for a lookup soon after.
    @inline(__always)
    func prefetchBigram(_ a: Int32, _ b: Int32) { bigrams.prefetch(ContextModel.bigramKey(a, b)) }

    @inline(__always)
    func prefetchTrigram(_ a: Int32, _ b: Int32, _ c: Int32) { prefetchTrigram(ContextModel.trigramKey(a, b, c)) }

    @inline(__always)
    func prefetchTrigram(_ key: UInt64) { trigrams.prefetch(key) }

    /// The code of the trigram with key `trigramKey(a, b, c)`.
    @inline(__always)
    func trigramCode(_ key: UInt64) -> Int { trigrams.code(key) }

    @inline(__always)
    func prefetchUnigram(_ a: Int32) { unspin_prefetch(unigrams + Int(a)) }

    @inline(__always)
    static func splitmix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A hash's home slot (or bucket) among `count`: its high 32 bits scaled to the table.
    @inline(__always)
    static func slot(_ hash: UInt64, _ count: Int) -> Int {
        Int(((hash >> 32) &* UInt64(count)) >> 32)
    }

    static let logCountTable: [Double] = (0..<256).map { ($0 == 0 ? 0 : exp(Double($0) / 16)).rounded() }

    // MARK: Channel

    /// Starts loading where the channel list of the word `id` lies (what
    /// `candidates(of:)`, hence `ContextScorer.isReplaceable`, reads first).
    @inline(__always)
    func prefetchChannelIndex(of id: Int32) { unspin_prefetch(channelIndex + Int(id)) }

    /// Starts loading the channel list of the word `id`: the first two lines
    /// of the 96 bytes the 12 candidates the scorer weighs take.
    @inline(__always)
    func prefetchChannel(of id: Int32) {
        let start = channelEntries + Int(channelIndex[Int(id)])
        unspin_prefetch(start)
        unspin_prefetch(start + 8)
    }

    /// The originals a spinner may have replaced with the word `id`, best first.
    public func candidates(of id: Int32) -> ChannelCandidates {
        let start = Int(channelIndex[Int(id)]), end = Int(channelIndex[Int(id) + 1])
        return ChannelCandidates(base: channelEntries + start, count: end - start)
    }
}

/// One original a spinner may have replaced, with the evidence for the swap.
public struct ChannelCandidate: Sendable, Equatable {
    public struct Sources: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let moby = Sources(rawValue: 1)
        public static let wordNet = Sources(rawValue: 2)
        public static let myThes = Sources(rawValue: 4)
        /// A one-word entry of the news-spinner list, of confidence 0.5 or more, makes the swap.
        public static let curated = Sources(rawValue: 8)
        /// Two or more of the list's phrase entries make the swap ("Chilly Battle
        /// => Cold War": "battle" for "war"), or a gate-only one-word entry does.
        /// Kept apart from `curated` because the collocation rule's weights were
        /// fitted before these joined the channel.
        public static let listedSwap = Sources(rawValue: 16)

        /// How many thesauri list the swap.
        public var thesauri: Int { (rawValue & 7).nonzeroBitCount }

        /// The news-spinner list makes the swap, alone or inside its phrases: the
        /// context rule's `curated` feature.
        public var isSpinnerSwap: Bool { !isDisjoint(with: [.curated, .listedSwap]) }

        public var names: [String] {
            [(Sources.moby, "Moby"), (.wordNet, "WordNet"), (.myThes, "MyThes"), (.curated, "news-spinner"),
             (.listedSwap, "news-spinner phrases")]
                .filter { contains($0.0) }.map(\.1)
        }
    }

    public var id: Int32
    public var sources: Sources
    /// Tortured-phrase pairs (PPS) that make this word swap.
    public var tortured: Int
    /// Position in the written word's list (0 = most likely).
    public var rank: Int

    init(_ entry: UInt64, rank: Int) {
        id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF)
        let features = UInt32(truncatingIfNeeded: entry >> 32)
        sources = Sources(rawValue: UInt8(truncatingIfNeeded: features & 0xFF))
        tortured = Int((features >> 8) & 0xFF)
        self.rank = rank
    }
}

/// The channel list of one written word, read in place.
public struct ChannelCandidates: RandomAccessCollection {
    let base: UnsafePointer<UInt64>
    public let count: Int
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(i: Int) -> ChannelCandidate { ChannelCandidate(base[i], rank: i) }
}

/// A model file that cannot be used, and why.
public struct ContextModelError: Error, CustomStringConvertible {
    public var origin: String
    public var reason: String
    public var description: String { "\(origin): \(reason)" }
}
