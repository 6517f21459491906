import CUnspinData

/// The dictionaries shipped in the top-level dictionaries/ folder, compiled
/// into the binary (see Sources/CUnspinData), so no path needs configuring.
public enum BuiltinDictionaries {
    /// (file name, bytes) of each built-in dictionary.
    public static var files: [(name: String, bytes: [UInt8])] {
        (0..<unspin_builtin_dictionary_count()).map { index in
            let d = unspin_builtin_dictionary_at(index)
            let bytes = [UInt8](UnsafeBufferPointer(start: d.bytes, count: Int(d.length)))
            return (String(cString: d.file_name), bytes)
        }
    }

    /// All built-in dictionaries, parsed. They come from the compiled snapshot
    /// embedded beside them when it matches them (see BuiltinSnapshot).
    public static func load() throws(DictionaryError) -> [SpinDictionary] {
        if let snapshot = BuiltinSnapshot.embedded { return snapshot.dictionaries }
        return try parse()
    }

    /// All built-in dictionaries, parsed from their text.
    static func parse() throws(DictionaryError) -> [SpinDictionary] {
        var result: [SpinDictionary] = []
        for index in 0..<unspin_builtin_dictionary_count() {
            // Parsed where the bytes are embedded: no copy.
            let d = unspin_builtin_dictionary_at(index)
            let bytes = UnsafeBufferPointer(start: d.bytes, count: Int(d.length))
            result.append(try DictionaryParser.parse(bytes, path: "dictionaries/\(String(cString: d.file_name))", ownsText: false))
        }
        return result
    }
}
