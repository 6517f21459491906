#if canImport(Glibc)
import Glibc
#endif

/// Scores restorations of one document against the context model: for a span
/// of written words and a same-length candidate original, how the text reads
/// with each (n-gram log-probability with stupid back-off), how well attested
/// each is in clean English, and what the spinner channel says of the swap.
/// The features feed `ContextCoefficients`, a logistic model fitted offline on
/// simulated spinning (scripts/fit_context_model.py).
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
        for (k, token) in document.tokens.enumerated() {
            switch token.kind {
            case .number: ids[k] = ContextModel.number
            case .invalid: break
            case .word, .punctuation:
                ids[k] = keyer.withKey(UnsafeBufferPointer(rebasing: document.bytes[token.start..<token.end])) { model.id(of: $0) }
            }
        }
        self.ids = ids
    }

    /// One scored restoration: replace `tokens` by `replacement` (model ids).
    public struct Candidate: Sendable {
        public var tokens: Range<Int>
        public var replacement: [Int32]
        public var features: [Double]
        public var channel: [ChannelCandidate]
        /// The local log-odds that the replacement is the original (document evidence not included).
        public var logit: Double
    }

    /// Feature names, in order (also the order of `ContextCoefficients.weights`).
    public static let featureNames = [
        "lm_gain",          // log P(window | candidate) − log P(window | written)
        "written_link",     // ln(1 + weakest bigram count linking the written words to their neighbours)
        "candidate_link",   // the same with the candidate
        "written_trigram",  // mean ln(1 + trigram count) over trigrams through the written words
        "candidate_trigram",
        "written_unigram",  // ln(1 + count) of the rarest written word changed
        "candidate_unigram",
        "thesauri",         // thesauri listing the swap(s)
        "curated",          // a curated news-spinner entry makes the swap
        "tortured",         // ln(1 + tortured-phrase pairs making the swap)
        "rank",             // channel rank / 24
        "two_words",        // both words of a pair replaced
        "written_unseen",   // 1 when a written word's link to a neighbour is never seen
        "written_no_trigram", // 1 when no trigram through the written words is seen
        "lm_gain_positive", // max(0, lm_gain)
        "unseen_x_candidate_link", // written_unseen × candidate_link: the attestation contrast
        "lm_gain_x_thesauri", // lm_gain × thesauri
    ]

    // MARK: Language model

    /// The context before token `i`: up to two ids, `paragraphStart` at a paragraph's start.
    @inline(__always)
    func left(_ i: Int) -> (Int32?, Int32?) {
        if i == 0 || document.tokens[i].gap == .paragraphBreak { return (nil, ContextModel.paragraphStart) }
        if i == 1 || document.tokens[i - 1].gap == .paragraphBreak { return (ContextModel.paragraphStart, ids[i - 1]) }
        return (ids[i - 2], ids[i - 1])
    }

    /// Up to two ids after token `j - 1`, stopping at a paragraph break.
    @inline(__always)
    func right(_ j: Int) -> [Int32] {
        var out: [Int32] = []
        var k = j
        while k < ids.count, out.count < 2, document.tokens[k].gap != .paragraphBreak {
            out.append(ids[k])
            k += 1
        }
        return out
    }

    /// ln P(c | a b) with stupid back-off (0.4 per step) to the unigram.
    @inline(__always)
    func logProbability(_ c: Int32, _ a: Int32?, _ b: Int32?) -> Double {
        var penalty = 0.0
        if let a, let b {
            let abc = model.count(a, b, c)
            if abc > 0 { return log(abc / max(model.count(a, b), abc)) }
            penalty += ContextScorer.backOff
        }
        if let b {
            let bc = model.count(b, c)
            if bc > 0 { return penalty + log(bc / max(model.count(b), bc)) }
            penalty += ContextScorer.backOff
        }
        return penalty + log((model.count(c) + 0.5) / model.totalTokens)
    }

    static let backOff = log(0.4)

    /// Window statistics of `middle` placed between the context of span `i..<j`.
    struct Window {
        var logProbability = 0.0
        var weakestLink = Double.infinity
        var trigramSum = 0.0
        var trigrams = 0
    }

    func window(_ middle: [Int32], replacing range: Range<Int>) -> Window {
        let (l2, l1) = left(range.lowerBound)
        let after = right(range.upperBound)
        var sequence: [Int32?] = [l2, l1]
        sequence.append(contentsOf: middle.map { Optional($0) })
        sequence.append(contentsOf: after.map { Optional($0) })
        var w = Window()
        let first = 2, last = 2 + middle.count + after.count
        for p in first..<last {
            let c = sequence[p]!
            w.logProbability += logProbability(c, sequence[p - 2], sequence[p - 1])
            // Links and trigrams that touch the middle.
            if p <= 2 + middle.count, let b = sequence[p - 1] {
                w.weakestLink = min(w.weakestLink, model.count(b, c))
            }
            if p < 2 + middle.count + 2, let a = sequence[p - 2], let b = sequence[p - 1] {
                w.trigramSum += log1p(model.count(a, b, c))
                w.trigrams += 1
            }
        }
        if w.weakestLink == .infinity { w.weakestLink = 0 }
        return w
    }

    // MARK: Candidates

    /// Scores `replacement` for `tokens` (same length), with the channel entries behind each changed word.
    public func score(tokens range: Range<Int>, replacement: [Int32], channel: [ChannelCandidate]) -> Candidate {
        let written = Array(ids[range])
        let w = window(written, replacing: range), x = window(replacement, replacing: range)
        var writtenUnigram = Double.infinity, candidateUnigram = Double.infinity
        for (a, b) in zip(written, replacement) where a != b {
            writtenUnigram = min(writtenUnigram, model.count(a))
            candidateUnigram = min(candidateUnigram, model.count(b))
        }
        var features: [Double] = [
            max(-20, min(20, x.logProbability - w.logProbability)),
            log1p(w.weakestLink),
            log1p(x.weakestLink),
            w.trigrams > 0 ? w.trigramSum / Double(w.trigrams) : 0,
            x.trigrams > 0 ? x.trigramSum / Double(x.trigrams) : 0,
            log1p(writtenUnigram.isFinite ? writtenUnigram : 0),
            log1p(candidateUnigram.isFinite ? candidateUnigram : 0),
            Double(channel.reduce(0) { $0 + $1.sources.thesauri }),
            channel.contains { $0.sources.contains(.curated) } ? 1 : 0,
            log1p(Double(channel.reduce(0) { $0 + $1.tortured })),
            Double(channel.map(\.rank).min() ?? 0) / 24,
            channel.count == 2 ? 1 : 0,
        ]
        let unseen: Double = w.weakestLink == 0 ? 1 : 0
        features += [
            unseen,
            w.trigramSum == 0 ? 1 : 0,
            max(0, features[0]),
            unseen * features[2],
            features[0] * features[7],
        ]
        return Candidate(tokens: range, replacement: replacement, features: features, channel: channel,
                         logit: ContextCoefficients.logit(features))
    }

    /// Whether token `i` is a word the scorer may replace: a known lower-case
    /// word, or a capitalised one at a sentence start (names are left alone).
    public func isReplaceable(_ i: Int) -> Bool {
        let token = document.tokens[i]
        guard token.kind == .word, ids[i] > ContextModel.number else { return false }
        let flags = token.caseFlags
        if flags.contains(.hasUpper) {
            guard flags.contains(.firstLetterUpper), flags.contains(.hasLower), document.isSentenceStart(i) else { return false }
            // "Lodges" at a sentence start is a word; a name would mostly be capitalised mid-sentence too.
        }
        return !model.candidates(of: ids[i]).isEmpty
    }

    /// Whether the written word at `i` is attested in its context well enough
    /// that no restoration is considered (the cheap first test for each word).
    public func isWellAttested(_ i: Int) -> Bool {
        let (a, b) = left(i)
        let after = right(i + 1)
        let c = ids[i]
        let leftLink = b.map { model.count($0, c) } ?? 0
        let rightLink = after.first.map { model.count(c, $0) } ?? leftLink
        guard min(leftLink, rightLink) >= ContextScorer.attestedLink else { return false }
        if let a, let b, let r = after.first {
            return model.count(a, b, c) >= ContextScorer.attestedTrigram && model.count(b, c, r) >= ContextScorer.attestedTrigram
        }
        return true
    }

    /// Bigram count from which a word's link to a neighbour counts as attested.
    static let attestedLink = 30.0
    /// Trigram count from which a word's trigram counts as attested.
    static let attestedTrigram = 4.0

    /// Every single-word candidate for token `i`, scored.
    public func singleWordCandidates(at i: Int) -> [Candidate] {
        model.candidates(of: ids[i]).map { c in score(tokens: i..<i + 1, replacement: [c.id], channel: [c]) }
    }

    /// For two adjacent words never seen together, the best few pairs of
    /// candidates (either or both changed) that are attested together: the
    /// signature of a term translated word by word ("counterfeit consciousness").
    public func pairCandidates(at i: Int, limit: Int = 3) -> [Candidate] {
        guard i + 1 < ids.count, document.tokens[i + 1].gap == .space, isReplaceable(i) || isReplaceable(i + 1) else { return [] }
        let w1 = ids[i], w2 = ids[i + 1]
        guard document.tokens[i + 1].kind == .word, w1 > ContextModel.number, w2 > ContextModel.number,
              model.count(w1, w2) == 0 else { return [] }
        let first = [nil] + (isReplaceable(i) ? model.candidates(of: w1).map { Optional($0) } : [])
        let second = [nil] + (isReplaceable(i + 1) ? model.candidates(of: w2).map { Optional($0) } : [])
        var best: [(count: Double, a: ChannelCandidate?, b: ChannelCandidate?)] = []
        for a in first {
            for b in second where a != nil || b != nil {
                guard a != nil && b != nil else { continue }  // one changed word is a single-word candidate
                let n = model.count(a?.id ?? w1, b?.id ?? w2)
                guard n >= ContextScorer.pairAttested else { continue }
                best.append((n, a, b))
            }
        }
        best.sort { $0.count > $1.count }
        return best.prefix(limit).map { pair in
            score(tokens: i..<i + 2, replacement: [pair.a?.id ?? w1, pair.b?.id ?? w2],
                  channel: [pair.a, pair.b].compactMap { $0 })
        }
    }

    /// Count from which a candidate pair counts as an attested term.
    static let pairAttested = 5.0

    /// The replacement text of a candidate, in the case pattern of what it replaces.
    public func replacementText(_ candidate: Candidate) -> String {
        let words = candidate.replacement.map { model.word($0) }.joined(separator: " ")
        return CasePattern(of: document, tokens: candidate.tokens).apply(to: words)
    }
}
