#if canImport(Glibc)
import Glibc
#endif

/// Restores substitutions no dictionary lists, from context.
///
/// Flags a word (or two adjacent words) that clean English does not use in its
/// context, where a likely original — one a spinner would have replaced with
/// it, by the channel learned from thesauri, tortured phrases and curated
/// spinner entries — is well attested there; fixes it to that original.
/// Confidence comes from a logistic model over the n-gram and channel
/// features (`ContextScorer`) and the anomaly density of the text around the
/// word (`NeighbourhoodDensity`); `DocumentSpinGate` then adds the document's
/// evidence in the paragraphs that show spinning, so clean documents need
/// overwhelming local evidence while text full of spinner phrases takes
/// weaker evidence.
/// Runs only when the engine has a context model (the command line loads the
/// built-in one unless `--exclude context`).
public struct ContextRestoration: Pass {
    public static let id = "context"
    public static let summary = "Flags words clean English does not use in their context where a spinner's likely original is well attested; fixes them to that original."
    public static let examples: [PassExample] = [
        // "by the finish of the month" is unattested; "by the end of the month" is common.
        PassExample(dictionary: "@name ex", input: "The troops will leave by the finish of the month.",
                    output: "The troops will leave by the end of the month.", usesContextModel: true),
        // A word that text taken from a PDF page splits at a line end is read whole, even one
        // only the model knows (its parts, read apart, were two rare words).
        PassExample(dictionary: "@name ex",
                    input: "The report said the menstruations of growth were short, and the government promised to unclutter the rules. Critics said the commit-\ntedness of the members was in doubt.",
                    output: "The report said the periods of growth were short, and the government promised to unclutter the rules. Critics said the commitment of the members was in doubt.",
                    usesContextModel: true),
        // A word next to a phrase the dictionary fixes is judged as it reads with the fix: against
        // "Home windows", "runs" read as rare and became "goes" (`readsDictionaryFix`).
        PassExample(dictionary: "@name ex\nHome windows => Windows | case: exact\n12 months => year\nreplace => update",
                    input: "The replace arrived final 12 months. It runs on Home windows 11 and Home windows 10.",
                    output: "The update arrived last year. It runs on Windows 11 and Windows 10.", usesContextModel: true),
        // Clean text keeps its wording, including legitimate synonyms.
        PassExample(dictionary: "@name ex", input: "The minister said the talks would resume next week.",
                    output: "The minister said the talks would resume next week.", usesContextModel: true),
        PassExample(dictionary: "@name ex", input: "Prices fell sharply as the slump deepened.",
                    output: "Prices fell sharply as the slump deepened.", usesContextModel: true),
        // A list of names is mostly words the counts never saw (rare-word share 0.63): a worse
        // candidate must not make a restoration likelier there (`restoreSlope`); "van -> caravan"
        // (log-probability gain -20) was restored at 1.0.
        PassExample(dictionary: "@name ex",
                    input: "Contributors:\nAnneke Bosma\nJoris Wijnands\nTeodor Marek\nPaul van der Linden\nMarieke Oosterhuis\nKasimir Brandt\nLiesbeth Haverkamp\nOttilie Szabo\nRuben van Dijk\nIngmar Fjeld\n",
                    output: "Contributors:\nAnneke Bosma\nJoris Wijnands\nTeodor Marek\nPaul van der Linden\nMarieke Oosterhuis\nKasimir Brandt\nLiesbeth Haverkamp\nOttilie Szabo\nRuben van Dijk\nIngmar Fjeld\n",
                    usesContextModel: true),
        // Forms clean English hardly uses, in a document that reads as spun: a spinner's inflected
        // thesaurus words (channel-only words of the model). "unclutter" -> "clear" (0.53) stays
        // under the threshold: "unclutter" is a word of English, unattested only here.
        PassExample(dictionary: "@name ex",
                    input: "The report said the menstruations of growth were short, and the government promised to unclutter the rules. Critics said the committedness of the members was in doubt.",
                    output: "The report said the periods of growth were short, and the government promised to unclutter the rules. Critics said the commitment of the members was in doubt.",
                    usesContextModel: true),
    ]

    /// The tokens the rule leaves alone: those of earlier findings, except
    /// dictionary findings below the threshold. Such an entry ("troublesome
    /// => difficult", confidence 0.45) is applied only where the document gate
    /// finds the document spun; elsewhere it is not applied, and it kept the
    /// rule from a restoration it had found on its own ("[troublesome ->
    /// difficult]" in SpinBot-like text the gate did not find spun). The
    /// rule weighs such words too, and the gate keeps the more confident of
    /// the two findings (`DocumentSpinGate.resolvingOverlaps`).
    static func covered(_ findings: [Finding], in context: PassContext) -> [Bool] {
        let dictionaries = context.table.dictionaryNames
        var covered = findings.covering(tokens: context.document.tokens.count) {
            !(dictionaries.contains($0.rule) && $0.confidence < context.options.threshold)
        }
        context.document.markHyphenatedWords(&covered)
        return covered
    }

