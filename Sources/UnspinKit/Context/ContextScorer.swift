#if canImport(Glibc)
import Glibc
#endif

/// Scores restorations of one document against the context model: for a
/// written word and a candidate original, how the text reads with each
/// (n-gram log-probability with stupid back-off over the trigrams the word
/// touches), how well attested each is in clean English, and what the spinner
/// channel says of the swap. The features feed `ContextCoefficients`, a
/// logistic model fitted offline on simulated spinning
/// (scripts/fit_context_model.py).
public struct ContextScorer {
    public let model: ContextModel
    public let document: Document
    /// The model id of each token.
    public let ids: [Int32]
    /// The share of the document's words that the counts saw fewer than
    /// `rareWordCount` times (or never): how far the text is from the counts'
    /// news and parliamentary English. Literary, humorous and technical prose
    /// is full of such words, whose contexts all read as unattested; stage 2
    /// weighs the document's anomalies against it (`ContextCoefficients.rareShare`).
    /// Channel-only words (a spinner's odd inflections of thesaurus words,
    /// "menstruations") are left out of it: they are what spinning writes, not
    /// a sign of another kind of English.
    public let rareWordShare: Double
    static let rareWordCount = 20.0
    /// Whether the news-spinner list's swaps count as a spinner's (feature
    /// `curated`). They describe that spinner, so they are evidence only where
    /// it is: the context rule weighs them only in a document where a
    /// dictionary finds a known spinner phrase (`ContextRestoration.run`).
    public var weighsListedSwaps = true

    public init(model: ContextModel, document: Document) {
        self.model = model
        self.document = document
        var keyer = WordKeyer()
        var ids = [Int32](repeating: ContextModel.unknown, count: document.tokens.count)
        // Tokens with the same dictionary-vocabulary id have the same key, hence
        // the same model id: a small direct-mapped cache by that id saves most
        // lookups (the, of, and…). Other words are looked up by the hash the
        // tokenizer kept (`Document.keyHashes`), or hashed here. A power of two
        // of entries, so that a slot is a mask and not a division.
        var cacheSize = 64
        while cacheSize < min(4096, document.tokens.count) { cacheSize *= 2 }
        var cache = [(vocabularyId: Int32, modelId: Int32)](repeating: (Vocabulary.unknown, ContextModel.unknown), count: cacheSize)
        let bytes = document.bytes
        document.tokens.withUnsafeBufferPointer { tokens in
            document.keyHashes.withUnsafeBufferPointer { hashes in
                ids.withUnsafeMutableBufferPointer { ids in
                    cache.withUnsafeMutableBufferPointer { cache in
                        for k in tokens.indices {
                            // The model's vocabulary misses the cache: what a lookup reads is
                            // asked for ahead, a step every eight tokens (`prefetchVocabulary`;
                            // four, ~60 ns of this loop, left the reads waiting).
                            if k + 24 < hashes.count {
                                model.prefetchVocabulary(hashes[k + 24], step: 0)
                                model.prefetchVocabulary(hashes[k + 16], step: 1)
                                model.prefetchVocabulary(hashes[k + 8], step: 2)
                            }
                            let token = tokens[k]
                            switch token.kind {
                            case .number: ids[k] = ContextModel.number
                            case .invalid: break
                            case .word, .punctuation:
                                let slot = Int(token.id) & (cacheSize - 1)
                                if token.id != Vocabulary.unknown, cache[slot].vocabularyId == token.id {
                                    ids[k] = cache[slot].modelId
                                    continue
                                }
                                let word = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
                                let id = k < hashes.count && hashes[k] != 0
                                    ? model.id(ofASCIIWord: word, hash: UInt64(hashes[k]) << 32)
                                    : ContextScorer.id(ofWord: word, model, &keyer)
                                ids[k] = id
                                if token.id != Vocabulary.unknown { cache[slot] = (token.id, id) }
                            }
                        }
                    }
                }
            }
        }
        self.ids = ids
        rareWordShare = ContextScorer.rareWordShare(ids, document.tokens, model)
    }

    /// The model id of a word token: a word split at a line end and joined
    /// (`Tokenizer.joinLineEndHyphens`, the only tokens that hold a line break)
    /// is looked up without its hyphen and white space.
    static func id(ofWord word: UnsafeBufferPointer<UInt8>, _ model: ContextModel, _ keyer: inout WordKeyer) -> Int32 {
        guard word.contains(0x0A) else { return model.id(ofWord: word, keyer: &keyer) }
        let joined = word.filter { $0 != 0x2D && $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }
        return joined.withUnsafeBufferPointer { model.id(ofWord: $0, keyer: &keyer) }
    }

    static func rareWordShare(_ ids: [Int32], _ tokens: [Token], _ model: ContextModel) -> Double {
        var words = 0, rare = 0
        for k in tokens.indices where tokens[k].kind == .word {
            let id = ids[k]
            if id >= model.countedVocabularyCount { continue }
            words += 1
            if id == ContextModel.unknown || model.count(id) < rareWordCount { rare += 1 }
        }
        return words == 0 ? 0 : Double(rare) / Double(words)
    }

    /// One scored restoration: replace token `token` by the word `replacement`.
    public struct Candidate: Sendable {
        public var token: Int
        public var replacement: Int32
        public var channel: ChannelCandidate
        public var features: Features
        /// Stage-1 log-odds that this is the original (`ContextCoefficients.logit`).
        public var logit: Double
    }

    /// The features of one candidate, in the order of `featureNames`.
    public typealias Features = SIMD16<Double>

    /// Feature names, in order (also the order of `ContextCoefficients.weights`).
    public static let featureNames = [
        "lm_gain",          // log P(window | candidate) − log P(window | written)
        "written_link",     // ln(1 + weaker bigram count linking the written word to its neighbours)
        "candidate_link",   // the same with the candidate
        "written_trigram",  // mean ln(1 + trigram count) over the trigrams through the written word
        "candidate_trigram",
        "written_unigram",  // ln(1 + count) of the written word
        "candidate_unigram",
        "thesauri",         // thesauri listing the swap
        "curated",          // the news-spinner list makes the swap, alone or inside its phrases (`Sources.isSpinnerSwap`)
        "tortured",         // ln(1 + tortured-phrase pairs making the swap)
        "rank",             // channel rank / 24
        "written_unseen",   // 1 when a link of the written word is never seen
        "lm_gain_positive", // max(0, lm_gain)
        "swap_x_attested",  // curated × written_attested: a listed swap of a word that reads as written
        "lm_gain_x_thesauri", // lm_gain × thesauri
        "written_attested", // 1 when the written word is well attested (`isWellAttested`): weighed only in spun-looking documents
    ]

