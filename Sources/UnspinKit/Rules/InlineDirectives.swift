import CPlatform
#if canImport(Glibc)
import Glibc
#endif

/// Drops findings on lines the author has marked: `unspin: ignore-line` (this
/// line), `unspin: ignore-next-line` (the next line), and `unspin: disable` …
/// `unspin: enable` (every line from the one to the other, both included). The
/// marker may sit anywhere on its line, usually in a comment (`<!-- … -->`,
/// `# …`, `// …`), as with linters' inline directives.
public struct InlineDirectives: Pass {
    public static let id = "inline-directives"
    public static let summary = "Drops findings on lines marked with unspin: ignore-line, ignore-next-line, or between unspin: disable and unspin: enable."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nlevel man => point man",
                    input: "the level man <!-- unspin: ignore-line -->\nthe level man",
                    output: "the level man <!-- unspin: ignore-line -->\nthe point man"),
        PassExample(dictionary: "@name ex\nlevel man => point man",
                    input: "# unspin: ignore-next-line\nthe level man\nthe level man",
                    output: "# unspin: ignore-next-line\nthe level man\nthe point man"),
        PassExample(dictionary: "@name ex\nlevel man => point man",
                    input: "the level man\n<!-- unspin: disable -->\nthe level man\n<!-- unspin: enable -->\nthe level man",
                    output: "the point man\n<!-- unspin: disable -->\nthe level man\n<!-- unspin: enable -->\nthe point man"),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        guard !findings.isEmpty else { return }
        let ignored = context.ignoredRanges.ranges
        guard !ignored.isEmpty else { return }
        findings.removeAll { finding in
            ignored.contains { $0.overlaps(finding.range) || $0.contains(finding.range.lowerBound) }
        }
    }

    enum Directive: String, CaseIterable {
        case ignoreLine = "ignore-line"
        case ignoreNextLine = "ignore-next-line"
        case disable
        case enable
    }

    /// Byte ranges of ignored lines, and what carries over to the next piece
    /// of the document: an open `disable`; whether its first line is ignored
    /// (a pending `ignore-next-line`, or the rest of an ignored line the piece
    /// ends inside: pieces of a large input may end inside a line); and whether
    /// the line after that is (an `ignore-next-line` on the line it ends inside).
    static func ignoredRanges(_ bytes: UnsafeBufferPointer<UInt8>, from state: Unspinner.State)
        -> (ranges: [Range<Int>], disabledAtEnd: Bool, ignoreNextAtEnd: Bool, ignoreAfterAtEnd: Bool) {
        // Most text has no directive at all: one scan over the piece settles it.
        if !state.disabled && !state.ignoreNextLine && !state.ignoreLineAfter {
            guard containsMarker(bytes) else { return ([], false, false, false) }
        }
        var ranges: [Range<Int>] = []
        var disabledFrom: Int? = state.disabled ? 0 : nil
        var ignoreThis = state.ignoreNextLine, ignoreAfter = state.ignoreLineAfter
        var lastIgnored = state.ignoreNextLine, lastIgnoresNext = state.ignoreLineAfter
        var lineStart = 0
        let marker = Array("unspin:".utf8)
        while lineStart < bytes.count {
            let lineEnd = (bytes[lineStart...].firstIndex(of: 0x0A)).map { $0 + 1 } ?? bytes.count
            let line = lineStart..<lineEnd
            var ignored = ignoreThis, ignoresNext = ignoreAfter
            var i = lineStart
            while let hit = find(marker, in: bytes, from: i, to: lineEnd) {
                var j = hit + marker.count
                while j < lineEnd, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                var k = j
                while k < lineEnd, (bytes[k] >= 0x61 && bytes[k] <= 0x7A) || bytes[k] == 0x2D { k += 1 }
                switch Directive(rawValue: String(decoding: UnsafeBufferPointer(rebasing: bytes[j..<k]), as: UTF8.self)) {
                case .ignoreLine: ignored = true
                case .ignoreNextLine: ignoresNext = true
                case .disable: if disabledFrom == nil { disabledFrom = lineStart }
                case .enable:
                    if let from = disabledFrom { ranges.append(from..<lineEnd); disabledFrom = nil }
                case nil: break
                }
                i = k
            }
            if ignored { ranges.append(line) }
            (lastIgnored, lastIgnoresNext) = (ignored, ignoresNext)
            (ignoreThis, ignoreAfter) = (ignoresNext, false)
            lineStart = lineEnd
        }
        if let from = disabledFrom { ranges.append(from..<bytes.count) }
        // Ended at a line end: the next piece's first line is the next line.
        // Inside a line: its first line is the rest of this one.
        if bytes.isEmpty || bytes[bytes.count - 1] == 0x0A {
            return (ranges, disabledFrom != nil, ignoreThis, ignoreAfter)
        }
        return (ranges, disabledFrom != nil, lastIgnored, lastIgnoresNext)
    }

    /// Whether `bytes` contain "unspin:". memchr for the colon, rare in prose,
    /// and a look at the six bytes before each: a fraction of memmem's two
    /// instructions a byte. Where colons are dense (over one in 64 bytes so
    /// far), memmem takes the rest, so no text costs much more than memmem.
    static func containsMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let prefixLength = 6  // "unspin"
        var i = prefixLength  // the earliest offset of the marker's colon
        var colons = 0
        while i < bytes.count {
            guard let hit = memchr(base + i, 0x3A, bytes.count - i) else { return false }
            let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            if memcmp(base + at - prefixLength, "unspin", prefixLength) == 0 { return true }
            i = at + 1
            colons += 1
            if colons > 16 && colons > i / 64 {
                let rest = i - prefixLength
                return platform_contains(base + rest, Int64(bytes.count - rest), "unspin:", 7) != 0
            }
        }
        return false
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        // memchr for the first byte: this scan runs over every byte of every document.
        var i = from
        while end - i >= needle.count {
            guard let hit = memchr(base + i, Int32(needle[0]), end - i) else { return nil }
            let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            guard end - at >= needle.count else { return nil }
            if memcmp(base + at, needle, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
