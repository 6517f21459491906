/// Dictionaries compiled for lookup: every phrase becomes a sequence of
/// vocabulary ids, and spun phrases are merged into one token trie. The trie
/// is a few flat arrays, nothing hashed: a token starts a phrase when its id
/// has a root edge (one array read), and each further word scans the handful
/// of edges of the node reached.
public struct PhraseTable: Sendable {
    public struct Entry: Sendable {
        public var dictionary: Int
        /// The dictionary entry, made from its dictionary's compact store when
        /// asked for (once per finding); the hot path reads only the compiled fields.
        public var entry: DictionaryEntry {
            get { store.entry(Int(index)) }
            set { store = EntryStore(values: [newValue]); index = 0 }
        }
        /// The entry's confidence, read without making the entry (the hot path).
        var confidence: Double { store.confidence(Int(index)) }
        var store: EntryStore
        var index: Int32
        var spunLength: Int32
        /// nil for the many entries without context conditions (keeps an entry to 32 bytes).
        var context: CompiledContext?
        var after: [CompiledTerm] { context?.after ?? [] }
        var notAfter: [CompiledTerm] { context?.notAfter ?? [] }
        var before: [CompiledTerm] { context?.before ?? [] }
        var notBefore: [CompiledTerm] { context?.notBefore ?? [] }
    }

    final class CompiledContext: Sendable {
        let after: [CompiledTerm]
        let notAfter: [CompiledTerm]
        let before: [CompiledTerm]
        let notBefore: [CompiledTerm]
        /// `case: exact`: per token of the spun phrase, whether it starts with
        /// a capital letter; nil for an entry matched in any case.
        let capitals: [Bool]?

        init(after: [CompiledTerm], notAfter: [CompiledTerm], before: [CompiledTerm], notBefore: [CompiledTerm], capitals: [Bool]?) {
            self.after = after
            self.notAfter = notAfter
            self.before = before
            self.notBefore = notBefore
            self.capitals = capitals
        }
    }

    enum CompiledTerm: Sendable {
        case phrase([Int32])
        /// Index into `classes`.
        case wordClass(Int)
        case builtin(BuiltinClass)
    }

    struct CompiledClass: Sendable {
        var words: Set<Int32> = []
        var phrases: [[Int32]] = []
    }

    // Every stored property below is written and read by BuiltinSnapshot: a new
    // one must be added there too (and BuiltinSnapshot.formatVersion bumped).
    public internal(set) var vocabulary = Vocabulary()
    public internal(set) var dictionaries: [SpinDictionary] { didSet { nameDictionaries() } }
    public internal(set) var entries: [Entry] = []
    var classes: [CompiledClass] = []
    /// Root edges: token id -> child node, -1 for none. Node 0 is the root.
    var rootChildren: [Int32] = []
    /// Edges of the other nodes, grouped by parent: node n's edges are
    /// `edgeTokens`/`edgeChildren[edgeStart[n] ..< edgeStart[n + 1]]`.
    var edgeStart: [Int32] = [0, 0]
    var edgeTokens: [Int32] = []
    var edgeChildren: [Int32] = []
    /// The entries whose spun phrase ends at node n, in priority order:
    /// `terminalList[terminalStart[n] ..< terminalStart[n + 1]]`.
    var terminalStart: [Int32] = [0, 0]
    var terminalList: [Int32] = []
    var numberWords: Set<Int32> = []
    /// Longest spun phrase, in tokens.
    public internal(set) var longestPhrase = 0
    /// The id of "-" (every dash is keyed as "-"), or `Vocabulary.unknown`.
    /// Keys write hyphens attached ("message-just"), so a match stops at a
    /// dash with space on either side: "the message - just the text" is a
    /// parenthetical dash, not the hyphenated phrase.
    @usableFromInline var hyphen = Vocabulary.unknown
    /// Per node, a filter of its edges' tokens: bit `token & 63` is set for
    /// each (empty when not derived). Most lookups below the root are for a
    /// token the node has no edge for, and the filter turns away most of them
    /// without a scan of the edges. Derived from the edges, like `hyphen`, so
    /// not in the snapshot.
    var edgeFilters: [UInt64] = []
    /// By token id: whether some spun phrase ends with that token (the token of
    /// an edge into a node where entries end). Derived, like `edgeFilters`.
    var endsPhrase: [Bool] = []
    /// The names of `dictionaries`, and of those of the tortured-phrase kind
    /// (`@kind tortured-phrases`): rules ask for them in every document, so
    /// they are made once (`nameDictionaries`). Derived from `dictionaries`,
    /// which the snapshot does not hold either.
    private(set) var dictionaryNames: Set<String> = []
    private(set) var torturedPhraseListNames: Set<String> = []

