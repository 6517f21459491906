import Testing
@testable import UnspinKit

/// `InlineDirectives.containsMarker` looks for "unspin:" from its colon, and
/// hands dense colons to memmem; it must agree with a plain search wherever
/// the marker is, with colons sparse or dense around it.
@Suite struct InlineDirectivesMarkerTests {
    static func plainSearch(_ bytes: [UInt8]) -> Bool {
        let marker = Array("unspin:".utf8)
        guard bytes.count >= marker.count else { return false }
        return (0...(bytes.count - marker.count)).contains { Array(bytes[$0..<$0 + marker.count]) == marker }
    }

    @Test(arguments: 0..<300)
    func agreesWithAPlainSearch(_ seed: Int) {
        var random = LCG(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 3)
        let pieces = ["word ", "unspin", "unspin:", "spin:", ":", "::", "u", "n: ", "x", "\n", "unspi:", "unspin :"]
        // Some texts lean to colons, so that memmem takes over part way.
        let colonWeight = random.next(3) == 0 ? 20 : 0
        var bytes: [UInt8] = []
        for _ in 0..<random.next(400) {
            if random.next(100) < colonWeight { bytes.append(0x3A); continue }
            let piece = pieces[random.next(pieces.count)]
            // The marker itself is rare, so that most texts have none.
            if piece == "unspin:" && random.next(8) != 0 { continue }
            bytes += piece.utf8
        }
        let found = bytes.withUnsafeBufferPointer { InlineDirectives.containsMarker($0) }
        #expect(found == InlineDirectivesMarkerTests.plainSearch(bytes), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
    }

    @Test func markerAfterManyColons() {
        let bytes = Array((String(repeating: ":", count: 5000) + "unspin: disable").utf8)
        #expect(bytes.withUnsafeBufferPointer { InlineDirectives.containsMarker($0) })
        #expect(!Array(String(repeating: "n:", count: 5000).utf8).withUnsafeBufferPointer { InlineDirectives.containsMarker($0) })
    }
}
