import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import UnspinKit

/// Shows how the context model weighs a word or phrase: its candidates, their
/// features and scores, and why one won.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",  // explicit: deriving it from the type name costs start-up time
        abstract: "Show the candidates the context model weighs for a word or phrase, and why one wins.",
        discussion: """
            Give the spun word or phrase, and with --in the sentence it appears in (its context \
            decides). Without --in the phrase is judged on its own. Prints, for each word the model \
            considers, every candidate original with its features (log-probability gain, how often \
            the written and candidate wordings are seen with their neighbours in clean English, the \
            channel sources that link them) and the confidence it would get; the first line of each \
            block is the winner. Words whose wording is well attested as written are not considered. \
            The collocation rule's findings in the phrase are shown too (by default it runs only in \
            documents with tortured phrases; --enable collocation: in every one).
            --features (for scripts/fit_context_model.py) reads one JSON object per line with a \
            string field "text" and writes every candidate's features as JSON lines.
            """)

    @Argument(help: ArgumentHelp("The spun word or phrase.", valueName: "PHRASE"))
    var phrase: String?

    @Option(name: .customLong("in"), help: ArgumentHelp("The sentence the phrase appears in.", valueName: "SENTENCE"))
    var sentence: String?

    @Option(help: ArgumentHelp("Show at most this many candidates per word.", valueName: "N"))
    var limit = 8

    @Option(help: ArgumentHelp("Write candidate features for the documents in FILE ('-': standard input), one JSON object per line.", valueName: "FILE"))
    var features: String?

    @Option(help: ArgumentHelp("Write the collocation rule's candidate restorations for the documents in FILE ('-': standard input), one JSON object per line.", valueName: "FILE"))
    var collocationFeatures: String?

    @Flag(help: "With --collocation-features: also unseen pairs the rule does not weigh (as its weights were fitted).")
    var allPairs = false

    @OptionGroup var engine: EngineOptions

    func run() throws {
        let context = try engine.makeContext()
        let unspinner = try context.unspinner(for: nil)
        if let collocationFeatures {
            guard unspinner.runsCollocationRule else {
                Output.error("the collocation rule is excluded (--only/--exclude); nothing to explain")
                throw ExitCode(2)
            }
            try FeatureDump.runCollocations(path: collocationFeatures, unspinner: unspinner, allPairs: allPairs)
            return
        }
        guard unspinner.runsContextRule else {
            Output.error("the context model is excluded (--only/--exclude); nothing to explain")
            throw ExitCode(2)
        }
        if let features {
            try FeatureDump.run(path: features, unspinner: unspinner)
            return
        }
        guard let phrase, !phrase.isEmpty else {
            throw ValidationError("give a PHRASE (and --in SENTENCE), or --features FILE")
        }
        let text = sentence ?? phrase
        let bytes = Array(text.utf8)
        guard let offset = Explain.find(Array(phrase.utf8), in: bytes) else {
            throw ValidationError("'\(phrase)' does not occur in the sentence given with --in")
        }
        let span = offset..<offset + phrase.utf8.count
        let explanation = bytes.withUnsafeBufferPointer { unspinner.explainContext($0)! }
        Output.line("context model: \(unspinner.model!.origin); coefficients: \(ContextCoefficients.provenance)")
        Output.line("document evidence \(decimal(explanation.evidence, digits: 2)) from dictionary findings, \(decimal(explanation.density, digits: 2)) likely restorations per 100 words, over \(explanation.words) words (\(Int((100 * explanation.rareShare).rounded()))% rare in the model's counts); threshold \(decimal(unspinner.options.threshold, digits: 2))")
        Output.line(explanation.weighsListedSwaps
            ? "news-spinner swaps: counted (a dictionary finds a known spinner phrase in the document)"
            : "news-spinner swaps: not counted (no dictionary finds a known spinner phrase in the document)")
        let listed = explanation.dictionaryFindings.filter { $0.range.overlaps(span) }
        for finding in listed {
            Output.line("'\(finding.found)': \(finding.rule) lists it (-> '\(finding.replacement ?? "?")', confidence \(finding.confidence)"
                + " before the document gate); the context model does not weigh words a dictionary covers (see `unspin check`)")
        }
        if listed.isEmpty {
            // An entry that would match but for its letter case: say so, or the user is left wondering.
            for dictionary in unspinner.table.dictionaries {
                for entry in dictionary.entries where entry.matchCase && entry.spun.lowercased() == phrase.lowercased() && entry.spun != phrase {
                    Output.line("'\(phrase)': \(dictionary.name) lists '\(entry.spun)' (-> '\(entry.replacement ?? "?")') only as written "
                        + "(case: exact, \(dictionary.path):\(entry.line)), and the text here is written otherwise")
                }
            }
        }
        var collocations = 0
        if unspinner.runsCollocationRule {
            let analysis = bytes.withUnsafeBufferPointer { unspinner.analyze($0) }
            for finding in analysis.all where finding.rule == CollocationRestoration.id && finding.range.overlaps(span) {
                collocations += 1
                Output.line("'\(finding.found)' — collocation rule: '\(finding.replacement ?? "?")' at confidence \(decimal(finding.confidence, digits: 3))"
                    + (finding.confidence >= unspinner.options.threshold ? " (applied)" : " (below the threshold: left as written)"))
                Output.line("  why: \(finding.explanation)")
            }
            if !explanation.collocationRan {
                Output.line("collocation rule: not run on this text (by default it runs only where a tortured-phrase list finds two "
                    + "tortured phrases; --enable collocation runs it everywhere)")
            } else if collocations == 0 {
                // Why a pair the counts never saw was not weighed: general English writes it.
                for pair in bytes.withUnsafeBufferPointer({ GeneralEnglish.pairs(in: $0, within: span) }) {
                    Output.line("'\(pair)': general English writes this pair often (among Google Books' most frequent "
                        + "pairs, dictionaries/general-bigrams.bin); the collocation rule does not weigh it")
                }
            }
        }
        for range in explanation.attested where range.overlaps(span) {
            Output.line("'\(String(decoding: bytes[range], as: UTF8.self))': well attested as written here; not considered")
        }
        var shown = 0
        func block(_ rows: [ContextExplanation.Row], readWith: String?, rereadBelow: Bool = false) {
            shown += 1
            let best = rows[0]
            Output.line("")
            let status = rereadBelow ? " (weighed again below, with restorations near it in place)"
                : best.confidence >= unspinner.options.threshold ? " (applied)" : " (below the threshold: left as written)"
            Output.line("'\(best.found)'" + (readWith.map { " \($0)" } ?? "") + " — best: '\(best.replacement)' at confidence "
                + decimal(best.confidence, digits: 3) + status)
            Output.line("  " + ["candidate", "conf", "logit"].map { $0.padding(16) }.joined()
                + ContextScorer.featureNames.map { String($0.prefix(9)).padding(10) }.joined() + "sources")
            for row in rows.prefix(limit) {
                let c = row.candidate
                var sources = c.channel.sources.names
                let tortured = c.channel.tortured
                if tortured > 0 { sources.append("PPS×\(tortured)") }
                Output.line("  " + row.replacement.padding(16) + decimal(row.confidence, digits: 3).padding(16)
                    + decimal(c.logit, digits: 2).padding(16)
                    + (0..<ContextScorer.featureNames.count).map { decimal(c.features[$0], digits: 2).padding(10) }.joined()
                    + sources.joined(separator: ","))
            }
            if rows.count > limit { Output.line("  … \(rows.count - limit) more") }
            Output.line("  why: " + Explain.why(rows))
            if best.density < explanation.density {
                Output.line("  weighed at \(decimal(best.density, digits: 2)) likely restorations per 100 words, its paragraphs' "
                    + "(the document's \(decimal(explanation.density, digits: 2)))")
            }
            if best.evidence < explanation.evidence {
                Output.line("  without the document evidence: no strong finding in its paragraph")
            }
        }
        // A word reread with the restorations near it (what `check` reports) follows its own block.
        let reread = explanation.reread.filter { $0.rows[0].range.overlaps(span) }
        for rows in explanation.positions where rows[0].range.overlaps(span) {
            let again = reread.first { $0.rows[0].range == rows[0].range }
            block(rows, readWith: nil, rereadBelow: again != nil)
            if let again { block(again.rows, readWith: again.readWith) }
        }
        for again in reread where !explanation.positions.contains(where: { $0[0].range == again.rows[0].range }) {
            block(again.rows, readWith: again.readWith)
        }
        if shown == 0 && collocations == 0 && !explanation.attested.contains(where: { $0.overlaps(span) })
            && listed.isEmpty {
            Output.line("no candidates: the words are unknown to the model, names, or have no channel entry (see `unspin check` for dictionary findings)")
        }
    }

    static func why(_ rows: [ContextExplanation.Row]) -> String {
        let best = rows[0].candidate
        let weights = ContextCoefficients.weights
        let contributions = ContextScorer.featureNames.indices.map { (ContextScorer.featureNames[$0], weights[$0] * best.features[$0]) }
        let top = contributions.sorted { abs($0.1) > abs($1.1) }.prefix(3)
            .map { "\($0.0) \($0.1 >= 0 ? "+" : "")\(decimal($0.1, digits: 2))" }.joined(separator: ", ")
        var text = "largest contributions to its log-odds: \(top)"
        if rows.count > 1 {
            text += "; it leads '\(rows[1].replacement)' by \(decimal(best.logit - rows[1].candidate.logit, digits: 2)) in log-odds"
        }
        return text
    }

    /// The byte offset of `needle` in `haystack`: as written, else ignoring
    /// ASCII case, as dictionary matching does ("irregular woodlands" in
    /// "Irregular woodlands beat the baseline.").
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        let starts = 0...(haystack.count - needle.count)
        if let i = starts.first(where: { haystack[$0..<$0 + needle.count].elementsEqual(needle) }) { return i }
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        return starts.first { haystack[$0..<$0 + needle.count].elementsEqual(needle) { lower($0) == lower($1) } }
    }
}