    /// The most tokens a context condition of any entry looks at, on one side.
    func contextReach() -> Int {
        func length(_ term: CompiledTerm) -> Int {
            switch term {
            case .phrase(let ids): return ids.count
            case .wordClass(let index): return classes[index].phrases.map(\.count).max() ?? 1
            case .builtin: return 1
            }
        }
        func widest(_ terms: [CompiledTerm]) -> Int { terms.reduce(1) { max($0, length($1)) } }
        var reach = 1
        for entry in entries {
            guard let context = entry.context else { continue }
            reach = max(reach, widest(context.after), widest(context.notAfter), widest(context.before), widest(context.notBefore))
        }
        return reach
    }

    /// Sets what is derived from the compiled or loaded tables: `hyphen`,
    /// `edgeFilters` and `endsPhrase`.
    mutating func deriveLookupTables() {
        hyphen = Array("-".utf8).withUnsafeBufferPointer { vocabulary.id(of: $0) }
        var ends = [Bool](repeating: false, count: rootChildren.count)
        func isTerminal(_ node: Int32) -> Bool { node >= 0 && terminalStart[Int(node)] < terminalStart[Int(node) + 1] }
        for (id, child) in rootChildren.enumerated() where isTerminal(child) { ends[id] = true }
        for (k, child) in edgeChildren.enumerated() where isTerminal(child) && Int(edgeTokens[k]) < ends.count {
            ends[Int(edgeTokens[k])] = true
        }
        endsPhrase = ends
        // Runs at every start-up, over every node: through buffer pointers,
        // each node's edge range checked once (ranges are consecutive).
        let nodeCount = max(edgeStart.count - 1, 0)
        edgeFilters = [UInt64](unsafeUninitializedCapacity: nodeCount) { filters, initialized in
            edgeStart.withUnsafeBufferPointer { starts in
                edgeTokens.withUnsafeBufferPointer { tokens in
                    var k = nodeCount > 0 ? Int(starts[0]) : 0
                    precondition(k >= 0)
                    for node in 0..<nodeCount {
                        let end = Int(starts[node + 1])
                        precondition(k <= end && end <= tokens.count)
                        var filter: UInt64 = 0
                        while k < end {
                            filter |= 1 &<< UInt64(tokens[k] & 63)
                            k += 1
                        }
                        filters[node] = filter
                    }
                }
            }
            initialized = nodeCount
        }
    }

    /// Compiles `dictionaries`; earlier ones take priority over later ones.
    /// All the built-in dictionaries, as loaded, come compiled (BuiltinSnapshot).
    public init(_ dictionaries: [SpinDictionary]) {
        if let compiled = BuiltinSnapshot.table(for: dictionaries) {
            self = compiled
            self.dictionaries = dictionaries
            nameDictionaries()
            return
        }
        self.init(compiling: dictionaries)
    }

    /// A table that finds nothing, to be filled (see BuiltinSnapshot).
    init(empty dictionaries: [SpinDictionary]) {
        self.dictionaries = dictionaries
        nameDictionaries()
    }

    /// Sets the names derived from `dictionaries` (an initializer's assignment
    /// does not run `didSet`).
    private mutating func nameDictionaries() {
        dictionaryNames = Set(dictionaries.map(\.name))
        torturedPhraseListNames = Set(dictionaries.filter { $0.kind == .torturedPhrases }.map(\.name))
    }

