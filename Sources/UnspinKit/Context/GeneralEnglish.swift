import CUnspinData

/// The word pairs general English writes most often: SymSpell's list of
/// Google Books bigrams seen over 6.4 million times each (242,342 pairs),
/// kept as sorted 64-bit hashes (dictionaries/general-bigrams.bin, made by
/// scripts/build_general_bigrams.py) and read in place.
///
/// The context model's counts are news and parliament. A pair they never saw
/// may still be ordinary English elsewhere: "data stream", "work correctly",
/// "data handling" in software and science. The collocation rule takes an
/// unseen pair for a destroyed collocation, so a pair in this list is English
/// to it, as a WordNet compound is.
public enum GeneralEnglish {
    /// The sorted hashes; empty if the embedded file is not in the expected form.
    /// Read-only bytes of the binary, so sharing them across threads is safe.
    nonisolated(unsafe) static let pairs: UnsafeBufferPointer<UInt64> = read(unspin_builtin_general_bigrams())

    static func read(_ blob: unspin_builtin_data) -> UnsafeBufferPointer<UInt64> {
        let magic = Array("UNSPINBG".utf8)
        guard let bytes = blob.bytes, blob.length >= 16,
              UnsafeBufferPointer(start: bytes, count: 8).elementsEqual(magic) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let raw = UnsafeRawPointer(bytes)
        let count = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        // The C array is 8-byte aligned, so the hashes after the 16-byte header are too. The
        // count is checked against the length before it is multiplied (no overflow on a bad file).
        guard count == UInt64(blob.length - 16) / 8, (blob.length - 16) % 8 == 0, UInt64(littleEndian: 1) == 1 else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: (raw + 16).assumingMemoryBound(to: UInt64.self), count: Int(count))
    }

    /// How many pairs the list holds.
    public static var pairCount: Int { pairs.count }

    /// Whether general English often writes `first` followed by `second`
    /// (compared in lower case).
    public static func writes(_ first: String, _ second: String) -> Bool {
        contains(hash("\(first.lowercased()) \(second.lowercased())"))
    }

    /// Whether general English often writes the words of tokens `i` and `i + 1`.
    static func writes(_ document: Document, pairAt i: Int) -> Bool {
        writes(document.text(ofToken: i), document.text(ofToken: i + 1))
    }

    /// The word pairs of `bytes` within byte range `span` that general
    /// English writes often, read as the collocation rule reads its pairs (two
    /// words a space or a line break apart): what `unspin explain` names where
    /// the rule proposed nothing.
    public static func pairs(in bytes: UnsafeBufferPointer<UInt8>, within span: Range<Int>) -> [String] {
        var tokens: [Token] = []
        Tokenizer.scan(bytes, into: &tokens)
        let document = Document(bytes: bytes, tokens: tokens)
        return zip(tokens.indices, tokens.indices.dropFirst()).compactMap { i, j in
            guard tokens[i].kind == .word, tokens[j].kind == .word, tokens[j].gap == .space || tokens[j].gap == .lineBreak,
                  tokens[i].start >= span.lowerBound, tokens[j].end <= span.upperBound, writes(document, pairAt: i) else { return nil }
            return document.text(tokens[i].start..<tokens[j].end)
        }
    }

    static func contains(_ key: UInt64) -> Bool {
        var low = 0, high = pairs.count
        while low < high {
            let mid = (low + high) / 2
            if pairs[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < pairs.count && pairs[low] == key
    }

    /// The hash of `text`'s UTF-8 bytes: `KeyHash.of`, FNV-1a 64, as the build script computes it.
    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { KeyHash.of($0) }
    }
}