    /// Findings below this local-plus-maximum-evidence confidence are not kept at all.
    static let keepFloor = 0.2

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        guard let model = context.model else { return }
        let document = context.document
        guard !document.tokens.isEmpty else { return }
        var scorer = context.scorer(model)
        // Code, lists of names, data: stage 2 keeps nothing there, so nothing is weighed.
        guard scorer.rareWordShare < ContextRestoration.rareShareKeepingNothing else { return }
        let covered = ContextRestoration.covered(findings, in: context)
        let knownPhrases = ContextRestoration.knownPhrases(findings, in: context)
        scorer.weighsListedSwaps = ContextRestoration.weighsListedSwaps(knownPhrases: knownPhrases)
        let weighed = ContextRestoration.weigh(scorer, covered: covered, knownPhrases: knownPhrases)
        let positions = ContextRestoration.withNeighboursReread(weighed.positions, scorer, covered: covered,
                                                                densities: weighed.densities, threshold: context.options.threshold,
                                                                dictionary: ContextRestoration.dictionaryRestorations(findings, scorer, in: context))
        for position in positions {
            let most = position.most
            guard most >= ContextRestoration.keepFloor else { continue }
            var best = position.candidates[0]
            best.logit = position.restoreLogit
            var f = finding(best, scorer)
            if let readWith = ContextRestoration.readWithText(position, scorer) { f.explanation += "; " + readWith }
            // Alternatives only for findings that may be reported: they cost a second scoring of the word.
            if most >= context.options.threshold {
                f.alternatives = ContextRestoration.alternatives(to: position.candidates[0], scorer, attested: position.attested)
            }
            findings.append(f)
        }
        findings.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    func finding(_ candidate: ContextScorer.Candidate, _ scorer: ContextScorer) -> Finding {
        let document = scorer.document
        let range = document.tokens[candidate.token].start..<document.tokens[candidate.token].end
        var finding = Finding(
            range: range, found: document.text(range), replacement: scorer.replacementText(candidate),
            rule: ContextRestoration.id, source: nil,
            confidence: ContextRestoration.rounded(ContextCoefficients.probability(candidate.logit)),
            explanation: ContextRestoration.explain(candidate, scorer), tokens: candidate.token..<candidate.token + 1)
        finding.logit = candidate.logit
        return finding
    }

    /// The runner-up candidates of a restored word worth showing: those stage 1
    /// finds at least `alternativeShare` as likely to be the original as
    /// `best`, at most `maximumAlternatives`, best first. The hot path kept
    /// only the best candidate, so the word is scored again (only for words
    /// that become findings).
    static func alternatives(to best: ContextScorer.Candidate, _ scorer: ContextScorer, attested: Bool) -> [String] {
        let floor = alternativeShare * ContextCoefficients.probability(best.logit)
        return scorer.candidates(at: best.token, scorer.neighbours(best.token), attested: attested)
            .filter { $0.replacement != best.replacement && ContextCoefficients.probability($0.logit) >= floor }
            .sorted { $0.logit > $1.logit }
            .prefix(maximumAlternatives)
            .map { scorer.replacementText($0) }
    }

    static let alternativeShare = 0.25
    static let maximumAlternatives = 3

    /// One word (or pair) weighed: its candidates, best first by the stage-1
    /// logit (which original), and the stage-2 logit (whether to restore at all).
    public struct Position: Sendable {
        /// Best first; only the best unless every candidate was asked for.
        public var candidates: [ContextScorer.Candidate]
        public var restoreLogit: Double
        /// Whether the written word is well attested in its context.
        public var attested = false
        /// The restorations near this word it was weighed with in place
        /// (`withNeighboursReread`).
        public var readWith: [Restoration] = []

        /// The most confidence the document gate can make of it (full dictionary evidence).
        var most: Double { ContextCoefficients.probability(restoreLogit + ContextCoefficients.evidence) }

        /// Its best candidate put in place, for the words near it to be read with.
        var restoration: Restoration {
            let best = candidates[0]
            return Restoration(tokens: best.token..<best.token + 1, originals: [best.replacement], logit: restoreLogit)
        }
    }