    /// Compiles `dictionaries` from their entries.
    init(compiling dictionaries: [SpinDictionary]) {
        self.dictionaries = dictionaries
        nameDictionaries()
        // Runs at every start-up over thousands of entries: one scratch token list
        // and id list for all phrases, no hashing but the vocabulary's.
        let entryCount = dictionaries.reduce(0) { $0 + $1.store.count }
        entries.reserveCapacity(entryCount)
        vocabulary.reserveCapacity(entryCount * 3 / 4)
        var keyer = WordKeyer()
        var scratch: [Token] = []
        for word in PhraseTable.numberWordList {
            numberWords.insert(intern(word, &keyer)[0])
        }
        var trie = TrieBuilder(capacity: entryCount * 5 / 2)
        var ids: [Int32] = []
        var hyphenID: Int32?
        for (d, dictionary) in dictionaries.enumerated() {
            var classIndex: [String: Int] = [:]
            for (name, members) in dictionary.classes.sorted(by: { $0.key < $1.key }) {
                var compiled = CompiledClass()
                for member in members {
                    let ids = intern(member, &keyer)
                    if ids.count == 1 { compiled.words.insert(ids[0]) } else if !ids.isEmpty { compiled.phrases.append(ids) }
                }
                classIndex[name] = classes.count
                classes.append(compiled)
            }
            func compile(_ terms: [ContextTerm]) -> [CompiledTerm] {
                terms.map { term in
                    switch term {
                    case .phrase(let text): return .phrase(intern(text, &keyer))
                    case .wordClass(let name):
                        if let builtin = BuiltinClass(rawValue: name) { return .builtin(builtin) }
                        return .wordClass(classIndex[name]!)
                    }
                }
            }
            let store = dictionary.store
            let joinsVary = dictionary.kind.matchesOtherJoins
            for index in 0..<store.count {
                let tokenized: Bool
                if let spun = store.spunBytes(index) {
                    tokenized = intern(spun, &keyer, &scratch, into: &ids)
                } else {
                    var spun = store.entry(index).spun
                    tokenized = spun.withUTF8 { intern($0, &keyer, &scratch, into: &ids) }
                }
                guard !ids.isEmpty else { continue }
                var compiled: CompiledContext?
                if let context = store.context(index) {
                    var capitals: [Bool]?
                    if context.matchCase {
                        capitals = store.spunBytes(index).map(PhraseTable.capitals) ?? {
                            var spun = store.entry(index).spun
                            return spun.withUTF8(PhraseTable.capitals)
                        }()
                    }
                    compiled = CompiledContext(
                        after: compile(context.after), notAfter: compile(context.notAfter),
                        before: compile(context.before), notBefore: compile(context.notBefore), capitals: capitals)
                }
                let entry = Int32(entries.count)
                entries.append(Entry(dictionary: d, store: store, index: Int32(index), spunLength: Int32(ids.count), context: compiled))
                trie.add(ids, entry: entry)
                longestPhrase = max(longestPhrase, ids.count)
                guard joinsVary else { continue }
                if hyphenID == nil { hyphenID = intern("-", &keyer).first }
                for key in PhraseTable.keysJoinedOtherwise(ids, tokens: tokenized ? scratch : nil, hyphen: hyphenID!) {
                    trie.add(key, entry: entry, variant: true)
                    longestPhrase = max(longestPhrase, key.count)
                }
            }
        }
        // Flatten: the edges of each non-root node, in creation order, and the
        // entries ending at each node, in entry (priority) order.
        (rootChildren, edgeStart, edgeTokens, edgeChildren, terminalStart, terminalList) = trie.flattened(vocabularySize: vocabulary.count)
        deriveLookupTables()
    }

    /// Tokenizes `text` exactly as input text is tokenized, interning each token.
    private mutating func intern(_ text: String, _ keyer: inout WordKeyer) -> [Int32] {
        var scratch: [Token] = []
        var ids: [Int32] = []
        var text = text
        _ = text.withUTF8 { intern($0, &keyer, &scratch, into: &ids) }
        return ids
    }

