/// Evaluates an entry's `after`/`before` conditions against the tokens around
/// a match. Context never crosses a paragraph break; punctuation is matched as
/// a token, so "returned to" does not match "returned, to".
struct ContextMatcher {
    let table: PhraseTable
    let document: Document

    /// The first of `entries` (a trie node's, in priority order) that
    /// `accepts` and whose context holds over tokens `start..<end`: the entry
    /// a match uses.
    @inline(__always)
    func firstHolding(_ entries: ArraySlice<Int32>, start: Int, end: Int,
                      accepts: (PhraseTable.Entry) -> Bool = { _ in true }) -> Int32? {
        for index in entries {
            let entry = table.entries[Int(index)]
            if accepts(entry) && holds(entry, start: start, end: end) { return index }
        }
        return nil
    }

    func holds(_ entry: PhraseTable.Entry, start: Int, end: Int) -> Bool {
        if let capitals = entry.context?.capitals, !hasCase(capitals, start: start, end: end) { return false }
        if !entry.after.isEmpty, !entry.after.contains(where: { matchesBefore($0, start) }) { return false }
        if entry.notAfter.contains(where: { matchesBefore($0, start) }) { return false }
        if !entry.before.isEmpty, !entry.before.contains(where: { matchesAfter($0, end) }) { return false }
        if entry.notBefore.contains(where: { matchesAfter($0, end) }) { return false }
        return true
    }

    /// Whether `term` matches the tokens that end right before token `start`.
    private func matchesBefore(_ term: PhraseTable.CompiledTerm, _ start: Int) -> Bool {
        let tokens = document.tokens
        switch term {
        case .builtin(.start):
            return document.isSentenceStart(start)
        case .builtin(.end):
            return false
        case .builtin(.number):
            return start > 0 && tokens[start].gap != .paragraphBreak && isNumber(start - 1)
        case .builtin(.capitalized):
            let p = start - 1
            return p >= 0 && tokens[start].gap != .paragraphBreak && tokens[p].kind == .word
                && tokens[p].caseFlags.contains(.firstLetterUpper) && !document.isSentenceStart(p)
        case .builtin(.possessive):
            return start > 0 && tokens[start].gap != .paragraphBreak && document.possessiveSuffix(start - 1) != nil
        case .phrase(let ids):
            return phraseEnds(ids, at: start)
        case .wordClass(let index):
            let c = table.classes[index]
            if start > 0, tokens[start].gap != .paragraphBreak, c.words.contains(tokens[start - 1].id) { return true }
            return c.phrases.contains { phraseEnds($0, at: start) }
        }
    }

    /// Whether `term` matches the tokens starting at token `end`.
    private func matchesAfter(_ term: PhraseTable.CompiledTerm, _ end: Int) -> Bool {
        let tokens = document.tokens
        let available = end < tokens.count && tokens[end].gap != .paragraphBreak
        switch term {
        case .builtin(.end):
            return document.isSentenceEnd(before: end)
        case .builtin(.start):
            return false
        case .builtin(.number):
            return available && isNumber(end)
        case .builtin(.capitalized):
            return available && tokens[end].kind == .word && tokens[end].caseFlags.contains(.firstLetterUpper)
                && !document.isSentenceStart(end)
        case .builtin(.possessive):
            return available && document.possessiveSuffix(end) != nil
        case .phrase(let ids):
            return phraseStarts(ids, at: end)
        case .wordClass(let index):
            let c = table.classes[index]
            if available, c.words.contains(tokens[end].id) { return true }
            return c.phrases.contains { phraseStarts($0, at: end) }
        }
    }

    /// Whether the words `start..<end` start with a capital exactly where the
    /// spun phrase's do (`capitals`). A capital on the first word at a sentence
    /// start, and a match in capitals throughout (a headline), are case-neutral;
    /// so is a capital on a small word between the capitals of a title, as a
    /// headline in title case writes it ("Recreation Of Thrones" for the
    /// listed "Recreation of Thrones").
    private func hasCase(_ capitals: [Bool], start: Int, end: Int) -> Bool {
        let tokens = document.tokens
        guard capitals.count == end - start else { return false }
        var upperOnly = true
        for i in start..<end where tokens[i].kind == .word && tokens[i].caseFlags.contains(.hasLower) { upperOnly = false }
        if upperOnly { return true }
        for i in start..<end where tokens[i].kind == .word {
            let capital = tokens[i].caseFlags.contains(.firstLetterUpper)
            let k = i - start
            if capital == capitals[k] { continue }
            if i == start, capital, document.isSentenceStart(i) { continue }
            if capital, (k > 0 && capitals[k - 1]) || (k + 1 < capitals.count && capitals[k + 1]), document.isSmallWord(i) { continue }
            return false
        }
        return true
    }

    private func isNumber(_ i: Int) -> Bool {
        document.tokens[i].kind == .number || table.numberWords.contains(document.tokens[i].id)
    }

    private func phraseEnds(_ ids: [Int32], at start: Int) -> Bool {
        let tokens = document.tokens
        let first = start - ids.count
        guard first >= 0 else { return false }
        for k in 0..<ids.count {
            let t = tokens[first + k]
            if t.id != ids[k] { return false }
            if tokens[first + k + 1].gap == .paragraphBreak { return false }
        }
        return true
    }

    private func phraseStarts(_ ids: [Int32], at end: Int) -> Bool {
        let tokens = document.tokens
        guard end + ids.count <= tokens.count else { return false }
        for k in 0..<ids.count {
            let t = tokens[end + k]
            if t.id != ids[k] || t.gap == .paragraphBreak { return false }
        }
        return true
    }
}