    /// Weighs every word the pass considers: words not covered by earlier
    /// findings and replaceable. Words whose context as written is unattested
    /// are weighed in every document; they give the document's anomaly
    /// density. Well-attested words are weighed too when that density reaches
    /// `attestedDensityFloor`: a spinner's fluent swaps ("the longest battle")
    /// are only worth a look in a document that already reads as spun, and
    /// clean documents (density under 1.5 in 99% of them) pay nothing for it;
    /// and then only in the paragraphs that hold a known spinner phrase or an
    /// anomaly (`weighingInSpinningParagraphs`). `knownPhrases`: the first token of each
    /// known spinner phrase (`knownPhrases(_:in:)`). With `keepAll`, every
    /// position with every candidate; without it (what `run` uses), only the
    /// positions that may be restored, each with its best candidate (see
    /// `weighRestorable`).
    public static func weigh(_ scorer: ContextScorer, covered: [Bool], knownPhrases: [Int], keepAll: Bool = false)
        -> (positions: [Position], densities: NeighbourhoodDensity, attested: [Int]) {
        if !keepAll { return weighRestorable(scorer, covered: covered, knownPhrases: knownPhrases) }
        let tokens = scorer.document.tokens
        var scored: [(candidates: [ContextScorer.Candidate], runnerUp: Double?, attested: Bool)] = []
        var attested: [Int] = []
        func weigh(_ i: Int, _ neighbours: ContextScorer.Neighbours, attested: Bool) {
            let candidates = scorer.candidates(at: i, neighbours, attested: attested).sorted { $0.logit > $1.logit }
            guard !candidates.isEmpty else { return }
            scored.append((candidates, candidates.count > 1 ? candidates[1].logit : nil, attested))
        }
        let lookAhead = 8
        for i in tokens.indices {
            if i + lookAhead < tokens.count { scorer.prefetchAttestation(i + lookAhead) }
            guard !covered[i] && scorer.isReplaceable(i) else { continue }
            let neighbours = scorer.neighbours(i)
            if scorer.isWellAttested(i, neighbours) {
                attested.append(i)
            } else {
                weigh(i, neighbours, attested: false)
            }
        }
        // The document's own anomalies and known spinner phrases: many mean a
        // spun document, a stray one in clean text means little.
        let best = scored.map { ($0.candidates[0].token, scorer.ids[$0.candidates[0].token], $0.candidates[0].logit) }
        let counted = anomalies(best)
        let density = anomalyDensity(counted, knownPhrases: knownPhrases.count, words: scorer.document.wordCount)
        if density >= attestedDensityFloor {
            let anomalies = scored.lazy.filter { $0.candidates[0].logit >= 0 }.map { $0.candidates[0].token }
            attested = weighingInSpinningParagraphs(attested, scorer.document.paragraphs, marks: knownPhrases + anomalies) {
                weigh($0, scorer.neighbours($0), attested: true)
            }
        }
        let densities = NeighbourhoodDensity(scorer.document.paragraphs, anomalies: knownPhrases + counted.tokens, document: density)
        return (positions(scored, densities: densities, rareShare: scorer.rareWordShare), densities, attested)
    }