    /// `intern(_:_:)` of UTF-8 `bytes` into `ids`, with `scratch` for the tokens
    /// (both reused across calls). Whether `scratch` holds the tokens of
    /// `bytes`; when not, they are words separated by spaces.
    @discardableResult
    private mutating func intern(
        _ bytes: UnsafeBufferPointer<UInt8>, _ keyer: inout WordKeyer, _ scratch: inout [Token], into ids: inout [Int32]
    ) -> Bool {
        ids.removeAll(keepingCapacity: true)
        if PhraseTable.isLowercaseWords(bytes) {
            // Nine phrases in ten: lower-case ASCII words separated by spaces. The
            // tokenizer makes each run of letters a token, and its key is itself.
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x20 { i += 1; continue }
                var j = i + 1
                while j < bytes.count && bytes[j] != 0x20 { j += 1 }
                ids.append(vocabulary.intern(UnsafeBufferPointer(rebasing: bytes[i..<j])))
                i = j
            }
            return false
        }
        scratch.removeAll(keepingCapacity: true)
        Tokenizer.scan(bytes, into: &scratch)
        for token in scratch {
            ids.append(keyer.withKey(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])) { vocabulary.intern($0) })
        }
        return true
    }

    /// The other keys of a tortured-phrase list's phrase `ids`: its words all
    /// joined by hyphens, and all by spaces, where those differ from `ids`.
    /// The Problematic Paper Screener finds a tortured phrase whatever joins
    /// its words and lists one form; a paper writes "profound-learning-based"
    /// for the listed "profound learning", or "actual time feedback" for the
    /// listed "actual-time feedback". None where the phrase holds anything but
    /// words (or numbers) and hyphens between them: `tokens` are its tokens,
    /// nil when it is words separated by spaces. `DictionarySubstitution`
    /// gives a match its replacement joined as the text is, and caps a
    /// space for a listed hyphen at `Joins.spacedFormConfidence`. An entry
    /// with `case: exact` matches only as listed: its capitals are per token.
    static func keysJoinedOtherwise(_ ids: [Int32], tokens: [Token]?, hyphen: Int32) -> [[Int32]] {
        let words: [Int32]
        if let tokens {
            // The tokens of a phrase carry the tokenizer's ids; `ids` holds its keys.
            guard let (joined, _) = hyphenJoins(tokens[...], hyphen: hyphen, id: { ids[$0] }) else { return [] }
            words = joined
        } else {
            words = ids
        }
        guard words.count > 1 else { return [] }
        var hyphenated: [Int32] = [words[0]]
        for word in words.dropFirst() { hyphenated += [hyphen, word] }
        return [hyphenated, words].filter { $0 != ids }
    }

    /// The words of `tokens` and, per two neighbouring words, whether a
    /// hyphen joins them (else a space); nil where `tokens` hold anything but
    /// words, numbers and hyphens attached to a word on either side (a dash,
    /// "a - b", is not a join). What a phrase's joins are, both for the keys a
    /// listed phrase gets (`keysJoinedOtherwise`) and for the joins of a match
    /// (`DictionarySubstitution.Joins`). `id(k)` is the key of token `k`.
    static func hyphenJoins(_ tokens: ArraySlice<Token>, hyphen: Int32, id: (Int) -> Int32) -> (words: [Int32], joins: [Bool])? {
        var words: [Int32] = [], joins: [Bool] = []
        var hyphenated = false
        for k in tokens.indices {
            let token = tokens[k]
            switch token.kind {
            case .word, .number:
                if !words.isEmpty { joins.append(hyphenated) }
                words.append(id(k))
                hyphenated = false
            case .punctuation where id(k) == hyphen:
                guard !words.isEmpty, !hyphenated, k + 1 < tokens.endIndex, token.gap == .none,
                      tokens[k + 1].gap == .none else { return nil }
                hyphenated = true
            default:
                return nil
            }
        }
        return hyphenated ? nil : (words, joins)
    }

    /// Per token of `bytes` (tokenized as input text is), whether it is a word
    /// starting with a capital letter.
    static func capitals(_ bytes: UnsafeBufferPointer<UInt8>) -> [Bool] {
        var tokens: [Token] = []
        Tokenizer.scan(bytes, into: &tokens)
        return tokens.map { $0.kind == .word && $0.caseFlags.contains(.firstLetterUpper) }
    }

    /// Whether `bytes` holds only lower-case ASCII letters and spaces.
    static func isLowercaseWords(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !(b &- 0x61 < 26 || b == 0x20) { return false }
        return true
    }

    /// Calls `body` with (end token index, entry indices) for every spun phrase
    /// that starts at token `start`, longest first, until `body` returns true.
    /// `allowed(i)` says whether token i may be part of a match.
    @inlinable
    public func forEachMatch(
        in tokens: [Token], at start: Int, allowed: (Int) -> Bool,
        _ body: (Int, ArraySlice<Int32>) -> Bool
    ) {
        // The phrases found, shortest first: at most one per token of the longest, kept on the stack.
        withUnsafeTemporaryAllocation(of: (end: Int, node: Int32).self, capacity: longestPhrase + 1) { found in
            var count = walk(tokens, start, allowed, into: found)
            while count > 0 {
                count -= 1
                if body(found[count].end, terminals(found[count].node)) { return }
            }
        }
    }

    /// Follows the trie from token `start`; records in `found` each node where a
    /// phrase ends, with the token after it, and returns how many.
    @usableFromInline
    func walk(
        _ tokens: [Token], _ start: Int, _ allowed: (Int) -> Bool, into found: UnsafeMutableBufferPointer<(end: Int, node: Int32)>
    ) -> Int {
        var node: Int32 = 0
        var j = start
        var count = 0
        while j < tokens.count {
            let token = tokens[j]
            if j > start && token.gap == .paragraphBreak { break }
            if token.id < 0 || !allowed(j) { break }
            if token.id == hyphen && j > start
                && (token.gap != .none || (j + 1 < tokens.count && tokens[j + 1].gap != .none)) { break }
            node = child(node, token.id)
            if node < 0 { break }
            j += 1
            if terminalStart[Int(node)] < terminalStart[Int(node) + 1] {
                found[count] = (j, node)
                count += 1
            }
        }
        return count
    }

    /// The entries whose spun phrase ends at `node`, in priority order.
    @usableFromInline
    func terminals(_ node: Int32) -> ArraySlice<Int32> {
        terminalList[Int(terminalStart[Int(node)])..<Int(terminalStart[Int(node) + 1])]
    }

    /// The child of `node` along token `id` (>= 0), or -1.
    @inline(__always)
    private func child(_ node: Int32, _ id: Int32) -> Int32 {
        if node == 0 { return id >= 0 && Int(id) < rootChildren.count ? rootChildren[Int(id)] : -1 }
        if Int(node) < edgeFilters.count && edgeFilters[Int(node)] & (1 &<< UInt64(id & 63)) == 0 { return -1 }
        let edges = Int(edgeStart[Int(node)])..<Int(edgeStart[Int(node) + 1])
        // Most lookups scan all of a node's edges and find none: the range is
        // checked once, and the scan reads the tokens without a check per edge.
        precondition(edges.lowerBound >= 0 && edges.upperBound <= edgeTokens.count)
        return edgeTokens.withUnsafeBufferPointer { tokens in
            for k in edges where tokens[k] == id { return edgeChildren[k] }
            return -1
        }
    }

    /// Whether `forEachMatch` may find a phrase at token `start`: its id has a
    /// root edge, and the node reached ends a phrase or has an edge along the
    /// next token's id. Any match needs that much, so where this is false
    /// there is none; it costs a node's edge scan, where setting up the walk
    /// cost more, and in prose most tokens that start a phrase go no further.
    @inline(__always)
    func mayStartMatch(in tokens: [Token], at start: Int) -> Bool {
        let node = child(0, tokens[start].id)
        guard node >= 0 else { return false }
        if terminalStart[Int(node)] < terminalStart[Int(node) + 1] { return true }
        let next = start + 1
        return next < tokens.count && tokens[next].id >= 0 && child(node, tokens[next].id) >= 0
    }

    /// Whether `entry` is keyed with its words joined otherwise too
    /// (`SpinDictionary.Kind.matchesOtherJoins`).
    func matchesOtherJoins(_ entry: Entry) -> Bool {
        dictionaries[entry.dictionary].kind.matchesOtherJoins
    }

    /// Whether some spun phrase ends with token `id`.
    func mayEndPhrase(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < endsPhrase.count && endsPhrase[Int(id)]
    }

    /// Whether token `id` can start any spun phrase (cheap pre-check).
    @inlinable
    public func startsPhrase(_ id: Int32) -> Bool {
        id >= 0 && hasChild(0, id)
    }

    @usableFromInline
    func hasChild(_ node: Int32, _ id: Int32) -> Bool {
        child(node, id) >= 0
    }

    static let numberWordList = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
        "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion",
        "dozen", "dozens", "hundreds", "thousands", "millions", "billions",
    ]
}