    // MARK: Context

    /// The neighbours of a word and the counts shared by all its candidates
    /// (filled in by `withCounts`, only for words that get weighed).
    public struct Neighbours {
        var l2: Int32?, l1: Int32?, r1: Int32?, r2: Int32?
        /// ln P denominators that do not depend on the middle word.
        var countL2L1 = 0.0, countL1 = 0.0, countR1R2 = 0.0, countR1 = 0.0, countR2 = 0.0
        /// Terms of a window's ln P that do not depend on the middle word either:
        /// P(r1 | l1 x) when neither the trigram nor the bigram (x, r1) is seen, and
        /// P(r2 | x r1) when the trigram (x, r1, r2) is not seen.
        var middleUnseen = 0.0, rightUnseen = 0.0
    }

    /// Up to two ids either side of token `i` (as the counts know them,
    /// `ContextModel.contextId`), `paragraphStart` before a paragraph's first
    /// word, nothing across a paragraph break.
    @inline(__always)
    public func neighbours(_ i: Int) -> Neighbours {
        var n = Neighbours()
        let tokens = document.tokens
        if i == 0 || tokens[i].gap == .paragraphBreak {
            n.l1 = ContextModel.paragraphStart
        } else if i == 1 || tokens[i - 1].gap == .paragraphBreak {
            n.l2 = ContextModel.paragraphStart
            n.l1 = model.contextId(ids[i - 1])
        } else {
            n.l2 = model.contextId(ids[i - 2])
            n.l1 = model.contextId(ids[i - 1])
        }
        if i + 1 < ids.count, tokens[i + 1].gap != .paragraphBreak {
            n.r1 = model.contextId(ids[i + 1])
            if i + 2 < ids.count, tokens[i + 2].gap != .paragraphBreak { n.r2 = model.contextId(ids[i + 2]) }
        }
        return n
    }

    /// `n` with the denominators its candidates share. Kept out of
    /// `neighbours` so words the first test skips cost no extra lookups.
    func withCounts(_ neighbours: Neighbours) -> Neighbours {
        var n = neighbours
        if let l2 = n.l2, let l1 = n.l1 { n.countL2L1 = model.count(l2, l1) }
        if let l1 = n.l1 { n.countL1 = model.count(l1) }
        if let r1 = n.r1 { n.countR1 = model.count(r1) }
        if let r1 = n.r1, let r2 = n.r2 { n.countR1R2 = model.count(r1, r2) }
        if let r2 = n.r2 { n.countR2 = model.count(r2) }
        if n.r1 != nil {
            n.middleUnseen = backedOff(trigram: 0, context: 0, bigram: 0, history: 0, unigram: n.countR1)
            if n.r2 != nil {
                n.rightUnseen = backedOff(trigram: 0, context: 0, bigram: n.countR1R2, history: n.countR1, unigram: n.countR2)
            }
        }
        return n
    }

    static let backOff = log(0.4)

    /// ln P(count | context) with stupid back-off: the trigram if seen, else
    /// 0.4 × the bigram if seen, else 0.4² × the unigram.
    @inline(__always)
    func backedOff(trigram: Double, context: Double, bigram: Double, history: Double, unigram: Double) -> Double {
        if trigram > 0 { return log(trigram / max(context, trigram)) }
        if bigram > 0 { return ContextScorer.backOff + log(bigram / max(history, bigram)) }
        return 2 * ContextScorer.backOff + log((unigram + 0.5) / model.totalTokens)
    }

    /// What the text looks like with `x` between the neighbours.
    struct Window {
        var logProbability = 0.0
        var trigramMean = 0.0
        var unigram = 0.0
        /// ln(1 + the weaker bigram count linking `x` to its neighbours) and
        /// ln(1 + unigram), the features.
        var weakestLinkLog1p = 0.0
        var unigramLog1p = 0.0
        /// Whether a link to a neighbour is never seen (or `x` has no neighbour).
        var hasUnseenLink = false
    }

    /// A trigram is only looked up when both its bigrams are seen: the counts
    /// are pruned so that a kept trigram's bigrams are kept too (a trigram seen
    /// three times has bigrams seen at least three times), so an unseen bigram
    /// means an unseen trigram. Most candidates stop after two lookups.
    ///
    /// Counts are read as the tables' 8-bit codes (`ContextModel.codeCounts`,
    /// `codeLog1p`), so ln(1 + count) is a table read; the terms that do not
    /// depend on `x` come from `withCounts`. The arithmetic is the same as
    /// computing every term here.
    /// `bigramCodes`, when given, are `bigramCodes(x, n)`, looked up ahead.
    @inline(__always)
    /// `trigramsUnseen`: the caller knows that no trigram through `x` is seen
    /// (the first test looked them up), so they are not looked up again.
    func window(_ x: Int32, _ n: Neighbours, bigramCodes: (left: Int, right: Int)? = nil, trigramsUnseen: Bool = false) -> Window {
        let codeCounts = model.codeCounts, codeLog1p = model.codeLog1p
        var w = Window()
        w.unigram = model.count(x)
        w.unigramLog1p = log1p(w.unigram)
        var trigramSum = 0.0, trigrams = 0
        // P(x | l2 l1)
        let (leftCode, rightCode) = bigramCodes ?? self.bigramCodes(x, n)
        let leftBigram = codeCounts[leftCode], rightBigram = codeCounts[rightCode]
        var leftTrigram = 0.0
        if let l2 = n.l2, let l1 = n.l1 {
            let code = leftBigram > 0 && n.countL2L1 > 0 && !trigramsUnseen ? model.trigramCode(l2, l1, x) : 0
            leftTrigram = codeCounts[code]
            trigramSum += codeLog1p[code]
            trigrams += 1
        }
        w.logProbability = backedOff(trigram: leftTrigram, context: n.countL2L1, bigram: leftBigram, history: n.countL1, unigram: w.unigram)
        // Codes order as counts do (0 = unseen), so the weakest link is the smallest code.
        var weakestCode = n.l1 != nil ? leftCode : Int.max
        // P(r1 | l1 x)
        guard let r1 = n.r1 else {
            w.trigramMean = trigrams > 0 ? trigramSum / Double(trigrams) : 0
            if weakestCode == .max { weakestCode = 0 }
            w.weakestLinkLog1p = codeLog1p[weakestCode]
            w.hasUnseenLink = weakestCode == 0
            return w
        }
        var middleTrigram = 0.0
        if let l1 = n.l1 {
            let code = leftBigram > 0 && rightBigram > 0 && !trigramsUnseen ? model.trigramCode(l1, x, r1) : 0
            middleTrigram = codeCounts[code]
            trigramSum += codeLog1p[code]
            trigrams += 1
        }
        w.logProbability += middleTrigram > 0 || rightBigram > 0
            ? backedOff(trigram: middleTrigram, context: leftBigram, bigram: rightBigram, history: w.unigram, unigram: n.countR1)
            : n.middleUnseen
        weakestCode = min(weakestCode, rightCode)
        w.weakestLinkLog1p = codeLog1p[weakestCode]
        w.hasUnseenLink = weakestCode == 0
        // P(r2 | x r1)
        if let r2 = n.r2 {
            let code = rightBigram > 0 && n.countR1R2 > 0 && !trigramsUnseen ? model.trigramCode(x, r1, r2) : 0
            trigramSum += codeLog1p[code]
            trigrams += 1
            w.logProbability += code != 0
                ? backedOff(trigram: codeCounts[code], context: rightBigram, bigram: n.countR1R2, history: n.countR1, unigram: n.countR2)
                : n.rightUnseen
        }
        w.trigramMean = trigramSum / Double(trigrams)
        return w
    }

