/// Rereading: words near a restoration weighed again as the text reads once
/// it is made (`withNeighboursReread`), the restorations they are read with,
/// and the neighbours they then have.
extension ContextRestoration {
    /// A restoration a word near it is read with: the tokens it replaces, the
    /// originals put there (model ids, a word each; "for the reason that" ->
    /// "since" puts one word for four), and its logit, which caps the reread.
    public struct Restoration: Sendable {
        public var tokens: Range<Int>
        public var originals: [Int32]
        public var logit: Double
    }

    /// `positions` with the words near each restoration that may be reported
    /// weighed again as they read once it is made. A spinner often swaps two
    /// adjacent words ("pay their reasonable partake" for "fair share"): each is
    /// then weighed in a context the other spoiled, and the stronger
    /// restoration alone leaves "fair partake". Read with "fair", the
    /// neighbour's context is attested and its original clear. A word is read
    /// with every such restoration within two words of it as the text reads
    /// once they are made (the window of its trigrams), and a reread word that
    /// may be reported is read with in the next round (a run of three swapped
    /// words). Its stage-2 logit is capped at the least of theirs, so that it
    /// is never reported without the restorations it was read with (the
    /// document gate adds the same evidence to all); it replaces the word's
    /// own position only when stronger. Dictionary fixes that may be reported
    /// (`dictionaryRestorations`: "final" -> "last" in "the finish of final
    /// week", "12 months" -> "year") are read with too, capped at the logit of
    /// their confidence. Pairs of swaps that read right only together
    /// (`withMutualSupport`) are found first and start the rounds like any
    /// restoration that may be reported.
    static func withNeighboursReread(_ positions: [Position], _ scorer: ContextScorer, covered: [Bool],
                                     densities: NeighbourhoodDensity, threshold: Double, dictionary: [Restoration] = []) -> [Position] {
        let tokens = scorer.document.tokens
        let rare = scorer.rareWordShare
        // Pairs of swaps that read right only together start the rounds too.
        let positions = withMutualSupport(positions, scorer, covered: covered, densities: densities, threshold: threshold,
                                          dictionary: dictionary)
        var result = positions
        var byToken: [Int: Int] = [:]
        for (k, p) in positions.enumerated() { byToken[p.candidates[0].token] = k }
        func mayBeReported(_ p: Position) -> Bool { p.most >= threshold }
        // Restorations that may be reported, by the first and the last token they replace.
        var restored = RestorationIndex()
        for d in dictionary { restored.add(d) }
        var fresh = positions.filter(mayBeReported)
        let floor = restoreFloor(over: densities, attested: false, rareShare: rare)
        let fixed = Set(dictionary.map(\.tokens))
        for round in 0..<rereadRounds where !fresh.isEmpty || (round == 0 && !dictionary.isEmpty) {
            let made = fresh.map(\.restoration)
            for r in made { restored.add(r) }
            // Words within two of a restoration as the text reads once it is made.
            var near = Set<Int>()
            for r in made + (round == 0 ? dictionary : []) {
                let before = max(0, r.tokens.lowerBound - 2)..<r.tokens.lowerBound
                let after = r.tokens.upperBound..<min(tokens.count, r.tokens.upperBound + 2)
                near.formUnion(before)
                near.formUnion(after)
            }
            fresh = []
            for q in near.sorted() where !covered[q] && scorer.isReplaceable(q) {
                let (n, readWith) = rereadNeighbours(q, restored, scorer)
                guard let cap = readWith.map(\.logit).min() else { continue }
                // A word weighed against a neighbour the dictionary fixes is judged as it reads
                // with the fix, whether that reading is stronger or weaker (`readsDictionaryFix`).
                let supersedes = round == 0 && byToken[q] != nil && readsDictionaryFix(readWith, fixed)
                if let k = byToken[q], !supersedes, result[k].restoreLogit >= cap { continue }
                guard var (position, _) = weighedAsRead(q, n, scorer, densities: densities, floor: floor) else {
                    if supersedes, let k = byToken[q] { result[k].restoreLogit = -.infinity }
                    continue
                }
                position.restoreLogit = min(position.restoreLogit, cap)
                position.readWith = readWith
                if let k = byToken[q] {
                    guard supersedes || result[k].restoreLogit < position.restoreLogit else { continue }
                    result[k] = position
                } else {
                    byToken[q] = result.count
                    result.append(position)
                }
                if mayBeReported(position) { fresh.append(position) }
            }
        }
        return result
    }

    /// Token `q` weighed as it reads with neighbours `n` (the text with
    /// restorations near it made, `rereadNeighbours`): its best candidate and
    /// stage-2 logit, and the best's lead over the runner-up in stage-1
    /// log-odds; nil where it is well attested so, or no candidate reaches
    /// `floor`. A word read so is weighed as unattested, as first read.
    static func weighedAsRead(_ q: Int, _ n: ContextScorer.Neighbours, _ scorer: ContextScorer,
                              densities: NeighbourhoodDensity, floor: Double) -> (position: Position, lead: Double)? {
        guard !scorer.isWellAttested(q, n),
              let (best, runnerUp) = scorer.best(at: q, n, attested: false, floor: floor) else { return nil }
        let position = positions([([best], runnerUp, false)], densities: densities, rareShare: scorer.rareWordShare)[0]
        return (position, best.logit - (runnerUp ?? -.infinity))
    }