/// The trie while it is built: per node, the token of the edge into it, its
/// parent, its first child and next sibling (-1: none); per entry, its end node.
/// Children are found by walking siblings (few but at the root, which has an
/// array by token id), so building hashes nothing.
private struct TrieBuilder {
    var edgeToken: [Int32] = [-1], parent: [Int32] = [-1], firstChild: [Int32] = [-1], nextSibling: [Int32] = [-1]
    var roots: [Int32] = []
    /// Where each key ends, and its entry: one per entry, and one per other
    /// key an entry gets (`PhraseTable.keysJoinedOtherwise`).
    var terminals: [(node: Int32, entry: Int32, variant: Bool)] = []

    init(capacity: Int) {
        edgeToken.reserveCapacity(capacity)
        parent.reserveCapacity(capacity)
        firstChild.reserveCapacity(capacity)
        nextSibling.reserveCapacity(capacity)
    }

    /// Adds a key of entry `entry` (keys are added in entry order): its
    /// phrase, or with `variant` another form of it, which the entries of
    /// other keys ending at the same node come before.
    mutating func add(_ ids: [Int32], entry: Int32, variant: Bool = false) {
        var node: Int32 = 0
        for id in ids {
            var child: Int32
            if node == 0 {
                if Int(id) >= roots.count { roots.append(contentsOf: repeatElement(-1, count: Int(id) + 1 - roots.count)) }
                child = roots[Int(id)]
            } else {
                child = firstChild[Int(node)]
                while child >= 0 && edgeToken[Int(child)] != id { child = nextSibling[Int(child)] }
            }
            if child < 0 {
                child = Int32(edgeToken.count)
                edgeToken.append(id)
                parent.append(node)
                firstChild.append(-1)
                if node == 0 {
                    roots[Int(id)] = child
                    nextSibling.append(-1)
                } else {
                    nextSibling.append(firstChild[Int(node)])
                    firstChild[Int(node)] = child
                }
            }
            node = child
        }
        terminals.append((node, entry, variant))
    }