    /// The codes of the bigrams (l1, x) and (x, r1), 0 when unseen or without the neighbour.
    @inline(__always)
    func bigramCodes(_ x: Int32, _ n: Neighbours) -> (left: Int, right: Int) {
        (n.l1.map { model.bigramCode($0, x) } ?? 0, n.r1.map { model.bigramCode(x, $0) } ?? 0)
    }

    /// Starts loading the trigrams `window(x, n)` will look up, given its bigram codes.
    @inline(__always)
    func prefetchTrigrams(_ x: Int32, _ n: Neighbours, _ codes: (left: Int, right: Int)) {
        if codes.left != 0, let l1 = n.l1 {
            if let l2 = n.l2, n.countL2L1 > 0 { model.prefetchTrigram(l2, l1, x) }
            if codes.right != 0, let r1 = n.r1 { model.prefetchTrigram(l1, x, r1) }
        }
        if codes.right != 0, let r1 = n.r1, let r2 = n.r2, n.countR1R2 > 0 { model.prefetchTrigram(x, r1, r2) }
    }

    // MARK: Candidates

    /// Whether `candidate` counts as the news-spinner list's swap here (`weighsListedSwaps`).
    @inline(__always)
    func isSpinnerSwap(_ candidate: ChannelCandidate) -> Bool {
        weighsListedSwaps && candidate.sources.isSpinnerSwap
    }

    /// Scores replacing token `i` (whose window as written is `written`) by `candidate`.
    func score(_ i: Int, _ candidate: ChannelCandidate, written: Window, _ n: Neighbours, attested: Bool,
               bigramCodes: (left: Int, right: Int)? = nil) -> Candidate {
        let x = window(candidate.id, n, bigramCodes: bigramCodes)
        let gain = max(-20, min(20, x.logProbability - written.logProbability))
        let unseen: Double = written.hasUnseenLink ? 1 : 0
        let thesauri = Double(candidate.sources.thesauri)
        let candidateLink = x.weakestLinkLog1p
        let features = Features(
            gain, written.weakestLinkLog1p, candidateLink, written.trigramMean,
            x.trigramMean, written.unigramLog1p, x.unigramLog1p, thesauri,
            isSpinnerSwap(candidate) ? 1 : 0, model.smallLog1p[candidate.tortured], Double(candidate.rank) / 24, unseen,
            max(0, gain), isSpinnerSwap(candidate) && attested ? 1 : 0, gain * thesauri, attested ? 1 : 0)
        return Candidate(token: i, replacement: candidate.id, channel: candidate, features: features,
                         logit: ContextCoefficients.logit(features))
    }

    /// Every candidate for token `i` (with neighbours `neighbours(i)`), scored.
    public func candidates(at i: Int, _ neighbours: Neighbours, attested: Bool = false) -> [Candidate] {
        let n = withCounts(neighbours)
        let written = window(ids[i], n)
        return model.candidates(of: ids[i]).prefix(ContextScorer.candidateLimit).map { score(i, $0, written: written, n, attested: attested) }
    }

    /// The best candidate for token `i` and the runner-up's logit, without
    /// keeping the others (the hot path).
    ///
    /// Candidates that cannot matter are not scored: one whose logit bound
    /// (`logitBound`) is more than 5 below both `floor` and the best scored so
    /// far. Stage 2 caps the best's lead over the runner-up at 5 and restores
    /// nothing whose best logit is under `floor` (`ContextRestoration.restoreFloor`),
    /// so the best and, when it trails by less than 5, the runner-up are the same
    /// as when every candidate is scored. A runner-up 5 or more behind may be
    /// reported lower, or nil; nil is returned when every candidate is skipped
    /// or no bound reaches `floor`, which happens only when the best logit is
    /// under `floor`. The bounds: `logitBound` first, then `tightLogitBound`.
    public func best(at i: Int, _ neighbours: Neighbours, attested: Bool = false, floor: Double = -.infinity)
        -> (best: Candidate, runnerUp: Double?)? {
        withBounds(i, neighbours, attested: attested, cut: floor - ContextScorer.leadCap) { candidates, n, written, terms, bounds in
            // A word whose bounds all fall under the floor is not restored, whatever its best.
            guard bounds.contains(where: { $0.bound >= floor }) else { return nil }
            var cut = floor - ContextScorer.leadCap
            var best: Candidate?
            var runnerUp: Double?
            for (k, c) in zip(bounds.indices, candidates) where bounds[k].bound >= cut {
                guard tightLogitBound(c, terms, n, bigramCodes: bounds[k].codes) >= cut else { continue }
                let scored = score(i, c, written: written, n, attested: attested, bigramCodes: bounds[k].codes)
                guard let leader = best else {
                    best = scored
                    cut = max(cut, scored.logit - ContextScorer.leadCap)
                    continue
                }
                if scored.logit > leader.logit {
                    runnerUp = leader.logit
                    best = scored
                    cut = max(cut, scored.logit - ContextScorer.leadCap)
                } else if scored.logit > (runnerUp ?? -.infinity) {
                    runnerUp = scored.logit
                }
            }
            return best.map { ($0, runnerUp) }
        }
    }