    /// `weigh` without `keepAll` (the hot path): the same density, attested
    /// words and restorations, but only the positions that may be restored.
    /// The first pass only screens each word (`ContextScorer.screen`): whether
    /// it is an anomaly, and a bound on its best logit. Once the densities are
    /// known (`NeighbourhoodDensity`), so is the least `restoreFloor` over them,
    /// the best logit under which nothing is restored anywhere in the document
    /// (`restoreFloor(over:attested:rareShare:)`); only the words that may
    /// reach it are weighed in full.
    static func weighRestorable(_ scorer: ContextScorer, covered: [Bool], knownPhrases known: [Int])
        -> (positions: [Position], densities: NeighbourhoodDensity, attested: [Int]) {
        let knownPhrases = known.count
        let tokens = scorer.document.tokens
        var screened: [(token: Int, anomaly: Bool, bound: Double)] = []
        // Most words are well attested: kept in a plain buffer (an array append
        // checks its buffer's uniqueness each time).
        let attestedBuffer = UnsafeMutablePointer<Int>.allocate(capacity: tokens.count)
        defer { attestedBuffer.deallocate() }
        var attestedCount = 0
        // The document's anomalies so far: a written word the document repeats
        // counts once in a stretch of text (`AnomalyCount`).
        var anomalyCount = AnomalyCount()
        var anomalies: Int { knownPhrases + anomalyCount.count }
        // Counts the word screened last (`screenOldest` appended it) when it is an anomaly; whether it counted.
        func counts(_ anomaly: Bool) -> Bool {
            guard anomaly, let word = screened.last else { return false }
            return anomalyCount.add(scorer.ids[word.token], at: word.token)
        }
        // Each word to test is made ready (and its lines asked for) `lookAhead`
        // tokens ahead, in a ring of slots tagged with their token. Its first
        // trigram is looked up halfway (`advance`), so that every lookup comes
        // 8 tokens after its lines were asked for.
        let lookAhead = 16, ringMask = 31
        let ring = UnsafeMutablePointer<ContextScorer.Attestation>.allocate(capacity: ringMask + 1)
        defer { ring.deallocate() }
        for k in 0...ringMask { (ring + k).initialize(to: ContextScorer.Attestation(token: -1)) }
        @inline(always) func prepare(_ j: Int) {
            guard !covered[j] && scorer.isReplaceable(j) else { return }
            let a = ring + (j & ringMask)
            a.pointee = ContextScorer.Attestation(scorer, j, scorer.neighbours(j))
            a.pointee.prefetch(scorer.model)
        }
        // Trigrams looked up lately, by where they start: a word's trigrams are
        // partly those of the two words before.
        let memo = ContextScorer.TrigramMemo.allocate()
        defer { memo.deallocate() }
        // Halfway there, its first trigram (in cache by then) is looked up, and
        // when it is unseen the others are asked for.
        @inline(always) func advance(_ j: Int) {
            let a = ring + (j & ringMask)
            if a.pointee.token == j { a.pointee.advance(scorer.model, memo) }
        }
        var queue = ScreenQueue()
        defer { queue.deallocate() }
        let rare = scorer.rareWordShare
        var cut = linkCut(anomalies: anomalies, words: scorer.document.wordCount, rareShare: rare)
        for j in 0..<min(lookAhead, tokens.count) { prepare(j) }
        for j in 0..<min(lookAhead / 2, tokens.count) { advance(j) }
        let ids = scorer.ids
        for i in tokens.indices {
            // `prepare` asks whether a word has candidates: the channel index
            // (a third of a megabyte, often out of cache) is asked for first.
            if i + 2 * lookAhead < tokens.count { scorer.model.prefetchChannelIndex(of: ids[i + 2 * lookAhead]) }
            if i + lookAhead < tokens.count { prepare(i + lookAhead) }
            if i + lookAhead / 2 < tokens.count { advance(i + lookAhead / 2) }
            let a = ring + (i & ringMask)
            guard a.pointee.token == i else { continue }  // covered or not replaceable
            if scorer.attest(&a.pointee, memo) {
                attestedBuffer[attestedCount] = i
                attestedCount += 1
                continue
            }
            if queue.isFull, counts(queue.screenOldest(scorer, cut: cut, into: &screened)) {
                cut = linkCut(anomalies: anomalies, words: scorer.document.wordCount, rareShare: rare)
            }
            queue.add(a.pointee, scorer, cut: cut)
        }
        while !queue.isEmpty { _ = counts(queue.screenOldest(scorer, cut: cut, into: &screened)) }
        let density = anomalyDensity(anomalies: anomalies, words: scorer.document.wordCount)
        let densities = NeighbourhoodDensity(scorer.document.paragraphs, anomalies: known + anomalyCount.tokens, document: density)
        var scored: [(candidates: [ContextScorer.Candidate], runnerUp: Double?, attested: Bool)] = []
        func weigh(_ i: Int, attested: Bool, floor: Double) {
            if let (best, runnerUp) = scorer.best(at: i, scorer.neighbours(i), attested: attested, floor: floor) {
                // Only the best is kept: a document has many positions.
                scored.append(([best], runnerUp, attested))
            }
        }
        let floor = restoreFloor(over: densities, attested: false, rareShare: rare)
        for s in screened where s.anomaly || s.bound >= floor { weigh(s.token, attested: false, floor: floor) }
        let attested = UnsafeBufferPointer(start: attestedBuffer, count: attestedCount)
        if density >= attestedDensityFloor {
            let floor = restoreFloor(over: densities, attested: true, rareShare: rare)
            let marks = known + screened.lazy.filter(\.anomaly).map(\.token)
            let rest = weighingInSpinningParagraphs(attested, scorer.document.paragraphs, marks: marks) {
                weigh($0, attested: true, floor: floor)
            }
            return (positions(scored, densities: densities, rareShare: rare), densities, rest)
        }
        return (positions(scored, densities: densities, rareShare: rare), densities, Array(attested))
    }

