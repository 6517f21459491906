/// Dictionaries compiled for lookup: every phrase becomes a sequence of
/// vocabulary ids, and spun phrases are merged into one token trie, so a
/// lookup at a token costs one hash probe per word matched.
public struct PhraseTable: Sendable {
    public struct Entry: Sendable {
        public var dictionary: Int
        public var entry: DictionaryEntry
        var spunLength: Int
        var after: [CompiledTerm]
        var notAfter: [CompiledTerm]
        var before: [CompiledTerm]
        var notBefore: [CompiledTerm]
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

    public private(set) var vocabulary = Vocabulary()
    public private(set) var dictionaries: [SpinDictionary]
    public private(set) var entries: [Entry] = []
    var classes: [CompiledClass] = []
    /// (node << 32 | token id) -> child node; node 0 is the root.
    private var children: [UInt64: Int32] = [:]
    /// node -> entry indices ending there, in priority order.
    private var terminals: [Int32: [Int32]] = [:]
    private var nodeCount: Int32 = 1
    var numberWords: Set<Int32> = []
    /// Longest spun phrase, in tokens.
    public private(set) var longestPhrase = 0

    /// Compiles `dictionaries`; earlier ones take priority over later ones.
    public init(_ dictionaries: [SpinDictionary]) {
        self.dictionaries = dictionaries
        var keyer = WordKeyer()
        for word in PhraseTable.numberWordList {
            numberWords.insert(intern(word, &keyer)[0])
        }
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
            for entry in dictionary.entries {
                let ids = intern(entry.spun, &keyer)
                guard !ids.isEmpty else { continue }
                let index = Int32(entries.count)
                entries.append(Entry(
                    dictionary: d, entry: entry, spunLength: ids.count,
                    after: compile(entry.after), notAfter: compile(entry.notAfter),
                    before: compile(entry.before), notBefore: compile(entry.notBefore)))
                var node: Int32 = 0
                for id in ids {
                    let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(id))
                    if let child = children[key] {
                        node = child
                    } else {
                        children[key] = nodeCount
                        node = nodeCount
                        nodeCount += 1
                    }
                }
                terminals[node, default: []].append(index)
                longestPhrase = max(longestPhrase, ids.count)
            }
        }
    }

    /// Tokenizes `text` exactly as input text is tokenized, interning each token.
    private mutating func intern(_ text: String, _ keyer: inout WordKeyer) -> [Int32] {
        var text = text
        return text.withUTF8 { bytes in
            let tokens = Tokenizer.tokenize(bytes, vocabulary: vocabulary, keyer: &keyer)
            return tokens.map { token in
                keyer.withKey(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])) { vocabulary.intern($0) }
            }
        }
    }

    /// Calls `body` with (end token index, entry indices) for every spun phrase
    /// that starts at token `start`, longest first, until `body` returns true.
    /// `allowed(i)` says whether token i may be part of a match.
    @inlinable
    public func forEachMatch(
        in tokens: [Token], at start: Int, allowed: (Int) -> Bool,
        _ body: (Int, [Int32]) -> Bool
    ) {
        var matches: [(Int, [Int32])] = []
        walk(tokens, start, allowed) { end, list in matches.append((end, list)) }
        for (end, list) in matches.reversed() where body(end, list) { return }
    }

    @usableFromInline
    func walk(_ tokens: [Token], _ start: Int, _ allowed: (Int) -> Bool, _ found: (Int, [Int32]) -> Void) {
        var node: Int32 = 0
        var j = start
        while j < tokens.count {
            let token = tokens[j]
            if j > start && token.gap == .paragraphBreak { break }
            if token.id < 0 || !allowed(j) { break }
            guard let child = children[UInt64(UInt32(node)) << 32 | UInt64(UInt32(token.id))] else { break }
            node = child
            j += 1
            if let list = terminals[node] { found(j, list) }
        }
    }

    /// Whether token `id` can start any spun phrase (cheap pre-check).
    @inlinable
    public func startsPhrase(_ id: Int32) -> Bool {
        id >= 0 && hasChild(0, id)
    }

    @usableFromInline
    func hasChild(_ node: Int32, _ id: Int32) -> Bool {
        children[UInt64(UInt32(node)) << 32 | UInt64(UInt32(id))] != nil
    }

    static let numberWordList = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
        "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion",
        "dozen", "dozens", "hundreds", "thousands", "millions", "billions",
    ]
}