    /// The lookup arrays of `PhraseTable` (counting sorts: count per group, prefix sums, place).
    func flattened(vocabularySize: Int) -> (
        roots: [Int32], edgeStart: [Int32], edgeTokens: [Int32], edgeChildren: [Int32], terminalStart: [Int32], terminalList: [Int32]
    ) {
        var roots = roots
        if roots.count < vocabularySize { roots.append(contentsOf: repeatElement(-1, count: vocabularySize - roots.count)) }
        let nodeCount = edgeToken.count
        var edgeStart = [Int32](repeating: 0, count: nodeCount + 1)
        for n in 1..<nodeCount where parent[n] != 0 { edgeStart[Int(parent[n]) + 1] += 1 }
        for n in 0..<nodeCount { edgeStart[n + 1] += edgeStart[n] }
        var edgeTokens = [Int32](repeating: 0, count: Int(edgeStart[nodeCount]))
        var edgeChildren = [Int32](repeating: 0, count: Int(edgeStart[nodeCount]))
        var next = edgeStart
        for n in 1..<nodeCount where parent[n] != 0 {
            let p = Int(parent[n])
            edgeTokens[Int(next[p])] = edgeToken[n]
            edgeChildren[Int(next[p])] = Int32(n)
            next[p] += 1
        }
        var terminalStart = [Int32](repeating: 0, count: nodeCount + 1)
        for (node, _, _) in terminals { terminalStart[Int(node) + 1] += 1 }
        for n in 0..<nodeCount { terminalStart[n + 1] += terminalStart[n] }
        var terminalList = [Int32](repeating: 0, count: terminals.count)
        next = terminalStart
        // A phrase as listed before another's variant ("actual time gazing",
        // listed, before the spaced key of "actual-time gazing"), each in entry order.
        for variants in [false, true] {
            for (node, entry, variant) in terminals where variant == variants {
                terminalList[Int(next[Int(node)])] = entry
                next[Int(node)] += 1
            }
        }
        return (roots, edgeStart, edgeTokens, edgeChildren, terminalStart, terminalList)
    }
}
