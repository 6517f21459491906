#if canImport(Glibc)
import Glibc
#endif

/// Restores destroyed collocations: technical terms and fixed phrases whose
/// words a paraphraser swapped one by one ("kidney relocation" for "kidney
/// transplant", "counterfeit consciousness" for "artificial intelligence",
/// the tortured phrases of science papers).
///
/// Looks only at adjacent word pairs that clean English never writes (the
/// bigram is unseen in the context model's counts although both words are
/// common, and is neither a WordNet compound nor among the pairs general
/// English writes most often, `GeneralEnglish`). For such a pair, it tries replacing one word, or both, by an
/// original the spinner channel links it to (thesauri, tortured-phrase word
/// swaps, curated spinner swaps): when that yields a strong collocation — a
/// pair clean English uses often and far more often than its words' frequencies
/// predict — the pair is flagged and fixed to it. Unlike `ContextRestoration`
/// it needs no help from the rest of the document: a destroyed collocation is
/// evidence on its own, so a single tortured phrase in clean text is found.
/// Confidence comes from a logistic model over the proposal's features
/// (`CollocationRestoration.weights`), fitted on development tortured phrases
/// (a fifth of the PPS pairs that evaluation never uses) and clean held-apart
/// text (scripts/fit_collocation.py).
/// By default it runs only in documents where a tortured-phrase list found
/// tortured phrases (`DocumentSpinGate.showsTorturedPhrases`: two strong
/// findings of a `@kind tortured-phrases` dictionary): it finds three times as
/// many unseen tortured phrases as the context rule alone, but makes a few
/// false edits in other text ("net interest charge" -> "net interest rate",
/// "inexhaustible energies" -> "renewable energies"), where the rest of unspin
/// makes none. A paper that uses listed tortured phrases is where the unlisted
/// ones are. Named (`--enable collocation`, `--only`, or
/// `Unspinner.Options.enabledPasses`) it runs in every document: for screening
/// text suspected of tortured phrases. It needs the context model.
public struct CollocationRestoration: Pass {
    public static let id = "collocation"
    public static let byDefault = DefaultRun.inDocumentsWithTorturedPhrases
    public static let summary = "Flags word pairs clean English never writes where swapping one or both words for a spinner's likely original gives a strong collocation; fixes them to it."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex", input: "The bank was hit by a cyber assault last year.",
                    output: "The bank was hit by a cyber attack last year.", usesContextModel: true),
        PassExample(dictionary: "@name ex", input: "The spread of bogus news worries the government.",
                    output: "The spread of fake news worries the government.", usesContextModel: true),
        // Clean collocations, and rare but ordinary pairs, are left alone.
        PassExample(dictionary: "@name ex", input: "The magnetic field of the earth protects us.",
                    output: "The magnetic field of the earth protects us.", usesContextModel: true),
        PassExample(dictionary: "@name ex", input: "She described a quiet relocation of the office.",
                    output: "She described a quiet relocation of the office.", usesContextModel: true),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        guard let model = context.model else { return }
        let document = context.document
        guard document.tokens.count > 1 else { return }
        let covered = CollocationRestoration.covered(findings, tokens: document.tokens.count)
        let ids = context.scorer(model).ids
        let proposals = CollocationRestoration.proposals(document, model, ids: ids, covered: covered)
        guard !proposals.isEmpty else { return }
        let accepted = CollocationRestoration.combine(proposals.compactMap { p in
            let confidence = CollocationRestoration.probability(p.features)
            return confidence >= CollocationRestoration.keepFloor ? (p, confidence) : nil
        })
        guard !accepted.isEmpty else { return }
        for (group, confidence) in accepted {
            let finding = CollocationRestoration.finding(group, document, model, confidence: confidence)
            // A word the context rule restored more confidently keeps its
            // restoration; one it restored less confidently takes this one.
            let overlapping = findings.indices.filter { findings[$0].tokens.overlaps(finding.tokens) }
            guard overlapping.allSatisfy({ findings[$0].confidence < confidence }) else { continue }
            for k in overlapping.reversed() { findings.remove(at: k) }
            findings.append(finding)
        }
        findings.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Tokens the rule leaves alone: those of earlier findings other than the
    /// context rule's (dictionary phrases, spintax). Words the context rule
    /// restored are weighed again, and go to the more confident of the two.
    static func covered(_ findings: [Finding], tokens: Int) -> [Bool] {
        findings.covering(tokens: tokens) { $0.rule != ContextRestoration.id }
    }

    /// Proposals of overlapping pairs (in text order) that agree on the word
    /// they share become one finding ("worldwide monetary emergency": both
    /// "worldwide monetary" -> "global financial" and "monetary emergency" ->
    /// "financial crisis" restore "monetary"); where they disagree, or one
    /// changes a word the other keeps, the more confident one stays.
    static func combine(_ proposals: [(Proposal, Double)]) -> [([Proposal], Double)] {
        var out: [([Proposal], Double)] = []
        for (p, confidence) in proposals {
            guard let (group, groupConfidence) = out.last, let last = group.last,
                  last.pair.upperBound > p.pair.lowerBound else {
                out.append(([p], confidence))
                continue
            }
            // The shared word: last's right, p's left.
            let shared = p.pair.lowerBound
            let lastChanges = last.tokens.contains(shared), pChanges = p.tokens.contains(shared)
            if lastChanges && pChanges && last.right == p.left {
                out[out.count - 1] = (group + [p], max(groupConfidence, confidence))
            } else if !lastChanges && !pChanges {
                out.append(([p], confidence))
            } else if confidence > groupConfidence {
                out[out.count - 1] = ([p], confidence)
            }
        }
        return out
    }

    /// Proposals below this confidence are not kept at all.
    static let keepFloor = 0.3

    // MARK: Proposals

    /// One restoration of a word pair: tokens `pair` (two adjacent words)
    /// become `left` `right`; `changed` is the sub-range that differs.
    public struct Proposal: Sendable {
        public var pair: Range<Int>
        public var left: Int32
        public var right: Int32
        /// The tokens that change (one of the pair, or both).
        public var tokens: Range<Int>
        public var features: Features
        /// Channel evidence for the swapped words (nil: kept as written).
        public var leftChannel: ChannelCandidate?
        public var rightChannel: ChannelCandidate?
        var channel: [ChannelCandidate] { [leftChannel, rightChannel].compactMap { $0 } }
    }

    public typealias Features = SIMD16<Double>

    /// Feature names, in order (also the order of `weights`).
    public static let featureNames = [
        "restored_count",    // ln(1 + count of the restored pair)
        "restored_pmi",      // ln(count · N / (count(x) · count(y))) of the restored pair
        "restored_share",    // ln of the larger of P(y | x) and P(x | y)
        "written_expected",  // ln(count(a) · count(b) / N): how surprising it is that the written pair is unseen
        "both_swapped",      // 1 when both words are replaced
        "thesauri",          // fewest thesauri listing a swap (of the swapped words)
        "tortured",          // ln(1 + tortured-phrase pairs making the swap), the smaller over the swapped words
        "curated",           // a curated spinner swap
        "rank",              // worst channel rank / 24
        "context_gain",      // ln(1 + links to the outer neighbours restored) − ln(1 + as written)
        "restored_trigram",  // ln(1 + the larger trigram count with an outer neighbour, restored)
        "written_rare",      // ln(1 + the smaller written word count)
        "original_rare",     // ln(1 + the smaller count of a replacement word)
        "kept_link",         // ln(1 + count of the changed word with its written partner's outer neighbour)
        "unigram_ratio",     // ln(count(replacement) / count(written)), the smaller over swapped words
        "restored_compound", // 1 when the restored pair is a two-word WordNet lemma (`ContextModel.isCompound`)
    ]

    /// A written word needs this many occurrences in the counts: rarer words
    /// are names, typos and terms the counts do not know well enough.
    static let minimumWritten = 10.0
    /// Function words are not parts of the collocations this rule restores.
    static let maximumWritten = 250_000.0
    /// The least `context_gain` (links to the outer neighbours, restored
    /// against as written) of a restoration weighed at all.
    static let minimumContextGain = -1.0
    /// The restored pair needs this many occurrences.
    static let minimumRestored = 3.0
    /// Channel candidates tried per word (best channel ranks first), and for
    /// pairs where both words are replaced.
    static let candidateLimit = 12
    static let pairCandidateLimit = 8

    /// Whether the word at `i` may be part of a restored pair: a word the
    /// model knows, in lower case, or capitalised at a sentence start.
    static func usable(_ document: Document, _ i: Int, _ ids: [Int32], _ model: ContextModel) -> Bool {
        let token = document.tokens[i]
        guard token.kind == .word, ids[i] > ContextModel.number else { return false }
        let n = model.count(ids[i])
        guard n >= minimumWritten && n <= maximumWritten else { return false }
        let flags = token.caseFlags
        if flags.contains(.hasUpper) {
            guard flags.contains(.firstLetterUpper), flags.contains(.hasLower) else { return false }
            // A capitalised word right after a word on the same line is a name
            // (what `isSentenceStart` would say, without its walk back).
            if i > 0, token.gap == .space, document.tokens[i - 1].kind == .word { return false }
            guard document.isSentenceStart(i) else { return false }
        }
        return true
    }

    /// Whether a swap with tortured-phrase evidence (PPS word substitutions)
    /// for every word it changes makes the pair `a b` a seen pair. Only such
    /// pairs are weighed: on the development data this keeps every
    /// restoration made at the default threshold while weighing one unseen
    /// pair in seventeen, and it costs a few lookups (most words have no PPS
    /// candidate, and their channel lists are read in place).
    static func hasTorturedRestoration(_ a: Int32, _ b: Int32, _ model: ContextModel) -> Bool {
        let left = model.candidates(of: a), right = model.candidates(of: b)
        let leftEnd = min(left.count, candidateLimit), rightEnd = min(right.count, candidateLimit)
        var leftTortured = false
        for k in 0..<leftEnd where left[k].tortured > 0 {
            leftTortured = true
            if restorable(left[k].id, b, model) { return true }
        }
        var rightTortured = false
        for k in 0..<rightEnd where right[k].tortured > 0 {
            rightTortured = true
            if restorable(a, right[k].id, model) { return true }
        }
        guard leftTortured && rightTortured else { return false }
        for x in 0..<min(leftEnd, pairCandidateLimit) where left[x].tortured > 0 {
            for y in 0..<min(rightEnd, pairCandidateLimit) where right[y].tortured > 0 {
                if restorable(left[x].id, right[y].id, model) { return true }
            }
        }
        return false
    }

    /// Whether `x y` may be a restored pair: seen `minimumRestored` times. (WordNet
    /// lemmas the counts miss were tried as well: on development data they added
    /// no restoration and made false edits in technical text, "thumb index" for "thumb file".)
    @inline(__always)
    static func restorable(_ x: Int32, _ y: Int32, _ model: ContextModel) -> Bool {
        model.count(x, y) >= minimumRestored
    }

    /// The best restoration of every unseen word pair not covered by earlier
    /// findings, in text order (or every candidate restoration with `keepAll`).
    /// `allPairs` weighs unseen pairs without tortured-phrase evidence too
    /// (`hasTorturedRestoration`), as the weights were fitted.
    public static func proposals(_ document: Document, _ model: ContextModel, ids: [Int32], covered: [Bool], keepAll: Bool = false,
                                 allPairs: Bool = false) -> [Proposal] {
        let tokens = document.tokens
        var out: [Proposal] = []
        var usableCache = [Int8](repeating: -1, count: tokens.count)
        func isUsable(_ i: Int) -> Bool {
            if usableCache[i] < 0 { usableCache[i] = usable(document, i, ids, model) ? 1 : 0 }
            return usableCache[i] == 1
        }
        for i in 0..<(tokens.count - 1) {
            let j = i + 1
            let a = ids[i], b = ids[j]
            // Without a tortured-phrase swap for either word there is no
            // restoration to weigh (`hasTorturedRestoration`): a byte per word
            // says so first, before anything else is read.
            guard allPairs || model.hasTorturedCandidate(a) || model.hasTorturedCandidate(b) else { continue }
            guard tokens[j].gap == .space || tokens[j].gap == .lineBreak, !covered[i], !covered[j],
                  isUsable(i), isUsable(j) else { continue }
            // An unseen pair that is a WordNet lemma is an English term the counts miss ("data structure");
            // so is one general English writes often ("data stream", `GeneralEnglish`).
            guard model.count(a, b) == 0, !model.isCompound(a, b), allPairs || hasTorturedRestoration(a, b, model),
                  !GeneralEnglish.writes(document, pairAt: i) else { continue }
            restorations(document, model, ids: ids, pair: i..<j + 1, keepAll: keepAll, into: &out)
        }
        return out
    }

    /// The restorations of the pair of tokens `pair` that make a pair seen at
    /// least `minimumRestored` times: all of them with `keepAll`, else the
    /// best by `logit`, appended to `out`. No allocation per candidate: this
    /// runs at every unseen pair.
    static func restorations(_ document: Document, _ model: ContextModel, ids: [Int32], pair: Range<Int>, keepAll: Bool,
                             into out: inout [Proposal]) {
        let i = pair.lowerBound, j = i + 1
        let a = ids[i], b = ids[j]
        let tokens = document.tokens
        // Outer neighbours, within the paragraph; a channel-only word reads as
        // `<unk>` there, as the counts saw it (`ContextModel.contextId`).
        let l: Int32? = i > 0 && tokens[i].gap != .paragraphBreak ? model.contextId(ids[i - 1]) : nil
        let r: Int32? = j + 1 < tokens.count && tokens[j + 1].gap != .paragraphBreak ? model.contextId(ids[j + 1]) : nil
        let na = model.count(a), nb = model.count(b)
        let total = model.totalTokens
        let leftAsWritten = l.map { model.count($0, a) } ?? 0
        let rightAsWritten = r.map { model.count(b, $0) } ?? 0
        let writtenExpected = log(na * nb / total), writtenRare = log1p(min(na, nb))
        var best: Proposal?
        var bestLogit = -Double.infinity
        func consider(_ x: Int32, _ y: Int32, _ cx: ChannelCandidate?, _ cy: ChannelCandidate?) {
            let nxy = model.count(x, y)
            guard nxy >= minimumRestored else { return }
            let nx = model.count(x), ny = model.count(y)
            guard nx > 0, ny > 0 else { return }
            let pmi = log(nxy * total / (nx * ny))
            let share = log(max(nxy / nx, nxy / ny))
            let compound = model.isCompound(x, y)
            // A kept word keeps its link to its outer neighbour: no lookup.
            let leftRestored = cx == nil ? leftAsWritten : l.map { model.count($0, x) } ?? 0
            let rightRestored = cy == nil ? rightAsWritten : r.map { model.count(y, $0) } ?? 0
            let gain = (log1p(leftRestored) + log1p(rightRestored)) - (log1p(leftAsWritten) + log1p(rightAsWritten))
            // A restoration that reads worse with the words around it is a
            // different phrase, not the one the spinner destroyed ("not to work
            // correctly" is not "not to function correctly").
            guard gain >= minimumContextGain else { return }
            var trigram = 0.0
            if let l, leftRestored > 0 { trigram = max(trigram, model.count(l, x, y)) }
            if let r, rightRestored > 0 { trigram = max(trigram, model.count(x, y, r)) }
            // The changed word next to the kept word's outer neighbour: does it
            // also fit the wider context?
            var keptLink = 0.0
            if cx != nil && cy == nil, r != nil { keptLink = rightAsWritten > 0 ? log1p(nxy) : 0 }
            if cy != nil && cx == nil, l != nil { keptLink = leftAsWritten > 0 ? log1p(nxy) : 0 }
            var swap = SwapEvidence()
            if let cx { swap.add(cx, original: nx, written: na) }
            if let cy { swap.add(cy, original: ny, written: nb) }
            let features = Features(
                log1p(nxy), pmi, share, writtenExpected, cx != nil && cy != nil ? 1 : 0,
                Double(swap.thesauri), log1p(Double(swap.tortured)), swap.curated, Double(swap.rank) / 24, gain, log1p(trigram),
                writtenRare, swap.originalRare, keptLink, swap.ratio, compound ? 1 : 0)
            let changed = (cx != nil ? i : j)..<(cy != nil ? j + 1 : i + 1)
            let proposal = Proposal(pair: pair, left: x, right: y, tokens: changed, features: features, leftChannel: cx, rightChannel: cy)
            if keepAll {
                out.append(proposal)
            } else {
                let z = probabilityLogit(features)
                if z > bestLogit {
                    bestLogit = z
                    best = proposal
                }
            }
        }
        let leftCandidates = model.candidates(of: a)
        let rightCandidates = model.candidates(of: b)
        for cx in leftCandidates.prefix(candidateLimit) where cx.id != b { consider(cx.id, b, cx, nil) }
        for cy in rightCandidates.prefix(candidateLimit) where cy.id != a { consider(a, cy.id, nil, cy) }
        for cx in leftCandidates.prefix(pairCandidateLimit) {
            for cy in rightCandidates.prefix(pairCandidateLimit) where cx.id != cy.id { consider(cx.id, cy.id, cx, cy) }
        }
        if let best { out.append(best) }
    }

    /// The channel evidence of a restoration's swapped words (one or both):
    /// the weakest over them.
    struct SwapEvidence {
        var thesauri = Int.max, tortured = Int.max, rank = 0, curated = 0.0
        var ratio = Double.infinity, originalRare = Double.infinity

        /// A swap of a word seen `written` times for `c`, seen `original` times.
        mutating func add(_ c: ChannelCandidate, original: Double, written: Double) {
            thesauri = min(thesauri, c.sources.thesauri)
            tortured = min(tortured, c.tortured)
            rank = max(rank, c.rank)
            if c.sources.contains(.curated) { curated = 1 }
            ratio = min(ratio, log(original / written))
            originalRare = min(originalRare, log1p(original))
        }
    }

    // MARK: Confidence

    /// Logistic weights over `featureNames`, over the derived features of
    /// `extraFeatures`, and the bias (generated by scripts/fit_collocation.py).
    /// The bias is shifted so that the default threshold (0.6) is the operating
    /// point chosen on development data (clean false edits per 10,000 words).
    static let weights = Features(-0.245659, 0.493222, 0.092776, 0.154552, 1.008303, 0.547245, 1.120562, -3.037203, -6.365131, 0.249713, 0.257957, 0.233664, 0.001982, 0.132718, 0.294993, 1.853479)
    static let extraWeights = SIMD8<Double>(3.174912, 0.038760, 0.218589, 1.884159, -0.010666, 1.480437, 0, 0)
    static let bias = -12.444960

    /// Derived features: tortured_known, tortured_x_pmi, pmi_positive,
    /// written_very_rare, tortured_x_context_gain, tortured_x_both_swapped.
    static func extraFeatures(_ f: Features) -> SIMD8<Double> {
        let tortured = f[6], pmi = f[1]
        return SIMD8<Double>(tortured > 0 ? 1 : 0, tortured * pmi, max(pmi, 0), f[11] < 5 ? 1 : 0, tortured * f[9], tortured * f[4], 0, 0)
    }

    static func probabilityLogit(_ f: Features) -> Double {
        (weights * f).sum() + (extraWeights * extraFeatures(f)).sum() + bias
    }

    static func probability(_ f: Features) -> Double {
        ContextRestoration.rounded(1 / (1 + exp(-probabilityLogit(f))))
    }

    // MARK: Findings

    /// The finding for a group of agreeing proposals (usually one): the
    /// changed words, each in the case pattern of the word it replaces.
    static func finding(_ group: [Proposal], _ document: Document, _ model: ContextModel, confidence: Double) -> Finding {
        let tokens = document.tokens
        var words: [Int: Int32] = [:]
        for p in group {
            for k in p.tokens { words[k] = k == p.pair.lowerBound ? p.left : p.right }
        }
        let changed = words.keys.min()!..<words.keys.max()! + 1
        let range = tokens[changed.lowerBound].start..<tokens[changed.upperBound - 1].end
        var replacement = ""
        for k in changed {
            if k > changed.lowerBound {
                // Keep what separated the words (a space or a line break).
                replacement += document.text(tokens[k - 1].end..<tokens[k].start)
            }
            if let word = words[k] {
                replacement += CasePattern(of: document, tokens: k..<k + 1).apply(to: model.word(word))
            } else {
                replacement += document.text(tokens[k].start..<tokens[k].end)
            }
        }
        return Finding(range: range, found: document.text(range), replacement: replacement, rule: id, source: nil,
                       confidence: confidence, explanation: group.map { explain($0, document, model) }.joined(separator: "; "),
                       tokens: changed)
    }

    /// One line: the written pair is unseen, the restored one a strong collocation, and the channel links them.
    static func explain(_ p: Proposal, _ document: Document, _ model: ContextModel) -> String {
        let written = document.text(document.tokens[p.pair.lowerBound].start..<document.tokens[p.pair.upperBound - 1].end)
        let restored = model.word(p.left) + " " + model.word(p.right)
        let f = p.features
        var sources: [String] = []
        for c in p.channel {
            var s = c.sources.names
            if c.tortured > 0 { s.append("\(c.tortured) tortured phrase\(c.tortured == 1 ? "" : "s")") }
            sources.append("'\(model.word(c.id))' (\(s.isEmpty ? "no channel source" : s.joined(separator: ", ")))")
        }
        return "'\(written.lowercased())' is never seen in clean English (expected \(decimal(exp(f[3]), digits: 1)) times by chance) "
            + "while '\(restored)' is a collocation (seen \(Int(expm1(f[0]).rounded())) times\(f[15] > 0 ? ", a WordNet term" : ""), PMI \(decimal(f[1], digits: 1))); "
            + "spinners swap \(sources.joined(separator: " and ")) for what is written"
    }
}