    /// Whether a word read with `readWith` is read with one of the
    /// dictionary's fixes. Such a word was first weighed against the spun
    /// neighbour, whose oddness is the spinner's work, not the word's: in "It
    /// runs on Home windows 11", where the dictionary makes "Windows", "runs"
    /// read as rare and became "goes". Its reading with the fix replaces the
    /// first one, weaker or not, and where the word is well attested with the
    /// fix (or no candidate is worth weighing) nothing is restored.
    /// `fixed`: the tokens of each dictionary fix.
    static func readsDictionaryFix(_ readWith: [Restoration], _ fixed: Set<Range<Int>>) -> Bool {
        readWith.contains { fixed.contains($0.tokens) }
    }

    /// Restorations by the first and the last token they replace; a later one
    /// of the same tokens replaces an earlier one.
    struct RestorationIndex {
        private(set) var startingAt: [Int: Restoration] = [:], endingAt: [Int: Restoration] = [:]

        init(_ restorations: [Restoration] = []) { for r in restorations { add(r) } }

        mutating func add(_ r: Restoration) {
            startingAt[r.tokens.lowerBound] = r
            endingAt[r.tokens.upperBound - 1] = r
        }

        /// `body` run with `r` added, the index then as it was (a tentative restoration,
        /// `withMutualSupport`, without copying a document's worth of dictionary fixes).
        mutating func with<T>(_ r: Restoration, _ body: (RestorationIndex) -> T) -> T {
            let start = startingAt[r.tokens.lowerBound], end = endingAt[r.tokens.upperBound - 1]
            add(r)
            defer {
                startingAt[r.tokens.lowerBound] = start
                endingAt[r.tokens.upperBound - 1] = end
            }
            return body(self)
        }
    }

    /// "read with 'economic' for 'economical' before it" for a reread position, nil for another.
    static func readWithText(_ position: Position, _ scorer: ContextScorer) -> String? {
        guard !position.readWith.isEmpty else { return nil }
        let q = position.candidates[0].token
        let document = scorer.document
        return "read with " + position.readWith.map {
            let written = document.text(document.tokens[$0.tokens.lowerBound].start..<document.tokens[$0.tokens.upperBound - 1].end)
            return "'\($0.originals.map { scorer.model.word($0) }.joined(separator: " "))' for '\(written)' "
                + ($0.tokens.lowerBound < q ? "before" : "after") + " it"
        }.joined(separator: " and ")
    }

    /// Dictionary findings that may be reported and whose original is words
    /// the model knows ("authorities" -> "government", "12 months" -> "year"),
    /// as restorations to read their neighbours with, at the logit of their
    /// confidence.
    static func dictionaryRestorations(_ findings: [Finding], _ scorer: ContextScorer, in context: PassContext) -> [Restoration] {
        findings.compactMap { f in
            guard f.logit == nil, f.confidence >= context.options.threshold, let replacement = f.replacement else { return nil }
            let originals = replacement.lowercased().split(separator: " ").map { scorer.model.id(of: String($0)) }
            guard !originals.isEmpty, originals.allSatisfy({ $0 > ContextModel.number }) else { return nil }
            let p = min(f.confidence, 0.999)
            return Restoration(tokens: f.tokens, originals: originals, logit: logOdds(p))
        }
    }

    /// The neighbours of token `q` as the text reads with the restorations of
    /// `restored` made, and the restorations they take a word from. The text
    /// is walked outwards from `q` (two words each way), a restoration's
    /// originals (as the counts know them, `ContextModel.contextId`) standing
    /// for the tokens it replaces; nothing is read across a
    /// paragraph break, as in `ContextScorer.neighbours`.
    static func rereadNeighbours(_ q: Int, _ restored: RestorationIndex, _ scorer: ContextScorer)
        -> (neighbours: ContextScorer.Neighbours, readWith: [Restoration]) {
        let tokens = scorer.document.tokens
        var used: [Restoration] = []
        var left: [Int32] = [], right: [Int32] = []
        // A restoration across a paragraph break is not read with: the text is not read across one.
        func usable(_ r: Restoration?) -> Restoration? {
            r.flatMap { r in r.tokens.dropFirst().contains { tokens[$0].gap == .paragraphBreak } ? nil : r }
        }
        var j = q - 1
        var after = q  // the token after j: the one whose gap separates it from j
        while left.count < 2 {
            if j < 0 || tokens[after].gap == .paragraphBreak {
                left.append(ContextModel.paragraphStart)
                break
            }
            if let r = usable(restored.endingAt[j]) {
                used.append(r)
                for id in r.originals.reversed() where left.count < 2 { left.append(scorer.model.contextId(id)) }
                after = r.tokens.lowerBound
                j = r.tokens.lowerBound - 1
            } else {
                left.append(scorer.model.contextId(scorer.ids[j]))
                after = j
                j -= 1
            }
        }
        j = q + 1
        while right.count < 2, j < tokens.count, tokens[j].gap != .paragraphBreak {
            if let r = usable(restored.startingAt[j]) {
                used.append(r)
                for id in r.originals where right.count < 2 { right.append(scorer.model.contextId(id)) }
                j = r.tokens.upperBound
            } else {
                right.append(scorer.model.contextId(scorer.ids[j]))
                j += 1
            }
        }
        var n = ContextScorer.Neighbours()
        n.l1 = left.first
        n.l2 = left.count > 1 ? left[1] : nil
        n.r1 = right.first
        n.r2 = right.count > 1 ? right[1] : nil
        return (n, used)
    }

    /// Rounds of `withNeighboursReread`: a second reads the words near the first's restorations.
    static let rereadRounds = 2
}
