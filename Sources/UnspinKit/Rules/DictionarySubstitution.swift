/// Flags phrases listed in the loaded dictionaries and proposes the original
/// wording: longest match first, the first entry whose context holds, the
/// replacement in the case pattern of the text it replaces.
public struct DictionarySubstitution: Pass {
    public static let id = "dictionary"
    public static let summary = "Flags spun words and phrases listed in a dictionary; fixes them to the listed original wording, keeping the case pattern."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nfor the reason that => since\nreason => cause",
                    input: "For the reason that it rained, we left.", output: "Since it rained, we left."),
        PassExample(dictionary: "@name ex\nlevel man => point man",
                    input: "LEVEL MAN for talks", output: "POINT MAN for talks"),
        PassExample(dictionary: "@name ex\nenergy => power | after: returned to, seize",
                    input: "They returned to energy. Energy prices rose.", output: "They returned to power. Energy prices rose."),
        // A `case: exact` title matches a headline in title case, whose small words take capitals too,
        // but not its words in running lower case.
        PassExample(dictionary: "@name ex\nRecreation of Thrones => Game of Thrones | case: exact",
                    input: "Recreation Of Thrones Star Dies\n\nThe recreation of thrones was a museum's project.",
                    output: "Game Of Thrones Star Dies\n\nThe recreation of thrones was a museum's project."),
        // A replacement in words for figures that start a sentence starts it with a capital.
        PassExample(dictionary: "@name ex\n1000's => thousands",
                    input: "1000's of people fled. Some 1000's stayed.", output: "Thousands of people fled. Some thousands stayed."),
        // In a headline in title case the replacement takes the headline's case; in a sentence, not.
        PassExample(dictionary: "@name ex\nsubsequent 12 months => next year",
                    input: "Minister Says Talks Will Resume Subsequent 12 months\n\nSubsequent 12 months, the talks resume in Doha.",
                    output: "Minister Says Talks Will Resume Next Year\n\nNext year, the talks resume in Doha."),
        // A listed phrase in the possessive keeps its 's.
        PassExample(dictionary: "@name ex\nWall Road => Wall Street",
                    input: "Wall Road's rally faded.", output: "Wall Street's rally faded."),
        PassExample(dictionary: "@name ex\nsocial gathering => party",
                    input: "The social gathering’s leader spoke.", output: "The party’s leader spoke."),
        // Not where the entry looks at the words after it: those follow the 's.
        PassExample(dictionary: "@name ex\nfinal => last | before: week",
                    input: "The final's week", output: "The final's week"),
        // Not in a dotted name (code, files, hosts): prose puts a space after a full stop.
        PassExample(dictionary: "@name ex\nclear power => clean energy",
                    input: "- Clear power.must_resume on error. Clear power is cheap.",
                    output: "- Clear power.must_resume on error. Clean energy is cheap."),
        PassExample(dictionary: "@name ex\nvitality => energy",
                    input: "See vitality.gov or www.vitality.org. It said.Vitality rose.",
                    output: "See vitality.gov or www.vitality.org. It said.Energy rose."),
        // A listed phrase that overlaps the end of the match fixes its last words
        // when the two swap the shared word alike...
        PassExample(dictionary: "@name ex\nnuclear vitality => nuclear energy\nvitality costs => energy prices\nvitality sector => energy sector",
                    input: "Nuclear vitality costs rose. The nuclear vitality sector grew.",
                    output: "Nuclear energy prices rose. The nuclear energy sector grew."),
        // ...and not when they swap it differently.
        PassExample(dictionary: "@name ex\nlevel man => point man\nman hours => staff hours",
                    input: "He logged level man hours.", output: "He logged point man hours."),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        let document = context.document
        let tokens = document.tokens
        let table = context.table
        let contexts = ContextMatcher(table: table, document: document)
        // Words ending in 's or ’s, noted in the same walk (a second walk over
        // the tokens cost 6% of a dictionary-only run): see `possessives`.
        var possessive: [(token: Int, suffix: Int)] = []
        // A match may end unapplied below this: under the threshold, or weak
        // enough for the gate to decide (`strongerInside`).
        let innerCheckBelow = max(DocumentSpinGate.strongConfidence, context.options.threshold)
        var i = 0
        while i < tokens.count {
            if let suffix = document.possessiveSuffix(i) { possessive.append((i, suffix)) }
            guard table.mayStartMatch(in: tokens, at: i),
                  let (end, index) = longestMatch(at: i, endingBy: tokens.count, document, table, contexts) else { i += 1; continue }
            let entry = table.entries[Int(index)]
            findings.append(finding(entry, table, document, tokens: i..<end))
            if entry.confidence < innerCheckBelow {
                findings += strongerInside(i..<end, than: entry, in: document, table: table, contexts: contexts)
            }
            if let (tail, tailEnd) = continuation(of: entry, i..<end, in: document, table: table, contexts: contexts) {
                findings.append(tail)
                i = tailEnd
                continue
            }
            i = end
        }
        guard !possessive.isEmpty else { return }
        let found = possessives(possessive, in: document, table: table, contexts: contexts, listed: findings)
        guard !found.isEmpty else { return }
        findings += found
        findings.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The longest listed phrase at token `start` that ends by token `limit`
    /// and is not in a dotted name, whose entry (the first of its phrase's
    /// whose context holds) `takes` accepts with the phrase's end: that end
    /// and the entry's index. Shorter phrases are tried when a longer one has
    /// no such entry. The walk of `run` and `strongerInside` share it.
    @inline(__always)
    func longestMatch(at start: Int, endingBy limit: Int, _ document: Document, _ table: PhraseTable, _ contexts: ContextMatcher,
                      takes: (_ end: Int, _ entry: Int32) -> Bool = { _, _ in true }) -> (end: Int, entry: Int32)? {
        var matched: (end: Int, entry: Int32)?
        table.forEachMatch(in: document.tokens, at: start, allowed: { $0 < limit }) { end, entries in
            guard !document.isInDottedName(start..<end),
                  let index = contexts.firstHolding(entries, start: start, end: end), takes(end, index) else { return false }
            matched = (end, index)
            return true
        }
        return matched
    }

    /// The phrases other dictionaries list inside a match that may end
    /// unapplied (weak, or under a `--threshold` above the strong findings')
    /// that are more confident than it, left to right, longest first, none
    /// overlapping another. The longest phrase at a word wins whatever its confidence:
    /// within one dictionary that is how a weak longer entry narrows a strong
    /// shorter one ("coronary heart failure" at 0.5 keeps "coronary heart" =>
    /// "heart" off health writing unless the document reads as spun). Another
    /// dictionary's weak entry was not written to do that, and hid a strong
    /// entry where the gate did not lift it: "lengthy brief-term
    /// reminiscences", a form the tortured-phrase list makes at 0.5, left the
    /// news-spinner's "brief-term" => "short-term" (0.95) unfixed in ordinary
    /// text. Both are reported; they overlap, and the gate keeps the longer
    /// where it lifts it over the threshold, the stronger shorter one elsewhere
    /// (`DocumentSpinGate.resolvingOverlaps`).
    func strongerInside(_ span: Range<Int>, than outer: PhraseTable.Entry, in document: Document, table: PhraseTable,
                        contexts: ContextMatcher) -> [Finding] {
        var out: [Finding] = []
        var j = span.lowerBound
        while j < span.upperBound {
            guard let (end, index) = longestMatch(at: j, endingBy: span.upperBound, document, table, contexts, takes: { end, index in
                let inner = table.entries[Int(index)]
                return end - j < span.count && inner.dictionary != outer.dictionary && inner.confidence > outer.confidence
            }) else { j += 1; continue }
            out.append(finding(table.entries[Int(index)], table, document, tokens: j..<end))
            j = end
        }
        return out
    }

    /// The rest of a listed phrase that starts inside the match `span` and runs
    /// past it, where the two agree on the words they share: the walk takes
    /// the longest match at the leftmost word, and a phrase that overlaps its
    /// end would otherwise leave its last words spun. "nuclear vitality" =>
    /// "nuclear energy" and "vitality costs" => "energy prices" both swap
    /// "vitality" for "energy", so in "nuclear vitality costs" the second
    /// fixes "costs" as well. Only entries that swap word for word (as many
    /// words on both sides, one token each) are joined, so that each word's
    /// replacement is known; the rest gets the less confident entry's
    /// confidence, so that it is applied where both phrases would be.
    func continuation(of outer: PhraseTable.Entry, _ span: Range<Int>, in document: Document, table: PhraseTable,
                      contexts: ContextMatcher) -> (finding: Finding, end: Int)? {
        guard span.count > 1 else { return nil }
        for j in span.lowerBound + 1..<span.upperBound where table.mayStartMatch(in: document.tokens, at: j) {
            guard let (end, index) = longestMatch(at: j, endingBy: document.tokens.count, document, table, contexts,
                                                  takes: { end, _ in end > span.upperBound }) else { continue }
            // The entries are made only here: overlapping phrases are rare, and
            // making an entry for every match cost 6% of a dictionary run on spun text.
            let outerEntry = outer.entry
            guard let outerWords = DictionarySubstitution.wordForWord(outerEntry, tokens: span.count) else { return nil }
            let inner = table.entries[Int(index)]
            let innerEntry = inner.entry
            guard let innerWords = DictionarySubstitution.wordForWord(innerEntry, tokens: end - j) else { continue }
            let shared = span.upperBound - j
            guard (0..<shared).allSatisfy({
                outerWords[j - span.lowerBound + $0].lowercased() == innerWords[$0].lowercased()
            }) else { continue }
            let rest = span.upperBound..<end
            var found = finding(inner, table, document, tokens: rest)
            let words = innerWords[shared...].joined(separator: " ")
            // "vitality sector" => "energy sector" leaves "sector" as it is.
            guard words.lowercased() != found.found.lowercased() else { return nil }
            found.replacement = CasePattern(of: document, tokens: rest).apply(to: words)
            found.alternatives = []
            found.confidence = min(outer.confidence, inner.confidence)
            found.explanation += "; here its last words, after '\(outerEntry.spun)' (\(source(of: outerEntry, in: table.dictionaries[outer.dictionary])))"
            return (found, end)
        }
        return nil
    }

    /// The replacement's words of an entry that swaps word for word over
    /// `tokens` tokens; nil for any other.
    static func wordForWord(_ entry: DictionaryEntry, tokens: Int) -> [String]? {
        guard let replacement = entry.replacement else { return nil }
        let spun = entry.spun.split(separator: " "), words = replacement.split(separator: " ").map(String.init)
        return spun.count == tokens && words.count == tokens ? words : nil
    }

    /// Listed phrases in the possessive: a spinner swaps the words of a name or
    /// compound and keeps its 's ("Wall Road's rally", "the social gathering's
    /// leader"), which makes a last word ("road's") no entry lists. At each
    /// word ending in 's or ’s outside the findings so far, the phrases that
    /// end with the word before the 's are looked up, longest first, and the
    /// replacement keeps the 's as written. Entries with `before:` or
    /// `not-before:` are left out: the words they look at follow the 's. An
    /// entry listing the possessive itself ("Supreme Courtroom's") matches in
    /// `run` first. `candidates`: the words ending in 's, with the suffix's
    /// length in bytes; only those whose stem ends a listed phrase are looked at.
    func possessives(_ candidates: [(token: Int, suffix: Int)], in document: Document, table: PhraseTable,
                     contexts: ContextMatcher, listed: [Finding]) -> [Finding] {
        let tokens = document.tokens, bytes = document.bytes
        var out: [Finding] = []
        var covered: [Bool]?
        for (k, suffix) in candidates {
            let token = tokens[k]
            let stem = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end - suffix])
            guard let hash = KeyHash.ofASCIIWord(stem) else { continue }
            let stemID = table.vocabulary.id(ofASCIIWord: stem, hash: hash)
            guard table.mayEndPhrase(stemID) else { continue }
            if covered == nil { covered = listed.covering(tokens: tokens.count) { _ in true } }
            guard !covered![k] else { continue }
            // The tokens a phrase ending at k may span, with k read as its stem.
            let first = max(0, k - table.longestPhrase + 1)
            var local = Array(tokens[first...k])
            local[local.count - 1].id = stemID
            var matched: (start: Int, entry: Int32)?
            for start in first...k where !covered![start] {
                table.forEachMatch(in: local, at: start - first, allowed: { first + $0 >= start && !covered![first + $0] }) { end, entries in
                    guard end == local.count, let index = contexts.firstHolding(entries, start: start, end: k + 1, accepts: {
                        $0.entry.replacement != nil && $0.before.isEmpty && $0.notBefore.isEmpty
                    }) else { return false }
                    matched = (start, index)
                    return true
                }
                if matched != nil { break }
            }
            guard let (start, index) = matched else { continue }
            let apostrophe = document.text(token.end - suffix..<token.end)
            var found = finding(table.entries[Int(index)], table, document, tokens: start..<k + 1)
            found.replacement = found.replacement.map { $0 + apostrophe }
            found.alternatives = found.alternatives.map { $0 + apostrophe }
            found.explanation += " (here in the possessive)"
            out.append(found)
            for t in start...k { covered![t] = true }
        }
        return out
    }

    /// How a phrase joins its words: a space or a hyphen between each two.
    /// A tortured-phrase list's phrase is also keyed with its words all joined
    /// by hyphens and all by spaces (`PhraseTable.keysJoinedOtherwise`); the
    /// replacement of "profound-learning" is then "deep-learning", joined as
    /// the text joins the words it replaces.
    struct Joins: Equatable {
        /// Per pair of neighbouring words: whether a hyphen joins them.
        var joins: [Bool]

        /// The confidence at most of a match that writes a space where the
        /// listed phrase has a hyphen: "actual time" is ordinary English where
        /// "actual-time" is not, so such a form is applied only where the
        /// document gate finds the text spun. The spaced forms the build script
        /// lists get the same (`MADE_VARIANT_CONFIDENCE` in
        /// scripts/build_tortured_phrases.py). A hyphen where the list has a
        /// space keeps the entry's confidence: joined, two words read as one
        /// term, and the hyphenated forms of the listed phrases occur nowhere in
        /// the 74M words of the clean corpus.
        static let spacedFormConfidence = 0.5

        /// Whether these joins write a space where `listed` writes a hyphen.
        func spaces(_ listed: Joins) -> Bool {
            zip(joins, listed.joins).contains { !$0 && $1 }
        }

        /// The joins of a phrase as a dictionary writes it (single spaces); nil
        /// when a hyphen or space has no word on either side.
        init?(_ phrase: String) {
            guard let (_, joins) = Joins.split(phrase) else { return nil }
            self.joins = joins
        }

        /// The words of `phrase` and whether a hyphen (else a space) joins each two.
        static func split(_ phrase: String) -> (words: [Substring], joins: [Bool])? {
            var words: [Substring] = [], joins: [Bool] = []
            for (k, piece) in phrase.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                for (m, word) in piece.split(separator: "-", omittingEmptySubsequences: false).enumerated() {
                    guard !word.isEmpty else { return nil }
                    if k > 0 || m > 0 { joins.append(m > 0) }
                    words.append(word)
                }
            }
            return (words, joins)
        }

        /// The joins of the words of tokens `range` (`PhraseTable.hyphenJoins`).
        init?(_ document: Document, tokens range: Range<Int>, hyphen: Int32) {
            let tokens = document.tokens
            guard let (_, joins) = PhraseTable.hyphenJoins(tokens[range], hyphen: hyphen, id: { tokens[$0].id }) else { return nil }
            self.joins = joins
        }

        /// `replacement` with its words joined as `written` joins them, where it
        /// has as many words as the listed phrase and joins them alike; else nil.
        static func rejoined(_ replacement: String, listed: Joins, as written: Joins) -> String? {
            guard let (words, joins) = split(replacement), joins == listed.joins, written.joins.count == joins.count else { return nil }
            var out = String(words[0])
            for (k, word) in words.dropFirst().enumerated() {
                out += written.joins[k] ? "-" : " "
                out += word
            }
            return out
        }
    }

    /// Where an entry is written: its dictionary's path and the entry's line.
    private func source(of entry: DictionaryEntry, in dictionary: SpinDictionary) -> String {
        "\(dictionary.path):\(entry.line)"
    }

    private func finding(_ compiled: PhraseTable.Entry, _ table: PhraseTable, _ document: Document, tokens range: Range<Int>) -> Finding {
        let entry = compiled.entry
        let dictionary = table.dictionaries[compiled.dictionary]
        let bytes = document.tokens[range.lowerBound].start..<document.tokens[range.upperBound - 1].end
        let found = document.text(bytes)
        let pattern = CasePattern(of: document, tokens: range)
        var replacement = entry.replacement.map { pattern.apply(to: $0) }
        var explanation: String
        if let original = entry.replacement {
            explanation = "\(dictionary.name) lists '\(entry.spun)' as a spun form of '\(original)'"
        } else {
            explanation = "\(dictionary.name) lists '\(entry.spun)' as a spun phrase; the original is unknown"
        }
        var confidence = entry.confidence
        if table.matchesOtherJoins(compiled), let written = Joins(document, tokens: range, hyphen: table.hyphen),
           let listed = Joins(entry.spun), written.joins != listed.joins {
            explanation += " (here its words are joined otherwise)"
            replacement = replacement.map { Joins.rejoined($0, listed: listed, as: written) ?? $0 }
            if written.spaces(listed) { confidence = min(confidence, Joins.spacedFormConfidence) }
        }
        if !entry.alternatives.isEmpty { explanation += " (or: \(entry.alternatives.joined(separator: ", ")))" }
        if let note = entry.note { explanation += "; \(note)" }
        var finding = Finding(
            range: bytes, found: found, replacement: replacement, rule: dictionary.name,
            source: source(of: entry, in: dictionary), confidence: confidence,
            explanation: explanation, tokens: range)
        if replacement != nil { finding.alternatives = entry.alternatives.map { pattern.apply(to: $0) } }
        return finding
    }
}