extension Unspinner {
    /// One candidate restoration of a word pair, for `unspin explain`.
    public struct CollocationRow: Sendable {
        /// Byte range of the written pair, and of what would change.
        public var pair: Range<Int>
        public var range: Range<Int>
        public var found: String
        public var replacement: String
        public var features: CollocationRestoration.Features
        public var confidence: Double
    }

    /// Every candidate restoration `CollocationRestoration` weighs in a document
    /// (not only the winners), with its features and confidence before the
    /// document gate, after the rules that run before it (dictionaries).
    public func explainCollocations(_ bytes: UnsafeBufferPointer<UInt8>, allPairs: Bool = false) -> [CollocationRow]? {
        guard let model else { return nil }
        let (context, findings) = runPasses(bytes, stopBefore: { $0 is CollocationRestoration })
        let document = context.document
        let tokens = document.tokens
        guard tokens.count > 1 else { return [] }
        let covered = CollocationRestoration.covered(findings, tokens: tokens.count)
        let ids = context.scorer(model).ids
        return CollocationRestoration.proposals(document, model, ids: ids, covered: covered, keepAll: true, allPairs: allPairs).map { p in
            let f = CollocationRestoration.finding([p], document, model, confidence: CollocationRestoration.probability(p.features))
            return CollocationRow(pair: tokens[p.pair.lowerBound].start..<tokens[p.pair.upperBound - 1].end, range: f.range,
                                  found: f.found, replacement: f.replacement ?? "", features: p.features, confidence: f.confidence)
        }
    }
}