    /// Weighs (`weigh`) the well-attested words of `attested` that are in a
    /// paragraph showing spinning, one with a known spinner phrase or an
    /// anomaly (`marks`), and returns the others, left as attested. The density
    /// is the document's, so a page with one spun paragraph reads as densely
    /// spun throughout, and its clean paragraphs' fluent words were "restored"
    /// at 30 per 10,000 words ("the route towards Europe" -> "path":
    /// `scripts/evaluate_context.py`'s spinner-mixed set). One function for
    /// `weigh` and its hot path, which must leave the same words attested.
    @inline(__always)
    static func weighingInSpinningParagraphs(_ attested: some Sequence<Int>, _ paragraphs: Paragraphs, marks: some Sequence<Int>,
                                             _ weigh: (Int) -> Void) -> [Int] {
        let spinning = MarkedParagraphs(paragraphs, marks: marks)
        var rest: [Int] = []
        for i in attested {
            if spinning.contains(i) { weigh(i) } else { rest.append(i) }
        }
        return rest
    }

    /// Words found unattested, waiting to be screened (`ContextScorer.screen`)
    /// until what screening reads is in cache: a word is screened four
    /// unattested words after it was found (~80 tokens of work), in the steps
    /// of `ContextScorer.prepareLeftLinks`. When it is added, its context's
    /// lines and its channel list are asked for; when the next is added, its
    /// candidates' left links; when the one after is added, it is bounded from
    /// those and the right links still needed are asked for; when the one
    /// after that is added, it is bounded from both and the trigrams of the
    /// candidates that may be anomalies are asked for.
    struct ScreenQueue {
        static let capacity = 4, delay = 4
        let words = UnsafeMutablePointer<ContextScorer.Attestation>.allocate(capacity: capacity)
        /// `ContextScorer.candidateLimit` probes a word.
        let bounds = UnsafeMutablePointer<ContextScorer.Bounded>.allocate(capacity: capacity * ContextScorer.candidateLimit)
        let contexts = UnsafeMutablePointer<ContextScorer.ScreenContext>.allocate(capacity: capacity)
        /// Words added, with left links asked for, bounded from them, bounded
        /// from both links, and screened so far; a word's slot is its number
        /// mod `capacity` (a word's slot is taken again only once it is screened).
        var added = 0, linked = 0, leftBounded = 0, rightBounded = 0, screened = 0

        init() { contexts.initialize(repeating: ContextScorer.ScreenContext(), count: ScreenQueue.capacity) }

        var isFull: Bool { added - screened == ScreenQueue.delay }
        var isEmpty: Bool { added == screened }

        // Not inlined (about one word in eight is added): inlined, they made the
        // first test's loop large enough that the compiler stopped inlining its
        // `prepare` (+7 M instructions per MB).
        /// `cut`: see `ContextScorer.prepareLeftLinks`.
        @inline(never)
        mutating func add(_ word: ContextScorer.Attestation, _ scorer: borrowing ContextScorer, cut: Double) {
            if rightBounded < leftBounded { boundRight(scorer) }
            if leftBounded < linked { boundLeft(scorer, cut: cut) }
            if linked < added { link(scorer) }
            (words + added % ScreenQueue.capacity).initialize(to: word)
            scorer.prefetchContext(word.neighbours, channelOf: word.token)
            added += 1
        }

        @inline(__always)
        private mutating func link(_ scorer: borrowing ContextScorer) {
            let slot = linked % ScreenQueue.capacity
            scorer.prepareLeftLinks(words[slot], into: bounds + slot * ContextScorer.candidateLimit)
            linked += 1
        }

        @inline(__always)
        private mutating func boundLeft(_ scorer: borrowing ContextScorer, cut: Double) {
            let slot = leftBounded % ScreenQueue.capacity
            scorer.boundLeftLinks(words[slot], bounds + slot * ContextScorer.candidateLimit, context: contexts + slot, cut: cut)
            leftBounded += 1
        }

        @inline(__always)
        private mutating func boundRight(_ scorer: borrowing ContextScorer) {
            let slot = rightBounded % ScreenQueue.capacity
            scorer.boundRightLinks(words[slot], bounds + slot * ContextScorer.candidateLimit, context: contexts + slot)
            rightBounded += 1
        }

        /// Screens the word added first and appends what the screen says of it
        /// to `results` (nothing when it has no candidates); whether it is an anomaly.
        @inline(never)
        mutating func screenOldest(_ scorer: borrowing ContextScorer, cut: Double,
                                   into results: inout [(token: Int, anomaly: Bool, bound: Double)]) -> Bool {
            if linked == screened { link(scorer) }
            if leftBounded == screened { boundLeft(scorer, cut: cut) }
            if rightBounded == screened { boundRight(scorer) }
            let slot = screened % ScreenQueue.capacity
            screened += 1
            let word = words[slot]
            guard let (anomaly, bound) = scorer.screen(word, staged: bounds + slot * ContextScorer.candidateLimit,
                                                       context: contexts + slot) else {
                return false
            }
            results.append((word.token, anomaly, bound))
            return anomaly
        }

        func deallocate() {
            words.deallocate()
            bounds.deallocate()
            contexts.deinitialize(count: ScreenQueue.capacity)
            contexts.deallocate()
        }
    }