/// `explain --features`: every candidate of every document, as JSON lines.
enum FeatureDump {
    /// Calls `body` with the line number and the "text" field of each JSON
    /// line of `path` ('-': standard input); lines without one are skipped.
    static func forEachDocument(in path: String, _ body: (_ lineNumber: Int, _ bytes: [UInt8]) -> Void) throws {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.errno(path, "cannot open") }
        defer { if fd > 0 { close(fd) } }
        var reader = LineReader(fd: fd, path: path == "-" ? "stdin" : path)
        var lineNumber = 0
        while let (line, _) = try reader.next() {
            lineNumber += 1
            guard let members = JSONLine.members(line),
                  let member = members.first(where: { $0.key == "text" }),
                  let text = JSONLine.decodeString(Array(line[member.value])) else { continue }
            body(lineNumber, Array(text.utf8))
        }
    }

    static func run(path: String, unspinner: Unspinner) throws {
        try forEachDocument(in: path) { lineNumber, bytes in
            guard let explanation = bytes.withUnsafeBufferPointer({ unspinner.explainContext($0, asFitted: true) }) else { return }
            for (position, rows) in explanation.positions.enumerated() {
                for row in rows {
                    var o = JSONObject()
                    o.add("line", lineNumber)
                    o.add("position", position)
                    o.add("start", row.range.lowerBound)
                    o.add("end", row.range.upperBound)
                    o.add("found", row.found)
                    o.add("replacement", row.replacement)
                    let features = (0..<ContextScorer.featureNames.count).map { "\(row.candidate.features[$0])" }
                    o.addRaw("features", "[" + features.joined(separator: ",") + "]")
                    o.add("evidence", row.evidence)
                    o.add("density", row.density)
                    o.add("words", explanation.words)
                    o.add("rare_share", explanation.rareShare)
                    if row.attested { o.add("attested", 1) }
                    Output.line(o.rendered)
                }
            }
        }
    }
}

extension FeatureDump {
    /// `explain --collocation-features`: every candidate restoration of the
    /// collocation rule, as JSON lines (for scripts/fit_collocation.py).
    static func runCollocations(path: String, unspinner: Unspinner, allPairs: Bool) throws {
        try forEachDocument(in: path) { lineNumber, bytes in
            guard let rows = bytes.withUnsafeBufferPointer({ unspinner.explainCollocations($0, allPairs: allPairs) }) else { return }
            for row in rows {
                var o = JSONObject()
                o.add("line", lineNumber)
                o.add("pair_start", row.pair.lowerBound)
                o.add("pair_end", row.pair.upperBound)
                o.add("start", row.range.lowerBound)
                o.add("end", row.range.upperBound)
                o.add("found", row.found)
                o.add("replacement", row.replacement)
                let features = (0..<CollocationRestoration.featureNames.count).map { "\(row.features[$0])" }
                o.addRaw("features", "[" + features.joined(separator: ",") + "]")
                Output.line(o.rendered)
            }
        }
    }
}

private extension String {
    func padding(_ width: Int) -> String {
        count >= width - 1 ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
