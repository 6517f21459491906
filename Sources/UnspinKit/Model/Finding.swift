/// One suspected substitution: the model that flows from detection to every
/// output (corrected text, diff, report). Offsets refer to the caller's bytes.
public struct Finding: Sendable, Hashable {
    /// Byte range in the input that the finding covers (and an edit replaces).
    public var range: Range<Int>
    /// The text found at `range`, exactly as written.
    public var found: String
    /// The proposed original wording, already in the case pattern of `found`;
    /// nil when the rule only detects.
    public var replacement: String?
    /// Other original wordings the rule finds plausible, best first, in the
    /// same case pattern; reported (JSON, SARIF, text), never applied.
    public var alternatives: [String] = []
    /// Which rule or dictionary produced it (e.g. "news-spinner").
    public var rule: String
    /// The dictionary entry behind it, as FILE:LINE, when there is one.
    public var source: String?
    /// How likely the replacement is the original wording, in [0, 1].
    public var confidence: Double
    /// One line saying why.
    public var explanation: String
    /// Token indices covered; used by later passes, not part of the output.
    var tokens: Range<Int>
    /// For context findings: the local log-odds before document evidence is
    /// added (`DocumentSpinGate`); not part of the output.
    var logit: Double?

    public init(range: Range<Int>, found: String, replacement: String?, rule: String, source: String?,
                confidence: Double, explanation: String, tokens: Range<Int> = 0..<0) {
        self.range = range
        self.found = found
        self.replacement = replacement
        self.rule = rule
        self.source = source
        self.confidence = confidence
        self.explanation = explanation
        self.tokens = tokens
    }

    /// Whether applying this finding changes the text.
    public var isEdit: Bool { replacement != nil && replacement != found }
}

extension Array where Element == Finding {
    /// Per token of a document of `tokens` tokens, whether a finding that
    /// `counts` covers it: the words a later rule leaves alone.
    func covering(tokens: Int, where counts: (Finding) -> Bool) -> [Bool] {
        var covered = [Bool](repeating: false, count: tokens)
        for f in self where counts(f) { for k in f.tokens { covered[k] = true } }
        return covered
    }

    /// The input with the edits among `self` applied. Findings must be sorted by
    /// position and must not overlap (the engine guarantees both); bytes outside
    /// edits are copied unchanged. Building the output front to back is the same
    /// as applying edits back to front: no edit moves another's offsets.
    public func applied(to input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + 64)
        var cursor = 0
        for finding in self where finding.isEdit {
            precondition(finding.range.lowerBound >= cursor, "overlapping or unsorted edits")
            output.append(contentsOf: UnsafeBufferPointer(rebasing: input[cursor..<finding.range.lowerBound]))
            output.append(contentsOf: finding.replacement!.utf8)
            cursor = finding.range.upperBound
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[cursor..<input.count]))
        return output
    }

    public func applied(to input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { applied(to: $0) }
    }
}