    /// The cut of the staged screen (`ContextScorer.prepareLeftLinks`) in a
    /// document with `anomalies` so far: 0 while the density they give keeps
    /// `restoreFloor` at 0 or more, so that only the anomalies need exact
    /// bounds; else `leastFloor`, under which no bound matters in any
    /// document (a looser bound there would only send more words to be weighed
    /// in full). The density only grows as anomalies are found, so this is a
    /// guess about the document, never a condition of the results.
    static func linkCut(anomalies: Int, words: Int, rareShare: Double) -> Double {
        restoreFloor(density: anomalyDensity(anomalies: anomalies, words: words), attested: false, rareShare: rareShare) >= 0
            ? 0 : leastFloor
    }

    /// The least `restoreFloor` of a word found unattested over all densities
    /// (0...10) in documents of up to `typicalRareShare` rare words, a little
    /// lower than the least on a grid of 0.01 (the floor is monotone in the
    /// rare-word share, so its ends bound it). Like the cut, it only decides
    /// how much the screen looks up, never a result: a document with more rare
    /// words, whose floor may be lower, gets looser bounds and more words
    /// weighed in full.
    static let leastFloor: Double = {
        let least = (0...1000).flatMap { d in
            [0, typicalRareShare].map { restoreFloor(density: Double(d) / 100, attested: false, rareShare: $0) }
        }.min() ?? -.infinity
        return least - 0.05
    }()

    /// Rare-word shares of most documents (held-apart news 0.02, fortune files 0.08).
    static let typicalRareShare = 0.15

    /// Stage 2: each position's whether-to-restore logit.
    static func positions(_ scored: [(candidates: [ContextScorer.Candidate], runnerUp: Double?, attested: Bool)],
                          densities: NeighbourhoodDensity, rareShare: Double) -> [Position] {
        scored.map { candidates, runnerUp, isAttested -> Position in
            let density = densities.at(candidates[0].token)
            let best = candidates[0].logit
            let lead = runnerUp.map { min(ContextScorer.leadCap, best - $0) } ?? ContextScorer.leadCap
            let z = restoreLogit(best: best, lead: lead, density: density, attested: isAttested, rareShare: rareShare)
            return Position(candidates: candidates, restoreLogit: z, attested: isAttested)
        }
    }

    /// How much stage 2's logit grows per unit of the best stage-1 logit, in a
    /// document of anomaly density `density` and rare-word share `rareShare`;
    /// never less than 0. The fitted weight of the logit × rare-word share is
    /// negative, so the slope falls as the share rises and, past a share of
    /// about 0.17 (news 0.02, fortune files and the Jargon File 0.08–0.09),
    /// would turn negative: in a list of names, a licence or code (0.4–0.7),
    /// the worse a candidate read, the surer stage 2 was ("Paul [van ->
    /// caravan] der Linden" at 1.0, log-probability gain −20). A worse
    /// candidate never makes a restoration likelier; there the slope is 0 and
    /// the share's own weight keeps stage 2 under `keepFloor`.
    static func restoreSlope(density: Double, rareShare: Double) -> Double {
        max(0, ContextCoefficients.restoreLogit + ContextCoefficients.logitTimesLogDensity * log1p(density)
            + ContextCoefficients.logitTimesRareShare * rareShare)
    }

    /// Stage 2's whether-to-restore logit (before the dictionary evidence) of a
    /// position whose best candidate has stage-1 logit `best`, `lead` ahead of
    /// the runner-up, in a document of anomaly density `density` and rare-word
    /// share `rareShare`.
    static func restoreLogit(best: Double, lead: Double, density: Double, attested: Bool, rareShare: Double) -> Double {
        ContextCoefficients.restoreBias + restoreSlope(density: density, rareShare: rareShare) * best
            + ContextCoefficients.restoreMargin * lead + ContextCoefficients.density * density
            + ContextCoefficients.logDensity * log1p(density) + (attested ? ContextCoefficients.restoreAttested : 0)
            + ContextCoefficients.rareShare * rareShare
    }