    /// What the first pass needs of a word (`screen(_:staged:context:)`, from
    /// its candidates' bounds): whether its best logit is ≥ 0 (an anomaly, for
    /// the document's density), and otherwise a bound on it, so that once the
    /// density (hence `ContextRestoration.restoreFloor`) is known only words
    /// that may be restored are weighed in full with `best(at:)`. Only
    /// candidates whose bound reaches 0 are scored, and scoring stops at the
    /// first anomaly.
    @inline(__always)
    func screened(_ i: Int, _ candidates: ChannelCandidates.SubSequence, _ n: Neighbours, _ written: Window, _ terms: BoundTerms,
                  _ bounds: UnsafeMutableBufferPointer<Bounded>) -> (anomaly: Bool, bound: Double) {
        var upper = -Double.infinity
        for (k, c) in zip(bounds.indices, candidates) {
            guard bounds[k].bound >= 0 else {
                upper = max(upper, bounds[k].bound)
                continue
            }
            // The trigrams make a bound that is nearly the logit: score only what it does not settle.
            let tight = tightLogitBound(c, terms, n, bigramCodes: bounds[k].codes)
            guard tight >= 0 else {
                upper = max(upper, tight)
                continue
            }
            let logit = score(i, c, written: written, n, attested: false, bigramCodes: bounds[k].codes).logit
            if logit >= 0 { return (true, logit) }
            upper = max(upper, logit)
        }
        return (false, upper)
    }

    // MARK: The screen in stages

    /// What screening a word shares between its candidates, made in
    /// `boundLeftLinks` and kept for the steps after.
    struct ScreenContext {
        var neighbours = Neighbours()
        var written = Window()
        var terms: BoundTerms?
    }

    /// The screen of a word `attest` found unattested, in four steps a few
    /// words apart (`ContextRestoration.ScreenQueue`), so that each finds in
    /// cache the lines the one before asked for: `prepareLeftLinks` asks for
    /// its candidates' links to the left neighbour; `boundLeftLinks` bounds
    /// each candidate from that link alone and asks for the right links of
    /// only the candidates that bound does not put under `cut`;
    /// `boundRightLinks` bounds them from both and asks for the trigrams of
    /// those that may be anomalies; `screen(_:staged:context:)` finishes. A candidate's bound with its left link
    /// known and its right link taken at its most (`logitBound` does not fall
    /// as the right link's code rises, but for `logAbove`, which may give a
    /// smaller ratio up to 0.0069 more: `leftBoundSlack`) is a bound on its
    /// logit too: under 0 it cannot be an anomaly, and it is what the screen
    /// reports for it. So with `cut` 0 the anomalies are the same as with
    /// every link looked up, and the reported bound may be higher (more words
    /// weighed in full once the density is known, which changes no result).
    /// On 1 MB of prose 41% of the right links are not looked up (44 K of
    /// 107 K), all of candidates whose left link is unseen.
    @inline(__always)
    func prepareLeftLinks(_ word: Attestation, into bounds: UnsafeMutablePointer<Bounded>) {
        let candidates = model.candidates(of: ids[word.token]).prefix(ContextScorer.candidateLimit)
        for (k, c) in zip(0..<candidates.count, candidates) {
            var b = Bounded()
            model.prefetchUnigram(c.id)
            if let l1 = word.neighbours.l1 { b.left = model.bigramProbe(l1, c.id); model.prefetchBigram(b.left) }
            (bounds + k).initialize(to: b)
        }
    }

    /// The second step of the staged screen (see `prepareLeftLinks`): the
    /// context's counts, the written word's window, and each candidate's left
    /// link and bound from it; the right links of the candidates whose bound
    /// reaches `cut` are hashed and asked for.
    @inline(__always)
    func boundLeftLinks(_ word: Attestation, _ bounds: UnsafeMutablePointer<Bounded>, context: UnsafeMutablePointer<ScreenContext>,
                        cut: Double) {
        let candidates = model.candidates(of: ids[word.token]).prefix(ContextScorer.candidateLimit)
        let n = withCounts(word.neighbours)
        let written = window(ids[word.token], n, bigramCodes: (word.leftLinkCode, word.rightLinkCode), trigramsUnseen: true)
        let terms = BoundTerms(self, written: written, n, attested: false)
        context.pointee = ScreenContext(neighbours: n, written: written, terms: terms)
        // The bound grows with the right link's code only if the link's weight is not negative.
        let skipping = terms.linkWeight >= 0, slack = ContextScorer.leftBoundSlack
        for (k, c) in zip(0..<candidates.count, candidates) {
            let left = n.l1 != nil ? model.bigramCode(bounds[k].left) : 0
            bounds[k].codes = (left, 0)
            guard let r1 = n.r1 else {
                bounds[k].bound = logitBound(c, terms, n, bigramCodes: (left, 0))
                continue
            }
            // A candidate with a seen left link nearly always bounds over 0
            // from it alone (830 of 50 K on 1 MB of prose): not worth a bound.
            if skipping && left == 0 {
                let bound = logitBound(c, terms, n, bigramCodes: (left, 255)) + slack
                if bound < cut {
                    bounds[k].bound = bound
                    continue
                }
            }
            bounds[k].right = model.bigramProbe(c.id, r1)
            model.prefetchBigram(bounds[k].right)
            bounds[k].needsRight = true
        }
    }

    /// Covers `logAbove` of a ratio under 1 being up to 0.0069 above
    /// `logAbove(1)` (at ratios just under a power of 2), times the logit's
    /// largest slope in ln P (through the gain, for 0–3 thesauri).
    static let leftBoundSlack: Double = {
        let w = ContextCoefficients.weights
        let slopes = [0.0, 1, 2, 3].flatMap { t in [w[0] + w[14] * t, w[0] + w[12] + w[14] * t] }
        return 0.0072 * max(0, slopes.max() ?? 0) + boundSlack
    }()

    /// The third step of the staged screen: the right links asked for in
    /// `boundLeftLinks` (in cache by now), the bounds from both links, and a
    /// request for the trigrams of the candidates whose bound reaches 0, which
    /// `screen(_:staged:context:)` looks up (one word later).
    @inline(__always)
    func boundRightLinks(_ word: Attestation, _ bounds: UnsafeMutablePointer<Bounded>, context: UnsafeMutablePointer<ScreenContext>) {
        let candidates = model.candidates(of: ids[word.token]).prefix(ContextScorer.candidateLimit)
        guard let terms = context.pointee.terms else { return }
        let n = context.pointee.neighbours
        for (k, c) in zip(0..<candidates.count, candidates) {
            if bounds[k].needsRight {
                let codes = (left: bounds[k].codes.left, right: model.bigramCode(bounds[k].right))
                bounds[k].codes = codes
                bounds[k].bound = logitBound(c, terms, n, bigramCodes: codes)
            }
            if bounds[k].bound >= 0 { prefetchTrigrams(c.id, n, bounds[k].codes) }
        }
    }

