/// Drops findings whose text the user allows (`allow` in the configuration):
/// names, terms of art or house style that look spun but are meant.
public struct Allowlist: Pass {
    public static let id = "allowlist"
    public static let summary = "Drops findings whose found text is on the user's allowlist (compared like dictionary phrases)."
    public static let examples: [PassExample] = [
        PassExample(dictionary: "@name ex\nmost cancers => cancer\nlevel man => point man",
                    input: "Most  Cancers and the level man", output: "Most  Cancers and the point man", allow: ["most cancers"]),
    ]

    public init() {}

    public func run(_ findings: inout [Finding], in context: PassContext) {
        let allowed = context.options.allowKeys
        guard !allowed.isEmpty, !findings.isEmpty else { return }
        var keyer = WordKeyer()
        findings.removeAll { allowed.contains(Allowlist.key($0.found, &keyer)) }
    }

    /// The comparison key of a phrase: matching key with runs of white space as one space.
    static func key(_ phrase: String, _ keyer: inout WordKeyer) -> String {
        keyer.key(phrase.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }
}