    /// The best stage-1 logit under which `run` keeps nothing in a document of
    /// anomaly density `density`, whatever the lead and the dictionary
    /// evidence: stage 2 is linear in the best logit, with a positive slope,
    /// and grows with the lead (at most `leadCap`) and the evidence (at most 1).
    /// A little lower than the exact root, for rounding. Where stage 2 does
    /// not grow with the best logit (`restoreSlope` 0, in a document of many
    /// rare words), +∞ when it stays under `keepFloor` whatever the logit,
    /// else −∞; −∞ too when the evidence's weight is negative. `margin`: log-odds
    /// that stage 2 must clear above `keepFloor`'s (`rareShareKeepingNothing`).
    static func restoreFloor(density: Double, attested: Bool, rareShare: Double, margin: Double = 0) -> Double {
        guard ContextCoefficients.evidence >= 0 else { return -.infinity }
        let slope = restoreSlope(density: density, rareShare: rareShare)
        // Stage 2 at a best logit of 0, with the lead that raises it most, and full evidence.
        let mostLead = ContextCoefficients.restoreMargin > 0 ? ContextScorer.leadCap : 0
        let rest = restoreLogit(best: 0, lead: mostLead, density: density, attested: attested, rareShare: rareShare)
            + ContextCoefficients.evidence
        // probability(z + evidence) >= keepFloor ⟺ z + evidence >= ln(keepFloor / (1 − keepFloor)).
        let needed = logOdds(keepFloor) - margin
        guard slope > 0 else { return rest >= needed ? -.infinity : .infinity }
        return (needed - rest) / slope - 1e-6
    }

    /// The least rare-word share at which stage 2 keeps nothing (`keepFloor`)
    /// at any density, attested or not, whatever the best logit, the lead and
    /// the evidence (+∞ if none): a document with that many words the counts
    /// hardly saw (code, a list of names, a word list) is not weighed at all.
    /// With the fitted coefficients about 0.29; Python sources are mostly
    /// above it, and the rule cost them three times the dictionary engine's
    /// time for nothing. Stage 2 falls as the share rises, so the least share
    /// is found by bisection; `restoreFloor` is asked at densities every 0.05
    /// up to the cap, with a margin of 0.5 in log-odds for what lies between.
    static let rareShareKeepingNothing: Double = {
        // The bisection needs stage 2 to fall as the share rises; other coefficients: weigh every document.
        guard ContextCoefficients.rareShare <= 0, ContextCoefficients.logitTimesRareShare <= 0 else { return .infinity }
        let densities = (0...Int(maximumDensity / 0.05)).map { Double($0) * 0.05 }
        func keepsNothing(_ rare: Double) -> Bool {
            densities.allSatisfy { density in
                [false, true].allSatisfy { restoreFloor(density: density, attested: $0, rareShare: rare, margin: 0.5) == .infinity }
            }
        }
        guard keepsNothing(1) else { return .infinity }
        var low = 0.0, high = 1.0
        for _ in 0..<30 {
            let middle = (low + high) / 2
            if keepsNothing(middle) { high = middle } else { low = middle }
        }
        return high
    }()

    /// The least `restoreFloor` over the densities of a document's words
    /// (`NeighbourhoodDensity.distinct`). The floor falls as the density rises
    /// up to about 5 and rises after, so a lower density may have a lower
    /// floor. Under this floor a word is restored nowhere in the document; a
    /// word weighed from a lower floor than its own is not restored either
    /// (`run` keeps only what reaches `keepFloor`), so the least floor only
    /// decides how much is weighed.
    static func restoreFloor(over densities: NeighbourhoodDensity, attested: Bool, rareShare: Double) -> Double {
        densities.distinct.lazy.map { restoreFloor(density: $0, attested: attested, rareShare: rareShare) }.min() ?? .infinity
    }

    /// Anomaly density (per 100 words) from which well-attested words are weighed as well.
    static let attestedDensityFloor = 1.5

    /// Written words whose best candidate is more likely than not (on local
    /// evidence), a repeated word counted once in a stretch of text
    /// (`AnomalyCount`), plus strong dictionary findings (known spinner
    /// phrases), per 100 words, capped at 10. Texts under 100 words count as
    /// 100: one odd word in a headline is not a spun document. `best`: each
    /// weighed position's token, written word (model id) and best stage-1
    /// logit, in token order.
    public static func anomalyDensity(_ best: [(token: Int, word: Int32, logit: Double)], knownPhrases: Int, words: Int) -> Double {
        anomalyDensity(anomalies(best), knownPhrases: knownPhrases, words: words)
    }

    /// The density of anomalies already counted (`anomalies(_:)`): `weigh`
    /// counts them once and uses them for the neighbourhoods too.
    static func anomalyDensity(_ counted: AnomalyCount, knownPhrases: Int, words: Int) -> Double {
        anomalyDensity(anomalies: knownPhrases + counted.count, words: words)
    }

    /// The anomalies `anomalyDensity` counts among `best`.
    static func anomalies(_ best: [(token: Int, word: Int32, logit: Double)]) -> AnomalyCount {
        var count = AnomalyCount()
        for b in best where b.logit >= 0 { _ = count.add(b.word, at: b.token) }
        return count
    }

