/// The anomaly density (likely restorations and known spinner phrases per 100
/// words, `ContextRestoration.anomalyDensity`) that stage 2 reads at each
/// word: the least of the document's and its neighbourhood's. A word's
/// neighbourhood is its paragraph with the nearest paragraphs either side,
/// taken by turns (before first), until they hold `neighbourhoodWords` words,
/// and counted as at least that many.
///
/// The density tells stage 2 how spun the text around a word is. Counted over
/// the whole document, a page with one spun paragraph read as densely spun
/// throughout, and its clean paragraphs' odd words were restored ("my
/// colleague's motion" -> "question", "warlike preparations" -> "military"):
/// 20 edits per 32K words in `scripts/evaluate_context.py`'s spinner-mixed
/// set, none with the neighbourhood's density. The neighbourhood only ever
/// lowers the density: in a short paragraph of a spun text it would count a
/// few anomalies over few words, and raise it.
public struct NeighbourhoodDensity: Sendable {
    /// The document's density.
    public let document: Double
    private let paragraphs: Paragraphs?
    private let byParagraph: [Double]
    /// The densities of the document's words, each once, in order.
    public let distinct: [Double]

    /// Words a neighbourhood holds at least (about three paragraphs of news):
    /// fewer, and a neighbourhood of a spun text holds too few anomalies to
    /// count them reliably (at 50, the simulated families lost 4% of their
    /// correct restorations; at 75, 1.5%).
    static let neighbourhoodWords = 75

    /// The same density at every word.
    public init(uniform density: Double) {
        self.init(document: density, paragraphs: nil, byParagraph: [], distinct: [density])
    }

    private init(document: Double, paragraphs: Paragraphs?, byParagraph: [Double], distinct: [Double]) {
        self.document = document
        self.paragraphs = paragraphs
        self.byParagraph = byParagraph
        self.distinct = distinct
    }

    /// The densities in a document of these paragraphs, whose density is
    /// `document`, with these anomalies (the tokens of counted anomalies and
    /// the first of known phrases).
    init(_ paragraphs: Paragraphs, anomalies: some Sequence<Int>, document: Double) {
        // With no anomaly the least is 0 everywhere, and a lone paragraph is the
        // document: the paragraphs are not read.
        guard document > 0, paragraphs.count > 1 else {
            self.init(uniform: document)
            return
        }
        var counts = [Int](repeating: 0, count: paragraphs.count)
        for token in anomalies { counts[paragraphs.paragraph(of: token)] += 1 }
        let byParagraph = (0..<paragraphs.count).map { p in
            var first = p, last = p, held = paragraphs.words(p), anomalies = counts[p], before = true
            while held < NeighbourhoodDensity.neighbourhoodWords && (first > 0 || last < paragraphs.count - 1) {
                if (before && first > 0) || last == paragraphs.count - 1 {
                    first -= 1
                    held += paragraphs.words(first)
                    anomalies += counts[first]
                } else {
                    last += 1
                    held += paragraphs.words(last)
                    anomalies += counts[last]
                }
                before.toggle()
            }
            let local = ContextRestoration.anomalyDensity(anomalies: anomalies, words: held,
                                                          countedAtLeast: NeighbourhoodDensity.neighbourhoodWords)
            return min(document, local)
        }
        // Sorted, not hashed: a set of doubles looks up Double's conformance to Hashable at run time.
        // Neighbouring paragraphs often share one (0, far from any anomaly): those runs are cut first.
        var runs: [Double] = []
        for d in byParagraph where d != runs.last { runs.append(d) }
        var distinct: [Double] = []
        for d in runs.sorted() where d != distinct.last { distinct.append(d) }
        self.init(document: document, paragraphs: paragraphs, byParagraph: byParagraph, distinct: distinct)
    }

    /// The density at token `token`.
    public func at(_ token: Int) -> Double {
        guard let paragraphs else { return document }
        return byParagraph[paragraphs.paragraph(of: token)]
    }
}
