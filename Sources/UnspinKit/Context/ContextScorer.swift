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

    public init(model: ContextModel, document: Document) {
        self.model = model
        self.document = document
        var keyer = WordKeyer()
        var ids = [Int32](repeating: ContextModel.unknown, count: document.tokens.count)
        // Tokens with the same dictionary-vocabulary id have the same key, hence
        // the same model id: a small direct-mapped cache by that id saves most
        // hashing (the, of, and…). Other words: ASCII is hashed lower-cased in
        // place; the rest goes through the keyer.
        let cacheSize = min(4096, max(64, document.tokens.count))
        var cachedVocabularyIds = [Int32](repeating: Vocabulary.unknown, count: cacheSize)
        var cachedModelIds = [Int32](repeating: ContextModel.unknown, count: cacheSize)
        let bytes = document.bytes
        document.tokens.withUnsafeBufferPointer { tokens in
            ids.withUnsafeMutableBufferPointer { ids in
                for k in tokens.indices {
                    let token = tokens[k]
                    switch token.kind {
                    case .number: ids[k] = ContextModel.number
                    case .invalid: break
                    case .word, .punctuation:
                        let slot = token.id == Vocabulary.unknown ? -1 : Int(token.id) % cacheSize
                        if slot >= 0, cachedVocabularyIds[slot] == token.id {
                            ids[k] = cachedModelIds[slot]
                            continue
                        }
                        let word = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
                        let id = model.id(ofASCIIWord: word) ?? keyer.withKey(word) { model.id(of: $0) }
                        ids[k] = id
                        if slot >= 0 {
                            cachedVocabularyIds[slot] = token.id
                            cachedModelIds[slot] = id
                        }
                    }
                }
            }
        }
        self.ids = ids
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
        "curated",          // a curated news-spinner entry makes the swap
        "tortured",         // ln(1 + tortured-phrase pairs making the swap)
        "rank",             // channel rank / 24
        "written_unseen",   // 1 when a link of the written word is never seen
        "lm_gain_positive", // max(0, lm_gain)
        "unseen_x_candidate_link", // written_unseen × candidate_link: the attestation contrast
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

    /// Up to two ids either side of token `i`, `paragraphStart` before a
    /// paragraph's first word, nothing across a paragraph break.
    public func neighbours(_ i: Int) -> Neighbours {
        var n = Neighbours()
        let tokens = document.tokens
        if i == 0 || tokens[i].gap == .paragraphBreak {
            n.l1 = ContextModel.paragraphStart
        } else if i == 1 || tokens[i - 1].gap == .paragraphBreak {
            n.l2 = ContextModel.paragraphStart
            n.l1 = ids[i - 1]
        } else {
            n.l2 = ids[i - 2]
            n.l1 = ids[i - 1]
        }
        if i + 1 < ids.count, tokens[i + 1].gap != .paragraphBreak {
            n.r1 = ids[i + 1]
            if i + 2 < ids.count, tokens[i + 2].gap != .paragraphBreak { n.r2 = ids[i + 2] }
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
    func window(_ x: Int32, _ n: Neighbours, bigramCodes: (left: Int, right: Int)? = nil) -> Window {
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
            let code = leftBigram > 0 && n.countL2L1 > 0 ? model.trigramCode(l2, l1, x) : 0
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
            let code = leftBigram > 0 && rightBigram > 0 ? model.trigramCode(l1, x, r1) : 0
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
            let code = rightBigram > 0 && n.countR1R2 > 0 ? model.trigramCode(x, r1, r2) : 0
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
            candidate.sources.contains(.curated) ? 1 : 0, model.smallLog1p[candidate.tortured], Double(candidate.rank) / 24, unseen,
            max(0, gain), unseen * candidateLink, gain * thesauri, attested ? 1 : 0)
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
    public func best(at i: Int, _ neighbours: Neighbours, attested: Bool = false) -> (best: Candidate, runnerUp: Double?)? {
        // Every lookup below misses the cache: ask for the lines first, so the
        // misses overlap instead of coming one after another.
        if let l2 = neighbours.l2, let l1 = neighbours.l1 { model.prefetchBigram(l2, l1) }
        if let r1 = neighbours.r1, let r2 = neighbours.r2 { model.prefetchBigram(r1, r2) }
        let candidates = model.candidates(of: ids[i]).prefix(ContextScorer.candidateLimit)
        for c in candidates {
            model.prefetchUnigram(c.id)
            if let l1 = neighbours.l1 { model.prefetchBigram(l1, c.id) }
            if let r1 = neighbours.r1 { model.prefetchBigram(c.id, r1) }
        }
        let n = withCounts(neighbours)
        let written = window(ids[i], n)
        return withUnsafeTemporaryAllocation(of: (left: Int, right: Int).self, capacity: candidates.count) { codes in
            // The bigrams (now in cache), then a request for the trigrams they call for.
            for (k, c) in zip(codes.indices, candidates) {
                codes[k] = bigramCodes(c.id, n)
                prefetchTrigrams(c.id, n, codes[k])
            }
            guard !candidates.isEmpty else { return nil }
            var best = score(i, candidates[candidates.startIndex], written: written, n, attested: attested, bigramCodes: codes[0])
            var runnerUp: Double?
            for (k, c) in zip(codes.indices, candidates).dropFirst() {
                let scored = score(i, c, written: written, n, attested: attested, bigramCodes: codes[k])
                if scored.logit > best.logit {
                    runnerUp = best.logit
                    best = scored
                } else if scored.logit > (runnerUp ?? -.infinity) {
                    runnerUp = scored.logit
                }
            }
            return (best, runnerUp)
        }
    }

    /// Candidates weighed per word, best channel ranks first: the 12 best hold
    /// 86% of the true originals in simulated spinning, at half the lookups of all 24.
    static let candidateLimit = 12

    /// Whether token `i` is a word the scorer may replace: a known lower-case
    /// word, or a capitalised one at a sentence start (names are left alone).
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
        // (See `prefetchAttestation`, which asks for these lines ahead.)
        let c = ids[i]
        if let a = n.l2, let b = n.l1, model.count(a, b, c) > 0 { return true }
        if let b = n.l1, let r1 = n.r1, model.count(b, c, r1) > 0 { return true }
        if let r1 = n.r1, let r2 = n.r2, model.count(c, r1, r2) > 0 { return true }
        let leftLink = n.l1.map { model.count($0, c) } ?? 0
        let rightLink = n.r1.map { model.count(c, $0) } ?? leftLink
        return min(leftLink, rightLink) >= ContextScorer.attestedLink
    }

    /// Starts loading what `isWellAttested(i, neighbours(i))` reads first, the
    /// trigrams through token `i`, if it is a word that may be weighed; called a
    /// few tokens ahead, so that those cache misses overlap the work between.
    @inline(__always)
    public func prefetchAttestation(_ i: Int) {
        guard document.tokens[i].kind == .word, ids[i] > ContextModel.number else { return }
        let c = ids[i], n = neighbours(i)
        if let a = n.l2, let b = n.l1 { model.prefetchTrigram(a, b, c) }
        if let b = n.l1, let r1 = n.r1 { model.prefetchTrigram(b, c, r1) }
        if let r1 = n.r1, let r2 = n.r2 { model.prefetchTrigram(c, r1, r2) }
    }

    /// Bigram count from which a word's link to a neighbour counts as attested.
    static let attestedLink = 30.0

    /// The replacement text of a candidate, in the case pattern of the word it replaces.
    public func replacementText(_ candidate: Candidate) -> String {
        CasePattern(of: document, tokens: candidate.token..<candidate.token + 1).apply(to: model.word(candidate.replacement))
    }
}