    /// The last step of the staged screen: what `screened` says of the word; nil when it has no candidates.
    @inline(__always)
    func screen(_ word: Attestation, staged bounds: UnsafeMutablePointer<Bounded>, context: UnsafeMutablePointer<ScreenContext>)
        -> (anomaly: Bool, bound: Double)? {
        let candidates = model.candidates(of: ids[word.token]).prefix(ContextScorer.candidateLimit)
        guard !candidates.isEmpty, let terms = context.pointee.terms else { return nil }
        return screened(word.token, candidates, context.pointee.neighbours, context.pointee.written, terms,
                        UnsafeMutableBufferPointer(start: bounds, count: candidates.count))
    }

    /// One candidate of the word being weighed: where its bigram lookups start,
    /// their codes and its logit bound.
    struct Bounded {
        var left = ContextModel.Probe(), right = ContextModel.Probe()
        var codes = (left: 0, right: 0)
        var bound = 0.0
        /// In the staged screen: the right link is asked for and not yet looked up.
        var needsRight = false
    }

    /// Runs `body` with the candidates of token `i` (nil when there are none),
    /// `withCounts(neighbours)`, the written word's window and each candidate's
    /// bigram codes and logit bound; the trigrams of candidates whose bound
    /// reaches `cut` are asked for.
    @inline(__always)
    func withBounds<R>(_ i: Int, _ neighbours: Neighbours, attested: Bool, cut: Double,
                       _ body: (ChannelCandidates.SubSequence, Neighbours, Window, BoundTerms, UnsafeMutableBufferPointer<Bounded>) -> R?) -> R? {
        let candidates = model.candidates(of: ids[i]).prefix(ContextScorer.candidateLimit)
        guard !candidates.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: Bounded.self, capacity: candidates.count) { bounds in
            // Every lookup below misses the cache: ask for the lines first, so the
            // misses overlap instead of coming one after another.
            prefetchContext(neighbours)
            for (k, c) in zip(bounds.indices, candidates) {
                var b = Bounded()
                model.prefetchUnigram(c.id)
                if let l1 = neighbours.l1 { b.left = model.bigramProbe(l1, c.id); model.prefetchBigram(b.left) }
                if let r1 = neighbours.r1 { b.right = model.bigramProbe(c.id, r1); model.prefetchBigram(b.right) }
                bounds.initializeElement(at: k, to: b)
            }
            let n = withCounts(neighbours)
            let written = window(ids[i], n)
            let terms = BoundTerms(self, written: written, n, attested: attested)
            // The bigrams (now in cache) and the bounds, then a request for the
            // trigrams of the candidates that may be scored.
            for (k, c) in zip(bounds.indices, candidates) {
                let codes = (left: n.l1 != nil ? model.bigramCode(bounds[k].left) : 0,
                             right: n.r1 != nil ? model.bigramCode(bounds[k].right) : 0)
                bounds[k].codes = codes
                bounds[k].bound = logitBound(c, terms, n, bigramCodes: codes)
                if bounds[k].bound >= cut { prefetchTrigrams(c.id, n, codes) }
            }
            return body(candidates, n, written, terms, bounds)
        }
    }

    /// Asks for the lines `withCounts(n)` reads, and the channel list of token
    /// `i`: the first step of screening a word (see `withBounds`, `prepareLeftLinks`).
    @inline(__always)
    func prefetchContext(_ n: Neighbours, channelOf i: Int? = nil) {
        if let l2 = n.l2, let l1 = n.l1 { model.prefetchBigram(l2, l1) }
        if let r1 = n.r1, let r2 = n.r2 { model.prefetchBigram(r1, r2) }
        guard let i else { return }
        if let l1 = n.l1 { model.prefetchUnigram(l1) }
        if let r1 = n.r1 { model.prefetchUnigram(r1) }
        if let r2 = n.r2 { model.prefetchUnigram(r2) }
        model.prefetchUnigram(ids[i])
        model.prefetchChannel(of: ids[i])
    }

    /// Stage 2 caps the best candidate's lead over the runner-up at this.
    static let leadCap = 5.0

    /// What the logit bounds of one word's candidates share.
    struct BoundTerms {
        /// The bias and the terms of the written word's features.
        var base: Double
        var weights: Features
        /// The weight of the candidate's link.
        var linkWeight: Double
        /// What a listed swap adds besides `curated`'s weight: `swap_x_attested`'s, for a well-attested word.
        var attestedSwap: Double
        /// The trigram-mean term when 0, 1, 2 or 3 of the candidate's trigrams may be seen.
        var trigramTerms: SIMD4<Double>
        var writtenLogProbability: Double
        var backOff: Double
        var totalTokens: Double
        /// `ContextScorer.boundable`, read once per word.
        var boundable: Bool

        /// `scorer` is borrowed: an initializer owns its arguments by default,
        /// and copying a scorer retains each of its references.
        init(_ scorer: borrowing ContextScorer, written: Window, _ n: Neighbours, attested: Bool) {
            let w = ContextCoefficients.weights
            weights = w
            let unseen: Double = written.hasUnseenLink ? 1 : 0
            base = ContextCoefficients.bias + w[1] * written.weakestLinkLog1p + w[3] * written.trigramMean
                + w[5] * written.unigramLog1p + w[11] * unseen + w[15] * (attested ? 1 : 0)
            linkWeight = w[2]
            attestedSwap = attested ? w[13] : 0
            // The number of trigrams `window` averages over: it depends on the neighbours only.
            var trigrams = 0
            if n.l2 != nil && n.l1 != nil { trigrams += 1 }
            if n.r1 != nil {
                if n.l1 != nil { trigrams += 1 }
                if n.r2 != nil { trigrams += 1 }
            }
            let most = scorer.model.codeLog1p[255]
            trigramTerms = trigrams == 0 ? .zero
                : SIMD4(0, 1, 2, 3) * (w[4] * most / Double(trigrams))
            writtenLogProbability = written.logProbability
            backOff = ContextScorer.backOff
            totalTokens = scorer.model.totalTokens
            boundable = ContextScorer.boundable
        }
    }

    /// An upper bound on `score(...).logit`, from the candidate's bigram codes
    /// alone: no trigram lookup and no libm call. Each term of the score is
    /// bounded by what `window` would compute: a trigram `window` would look up
    /// is given its largest possible effect (its term of ln P is at most 0
    /// whether it is found, ln(trigram / max(context, trigram)), or not, a
    /// backed-off bigram term ≤ ln 0.4; its ln(1 + count) at most that of the
    /// largest code); other terms of ln P are bounded above by `logAbove`, the
    /// unigram feature on the side its weight needs by `logAbove`/`logBelow`.
    /// The logit grows with the gain and the trigram mean (`boundable` checks
    /// the weights' signs), so the bound holds; `boundSlack` covers rounding.
    /// +∞ when the weights do not allow a bound.
    @inline(__always)
    func logitBound(_ candidate: ChannelCandidate, _ terms: BoundTerms, _ n: Neighbours,
                    bigramCodes codes: (left: Int, right: Int)) -> Double {
        guard terms.boundable else { return .infinity }
        let codeCounts = model.codeCounts
        let w = terms.weights
        let unigram = model.count(candidate.id)
        let leftBigram = codeCounts[codes.left], rightBigram = codeCounts[codes.right]
        // The branches of `window` and `backedOff`.
        var logProbability: Double
        var possible = 0
        if n.l2 != nil && n.l1 != nil && leftBigram > 0 && n.countL2L1 > 0 {
            possible += 1
            logProbability = 0
        } else if leftBigram > 0 {
            logProbability = terms.backOff + ContextScorer.logAbove(leftBigram / max(n.countL1, leftBigram))
        } else {
            logProbability = 2 * terms.backOff + ContextScorer.logAbove((unigram + 0.5) / terms.totalTokens)
        }
        var weakestCode = n.l1 != nil ? codes.left : Int.max
        if n.r1 != nil {
            if n.l1 != nil && leftBigram > 0 && rightBigram > 0 {
                possible += 1
            } else if rightBigram > 0 {
                logProbability += terms.backOff + ContextScorer.logAbove(rightBigram / max(unigram, rightBigram))
            } else {
                logProbability += n.middleUnseen
            }
            weakestCode = min(weakestCode, codes.right)
            if n.r2 != nil {
                if rightBigram > 0 && n.countR1R2 > 0 { possible += 1 } else { logProbability += n.rightUnseen }
            }
        }
        if weakestCode == .max { weakestCode = 0 }
        let gain = max(-20, min(20, logProbability - terms.writtenLogProbability))
        let thesauri = Double(candidate.sources.thesauri)
        // ln(1 + unigram), from the side that makes its term larger.
        let unigramLog1p = w[6] < 0 ? ContextScorer.logBelow(1 + unigram) : ContextScorer.logAbove(1 + unigram)
        var logit = terms.base + w[0] * gain + w[12] * max(0, gain) + w[14] * gain * thesauri
        logit += terms.linkWeight * model.codeLog1p[weakestCode] + terms.trigramTerms[possible] + w[6] * unigramLog1p
        logit += w[7] * thesauri + (isSpinnerSwap(candidate) ? w[8] + terms.attestedSwap : 0) + w[9] * model.smallLog1p[candidate.tortured]
            + w[10] * (Double(candidate.rank) / 24)
        return logit + ContextScorer.boundSlack
    }

    /// An upper bound on `score(...).logit` that looks up the trigrams `window`
    /// looks up and follows its arithmetic, with the logarithms bounded by
    /// `logAbove`/`logBelow` instead of libm calls: within ~0.01 of the logit,
    /// so it settles most candidates `logitBound` cannot. Same conditions as
    /// `logitBound`.
    @inline(__always)
    func tightLogitBound(_ candidate: ChannelCandidate, _ terms: BoundTerms, _ n: Neighbours,
                         bigramCodes codes: (left: Int, right: Int)) -> Double {
        guard terms.boundable else { return .infinity }
        let codeCounts = model.codeCounts, codeLog1p = model.codeLog1p
        let w = terms.weights
        let x = candidate.id
        let unigram = model.count(x)
        let leftBigram = codeCounts[codes.left], rightBigram = codeCounts[codes.right]
        // `backedOff` with ln bounded above.
        func above(trigram: Double, context: Double, bigram: Double, history: Double, unigram: Double) -> Double {
            if trigram > 0 { return ContextScorer.logAbove(trigram / max(context, trigram)) }
            if bigram > 0 { return terms.backOff + ContextScorer.logAbove(bigram / max(history, bigram)) }
            return 2 * terms.backOff + ContextScorer.logAbove((unigram + 0.5) / terms.totalTokens)
        }
        var trigramSum = 0.0, trigrams = 0
        var leftTrigram = 0.0
        if let l2 = n.l2, let l1 = n.l1 {
            let code = leftBigram > 0 && n.countL2L1 > 0 ? model.trigramCode(l2, l1, x) : 0
            leftTrigram = codeCounts[code]
            trigramSum += codeLog1p[code]
            trigrams += 1
        }
        var logProbability = above(trigram: leftTrigram, context: n.countL2L1, bigram: leftBigram, history: n.countL1, unigram: unigram)
        var weakestCode = n.l1 != nil ? codes.left : Int.max
        if let r1 = n.r1 {
            var middleTrigram = 0.0
            if let l1 = n.l1 {
                let code = leftBigram > 0 && rightBigram > 0 ? model.trigramCode(l1, x, r1) : 0
                middleTrigram = codeCounts[code]
                trigramSum += codeLog1p[code]
                trigrams += 1
            }
            logProbability += middleTrigram > 0 || rightBigram > 0
                ? above(trigram: middleTrigram, context: leftBigram, bigram: rightBigram, history: unigram, unigram: n.countR1)
                : n.middleUnseen
            weakestCode = min(weakestCode, codes.right)
            if let r2 = n.r2 {
                let code = rightBigram > 0 && n.countR1R2 > 0 ? model.trigramCode(x, r1, r2) : 0
                trigramSum += codeLog1p[code]
                trigrams += 1
                logProbability += code != 0
                    ? above(trigram: codeCounts[code], context: rightBigram, bigram: n.countR1R2, history: n.countR1, unigram: n.countR2)
                    : n.rightUnseen
            }
        }
        if weakestCode == .max { weakestCode = 0 }
        // `window` divides by the count whenever there is a right neighbour.
        guard trigrams > 0 || n.r1 == nil else { return .infinity }
        let trigramMean = trigrams > 0 ? trigramSum / Double(trigrams) : 0
        let gain = max(-20, min(20, logProbability - terms.writtenLogProbability))
        let thesauri = Double(candidate.sources.thesauri)
        let unigramLog1p = w[6] < 0 ? ContextScorer.logBelow(1 + unigram) : ContextScorer.logAbove(1 + unigram)
        var logit = terms.base + w[0] * gain + w[12] * max(0, gain) + w[14] * gain * thesauri
        logit += terms.linkWeight * codeLog1p[weakestCode] + w[4] * trigramMean + w[6] * unigramLog1p
        logit += w[7] * thesauri + (isSpinnerSwap(candidate) ? w[8] + terms.attestedSwap : 0) + w[9] * model.smallLog1p[candidate.tortured]
            + w[10] * (Double(candidate.rank) / 24)
        return logit + ContextScorer.boundSlack
    }

    /// ln x rounded up, for a finite x > 0: with x = 2^e (1 + t), 0 ≤ t < 1,
    /// ln x = e ln 2 + ln(1 + t) and ln(1 + t) ≤ t (6 + t) / (6 + 4t) (at most 0.007 over).
    @inline(__always)
    static func logAbove(_ x: Double) -> Double {
        let (e, t) = exponentAndFraction(x)
        return e * ln2 + t * (6 + t) / (6 + 4 * t)
    }

    /// ln x rounded down, for a finite x > 0: ln(1 + t) ≥ 2t / (2 + t) (at most 0.027 under).
    @inline(__always)
    static func logBelow(_ x: Double) -> Double {
        let (e, t) = exponentAndFraction(x)
        return e * ln2 + 2 * t / (2 + t)
    }

    /// x = 2^e (1 + t) with 0 ≤ t < 1, for a finite x > 0 that is not subnormal.
    @inline(__always)
    static func exponentAndFraction(_ x: Double) -> (e: Double, t: Double) {
        let bits = x.bitPattern
        let e = Double(Int((bits >> 52) & 0x7FF) - 1023)
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        return (e, m - 1)
    }

    static let ln2 = 0.693_147_180_559_945_3

    /// Added to a bound so that rounding (it adds its terms in another order
    /// than the score, and bounds the logarithms by other formulas) cannot put
    /// it under the logit: those errors are ~1e-13 on logits of magnitude < 100.
    static let boundSlack = 1e-7

    /// Whether `logitBound` is a bound with these coefficients: the logit must
    /// not fall as the gain rises (`lm_gain`, `lm_gain_positive` and
    /// `lm_gain_x_thesauri` for 0–3 thesauri, both signs of the gain) or as the
    /// candidate's trigram mean rises.
    static let boundable: Bool = {
        let w = ContextCoefficients.weights
        let slopes = [0.0, 3.0].flatMap { t in [w[0] + w[14] * t, w[0] + w[12] + w[14] * t] }
        return slopes.allSatisfy { $0 >= 0 } && w[4] >= 0
    }()

    /// Candidates weighed per word, best channel ranks first: the 12 best hold
    /// 86% of the true originals in simulated spinning, at half the lookups of all 24.
    static let candidateLimit = 12

    /// Whether token `i` is a word the scorer may replace: a known lower-case
    /// word, or a capitalised one at a sentence start (names are left alone).
    @inline(always)
    public func isReplaceable(_ i: Int) -> Bool {
        let token = document.tokens[i]
        guard token.kind == .word, ids[i] > ContextModel.number else { return false }
        let flags = token.caseFlags
        if flags.contains(.hasUpper) {
            guard flags.contains(.firstLetterUpper), flags.contains(.hasLower), document.isSentenceStart(i) else { return false }
        }
        return !model.candidates(of: ids[i]).isEmpty
    }

    /// Whether the written word at `i` is attested in its context well enough
    /// that no restoration is considered: some trigram through it is seen in
    /// clean English, or both its links to its neighbours are common. This is
    /// the cheap first test for each word (at most five lookups); "flag only
    /// what clean English does not write" is also what keeps clean text safe.
    public func isWellAttested(_ i: Int, _ n: Neighbours) -> Bool {
        isWellAttested(Attestation(self, i, n))
    }

    /// What `isWellAttested` reads for one word: its neighbours and the keys
    /// of the trigrams through it. Made a few words ahead
    /// (`ContextRestoration.weighRestorable`), with the cache lines of the
    /// first trigram asked for, so that the misses overlap the work between.
    public struct Attestation {
        public var token: Int
        public var neighbours: Neighbours
        /// The model id of the word.
        var word: Int32 = ContextModel.unknown
        /// The keys of the trigrams through the word, in the order they are
        /// looked up: (w r1 r2), (l1 w r1), (l2 l1 w). A word stops at the
        /// first seen (in news text each is seen for ~72% of words). The right
        /// trigram goes first because it is also the next word's middle
        /// trigram and the left one of the word after, and each lookup is kept
        /// in a `TrigramMemo`: a word whose middle or left trigram a word before
        /// found seen needs no lookup at all, and one found unseen is not
        /// looked up again. On 1 MB of prose this takes 78 K lookups and 106 K
        /// lines asked for, against 118 K and 132 K in the order (l2 l1 w),
        /// (w r1 r2), (l1 w r1) without a memo. So only the first is hashed and
        /// asked for ahead; the others once it is found unseen (`advance`).
        /// A tuple, not a SIMD vector: setting a vector's lane at a variable
        /// index went through memory, and reading the vector back stalled on
        /// the store.
        var keys: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var keyCount = 0
        /// Two bits a key: how many tokens before the word it starts (0 right, 1 middle, 2 left).
        var starts: UInt8 = 0
        /// Where the lookup of the first key starts.
        var first = ContextModel.Probe()
        /// Keys looked up so far (all unseen unless `seen`).
        var looked = 0
        var seen = false
        /// Set by `attest` when no trigram is seen: the codes of the bigrams (l1, word) and (word, r1).
        var leftLinkCode = 0, rightLinkCode = 0

        /// An empty slot.
        init(token: Int) {
            self.token = token
            neighbours = Neighbours()
        }

        @inline(__always)
        init(_ scorer: borrowing ContextScorer, _ i: Int, _ n: Neighbours) {
            token = i
            neighbours = n
            let c = scorer.ids[i]
            word = c
            if let r1 = n.r1, let r2 = n.r2 { add(ContextModel.trigramKey(c, r1, r2), start: 0) }
            if let b = n.l1, let r1 = n.r1 { add(ContextModel.trigramKey(b, c, r1), start: 1) }
            if let a = n.l2, let b = n.l1 { add(ContextModel.trigramKey(a, b, c), start: 2) }
            if keyCount > 0 { first = scorer.model.trigramProbe(keys.0) }
        }

        @inline(__always)
        private mutating func add(_ key: UInt64, start: Int) {
            switch keyCount {
            case 0: keys.0 = key
            case 1: keys.1 = key
            default: keys.2 = key
            }
            starts |= UInt8(start) << (2 * keyCount)
            keyCount += 1
        }

        /// Where key `k` starts: `token` minus this.
        @inline(__always)
        func start(_ k: Int) -> Int { Int(starts >> (2 * k)) & 3 }

        /// Key `k` of `keys`.
        @inline(__always)
        func key(_ k: Int) -> UInt64 { k == 0 ? keys.0 : k == 1 ? keys.1 : keys.2 }

        /// Asks for the lines of the first trigram.
        @inline(__always)
        func prefetch(_ model: ContextModel) {
            if keyCount > 0 { model.prefetchTrigram(first) }
        }

        /// Looks up the first trigram (asked for by `prefetch` some tokens
        /// before) unless the memo settles the word, and when it is unseen,
        /// asks for the others the memo does not hold.
        @inline(always)
        mutating func advance(_ model: ContextModel, _ memo: TrigramMemo) {
            guard looked == 0, keyCount > 0 else { return }
            looked = 1
            // The words before may have found their right trigram, this word's middle or left one, seen.
            for k in 1..<keyCount where memo.isSeen(key(k), at: token - start(k)) {
                seen = true
                return
            }
            seen = model.trigramCode(first) != 0
            memo.record(keys.0, at: token, seen: seen)
            if seen { return }
            for k in 1..<keyCount where !memo.holds(key(k), at: token - start(k)) { model.prefetchTrigram(key(k)) }
            // `attest` looks the links up when no trigram is seen: asked for
            // here, they were the first test's costliest misses.
            if let l1 = neighbours.l1 { model.prefetchBigram(l1, word) }
            if let r1 = neighbours.r1 { model.prefetchBigram(word, r1) }
        }
    }

    /// The trigrams the first test looked up lately, by the token they start
    /// at: a word's middle and left trigrams are the right trigrams of the
    /// word one and two tokens before, so the first test need not look them
    /// up again. A slot is a position modulo `slots`, and answers only for
    /// the very key it holds (a slot taken since reads as not looked up).
    struct TrigramMemo {
        /// Enough that the trigram a word looks up 8 tokens ahead
        /// (`ContextRestoration.weighRestorable`) is still held when it and
        /// the next two words are tested.
        static var slots: Int { 32 }
        /// Each slot: a trigram key, with bit 63 set when the trigram is seen;
        /// `empty` when none (keys never have bit 63 set, and no id is 2²¹ − 1).
        let entries: UnsafeMutablePointer<UInt64>
        static var empty: UInt64 { .max }
        static var seenBit: UInt64 { 1 << 63 }

        /// A memo of its own; `deallocate` it after use.
        static func allocate() -> TrigramMemo {
            let memo = TrigramMemo(entries: .allocate(capacity: slots))
            memo.entries.initialize(repeating: empty, count: slots)
            return memo
        }

        func deallocate() { entries.deallocate() }

        /// Whether the trigram `key` starting at token `position` was looked up lately.
        @inline(__always)
        func holds(_ key: UInt64, at position: Int) -> Bool {
            entries[position & (TrigramMemo.slots - 1)] & ~TrigramMemo.seenBit == key
        }

        /// Whether the trigram `key` starting at token `position` was looked up lately and seen.
        @inline(__always)
        func isSeen(_ key: UInt64, at position: Int) -> Bool {
            entries[position & (TrigramMemo.slots - 1)] == key | TrigramMemo.seenBit
        }

        @inline(__always)
        func record(_ key: UInt64, at position: Int, seen: Bool) {
            entries[position & (TrigramMemo.slots - 1)] = key | (seen ? TrigramMemo.seenBit : 0)
        }
    }

    /// `isWellAttested(a.token, a.neighbours)`.
    @inline(__always)
    public func isWellAttested(_ a: Attestation) -> Bool {
        // A memo on the stack: this path (explain, fitting) tests one word at a time.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: TrigramMemo.slots) { slots in
            let memo = TrigramMemo(entries: slots.baseAddress!)
            memo.entries.initialize(repeating: TrigramMemo.empty, count: TrigramMemo.slots)
            var a = a
            return attest(&a, memo)
        }
    }

    /// `isWellAttested(a)`; when no trigram through the word is seen, also
    /// keeps the codes of its links in `a` (for `boundLeftLinks`).
    /// `memo` tells the trigrams looked up lately (and learns those looked up here).
    /// `@inline(always)` (here, on `Attestation.advance`, `isReplaceable` and
    /// the first test's local functions): with the memo, `@inline(__always)`
    /// was not enough, and `attest`, `prepare` and `isReplaceable` became
    /// calls (+12 M instructions a MB).
    @inline(always)
    func attest(_ a: inout Attestation, _ memo: TrigramMemo) -> Bool {
        a.advance(model, memo)
        if a.seen { return true }
        for k in a.looked..<a.keyCount {
            let key = a.key(k), position = a.token - a.start(k)
            if memo.holds(key, at: position) {
                if memo.isSeen(key, at: position) { return true }
                continue
            }
            let seen = model.trigramCode(key) != 0
            memo.record(key, at: position, seen: seen)
            if seen { return true }
        }
        // Most words stop at a trigram: the links are hashed only when needed.
        let n = a.neighbours
        let c = ids[a.token]
        a.leftLinkCode = n.l1.map { model.bigramCode($0, c) } ?? 0
        a.rightLinkCode = n.r1.map { model.bigramCode(c, $0) } ?? 0
        let leftLink = model.codeCounts[a.leftLinkCode]
        let rightLink = n.r1 != nil ? model.codeCounts[a.rightLinkCode] : leftLink
        return min(leftLink, rightLink) >= ContextScorer.attestedLink
    }

    /// Starts loading what `isWellAttested(i, neighbours(i))` reads first, the
    /// trigrams through token `i`, if it is a word that may be weighed; called a
    /// few tokens ahead, so that those cache misses overlap the work between.
    @inline(__always)
    public func prefetchAttestation(_ i: Int) {
        guard document.tokens[i].kind == .word, ids[i] > ContextModel.number else { return }
        // `Attestation` lists the trigrams through a word; all of them are asked for here.
        let a = Attestation(self, i, neighbours(i))
        for k in 0..<a.keyCount { model.prefetchTrigram(a.key(k)) }
    }

    /// Bigram count from which a word's link to a neighbour counts as attested.
    static let attestedLink = 30.0

    /// The replacement text of a candidate, in the case pattern of the word it replaces.
    public func replacementText(_ candidate: Candidate) -> String {
        CasePattern(of: document, tokens: candidate.token..<candidate.token + 1).apply(to: model.word(candidate.replacement))
    }
}