    /// The anomalies a document's density counts. A written word counts again
    /// only `repeatWindow` tokens after it last counted: a list that repeats an
    /// odd line ("Motion No. 3 negatived" down a page of a parliament's
    /// minutes) is one odd word, not a spun document. Counted at every
    /// occurrence, such lists read as densely spun and the rule rewrote
    /// "Motion" to "Question" all down them (`evaluate_context.py --sets
    /// clean-wide`). A whole article is within the window, so there a word
    /// counts once; in a book-length text a spinner's habitual swap counts
    /// again in each stretch, so the density does not fall as the text grows.
    struct AnomalyCount {
        /// About 400 words.
        static let repeatWindow = 500
        private var lastCounted: [Int32: Int] = [:]
        private(set) var count = 0
        /// The tokens of the anomalies counted, in order (`NeighbourhoodDensity`).
        private(set) var tokens: [Int] = []

        /// Counts an anomaly of written word `word` at token `token` (tokens
        /// come in increasing order); whether it counted.
        mutating func add(_ word: Int32, at token: Int) -> Bool {
            if let last = lastCounted[word], token - last < AnomalyCount.repeatWindow { return false }
            lastCounted[word] = token
            count += 1
            tokens.append(token)
            return true
        }
    }

    /// `countedAtLeast`: fewer words count as that many.
    static func anomalyDensity(anomalies: Int, words: Int, countedAtLeast: Int = minimumDensityWords) -> Double {
        min(maximumDensity, 100 * Double(anomalies) / Double(max(words, countedAtLeast)))
    }

    /// The cap of `anomalyDensity`.
    static let maximumDensity = 10.0

    static let minimumDensityWords = 100

    /// How many known spinner phrases the dictionaries found
    /// (`DocumentSpinGate.knownPhrases`: strong, and kept by the later passes),
    /// leaving out tortured phrases: they show that a paper's terms were
    /// paraphrased, not that its ordinary words were swapped like the spun
    /// documents the model was fitted on. Counted, two of them on a clean page
    /// made the rule restore its ordinary words ("common stock" -> "common
    /// fund": `scripts/evaluate_context.py`'s tortured-mixed set).
    /// The first token of each.
    static func knownPhrases(_ findings: [Finding], in context: PassContext) -> [Int] {
        let known = DocumentSpinGate.knownPhrases(findings, in: context)
        guard !known.isEmpty else { return [] }
        let tortured = DocumentSpinGate.torturedPhraseLists(context.table)
        return known.filter { !tortured.contains($0.rule) }.map(\.tokens.lowerBound)
    }

    /// Whether the news-spinner list's swaps count as a spinner's in a
    /// document with these known spinner phrases (`knownPhrases(_:in:)`): only
    /// where there is one. The swaps describe the list's spinner; where the
    /// list finds none of its phrases, the text was spun by another tool or
    /// not at all, and a listed original ("costs" -> "prices", "safety" ->
    /// "security") competes with the thesaurus's for no reason. Stage 1 was
    /// fitted with them in every document (its simulated news documents swap
    /// single words and seldom hold a listed phrase), so this is a rule of
    /// the runtime, not of the fit (`ContextScorer.weighsListedSwaps`).
    static func weighsListedSwaps(knownPhrases: [Int]) -> Bool { !knownPhrases.isEmpty }

    /// The log-odds of probability `p`: the stage-2 logit a confidence stands for.
    static func logOdds(_ p: Double) -> Double { log(p / (1 - p)) }

    /// Confidences are reported to three decimals.
    static func rounded(_ p: Double) -> Double { (p * 1000).rounded() / 1000 }

    /// One line: why this candidate (channel sources, attestation, fluency).
    static func explain(_ c: ContextScorer.Candidate, _ scorer: ContextScorer) -> String {
        let f = c.features
        let written = scorer.model.word(scorer.ids[c.token])
        let original = scorer.model.word(c.replacement)
        var sources = c.channel.sources.names
        let tortured = c.channel.tortured
        if tortured > 0 { sources.append("\(tortured) tortured phrase\(tortured == 1 ? "" : "s")") }
        func count(_ x: Double) -> Int { Int(expm1(x).rounded()) }
        // A word the counts never saw (a spinner's odd inflection, often) says so: "rare here" would undersell it.
        let seen = count(f[5])
        let rarity = seen == 0 ? "'\(written)' never occurs in clean English (the model's counts)"
            : "'\(written)' is rare here in clean English (weakest link seen \(count(f[1])) times)"
        return "\(rarity) while '\(original)' "
            + "is attested (weakest link \(count(f[2])) times; log-probability gain \(decimal(f[0], digits: 1))); "
            + "spinners swap them (\(sources.isEmpty ? "no channel source" : sources.joined(separator: ", ")))"
    }
}
