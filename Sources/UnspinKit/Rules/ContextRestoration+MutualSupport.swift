extension ContextRestoration {
    /// `positions` with pairs of nearby swaps that read right only together
    /// made reportable. A spinner that swaps two words side by side ("talks on
    /// atomic disarming" for "nuclear disarmament") leaves each weighed in a
    /// context the other spoiled: "atomic" -> "nuclear" gains little before
    /// "disarming", and stays under the threshold, as does "disarming" ->
    /// "disarmament" after "atomic", so no reread (`withNeighboursReread`)
    /// ever starts from either. Here a word whose best candidate is plausible
    /// on its own (`mutualSupportFloor` with full evidence) is put back
    /// tentatively, and each word within two of it is weighed as the text
    /// then reads; where that neighbour's restoration may be reported, the
    /// first word is weighed again with the neighbour's original in place.
    /// When both may then be reported, with the same original for the first
    /// word and each best `mutualSupportLead` ahead of its runner-up, both are
    /// kept at the lesser of the two stage-2 logits, each read with the other:
    /// neither is ever reported without its partner's support, and a word
    /// clean English uses where it stands (well attested once the other is
    /// restored) is never restored. A position is replaced only by a stronger
    /// one; the pairs then start `withNeighboursReread`'s rounds like any
    /// restoration that may be reported.
    static func withMutualSupport(_ positions: [Position], _ scorer: ContextScorer, covered: [Bool],
                                  densities: NeighbourhoodDensity, threshold: Double, dictionary: [Restoration] = []) -> [Position] {
        let tokens = scorer.document.tokens
        let floor = restoreFloor(over: densities, attested: false, rareShare: scorer.rareWordShare)
        var result = positions
        var byToken: [Int: Int] = [:]
        for (k, p) in positions.enumerated() { byToken[p.candidates[0].token] = k }

        var fixes = RestorationIndex(dictionary)
        /// Token `q` weighed as it reads with `restoration` (and the dictionary's fixes) made.
        func reread(_ q: Int, with restoration: Restoration) -> Position? {
            guard !covered[q], scorer.isReplaceable(q) else { return nil }
            let (n, readWith) = fixes.with(restoration) { rereadNeighbours(q, $0, scorer) }
            guard case (var position, let lead)? = weighedAsRead(q, n, scorer, densities: densities, floor: floor),
                  lead >= mutualSupportLead else { return nil }
            position.readWith = readWith
            return position
        }
        func keep(_ position: Position) {
            let q = position.candidates[0].token
            if let k = byToken[q] {
                if result[k].restoreLogit < position.restoreLogit { result[k] = position }
            } else {
                byToken[q] = result.count
                result.append(position)
            }
        }

        for p in positions where p.most >= mutualSupportFloor && p.most < threshold {
            let t = p.candidates[0].token
            let tentative = p.restoration
            var strongest: (first: Position, second: Position, logit: Double)?
            let near = max(0, t - 2)..<min(tokens.count, t + 3)
            for q in near where q != t {
                guard var second = reread(q, with: tentative), second.most >= threshold,
                      var first = reread(t, with: second.restoration),
                      first.candidates[0].replacement == p.candidates[0].replacement,
                      first.most >= threshold else { continue }
                let joint = min(first.restoreLogit, second.restoreLogit)
                guard joint > strongest?.logit ?? -.infinity else { continue }
                first.restoreLogit = joint
                second.restoreLogit = joint
                second.readWith = [first.restoration]
                strongest = (first, second, joint)
            }
            if let (first, second, _) = strongest {
                keep(first)
                keep(second)
            }
        }
        return result
    }

    /// The least confidence (with full dictionary evidence) at which a word's
    /// best candidate is put back tentatively to weigh its neighbours with
    /// (`withMutualSupport`): any the rule keeps at all. At 0.3 and 0.4 the
    /// simulated families gained a little less (SEO 736 and 733 right
    /// edits, not 742) at the same precision.
    static let mutualSupportFloor = keepFloor

    /// The least lead, in stage-1 log-odds, of each word's best candidate over
    /// its runner-up in a pair (`withMutualSupport`): a pair has two words to
    /// fit, and a near tie is a guess ("might [finish -> end] the [battle ->
    /// conflict]", where "war" was 0.26 behind, cost the seed two wrong edits
    /// without it; at a floor of 0.3 it cost SpinBot 2 right edits of 213,
    /// SEO and WordNet none).
    static let mutualSupportLead = 1.0
}
