import Testing
@testable import UnspinKit

@Suite struct QuotesTests {
    static let dictionary = "@name test\nstated => said"

    @Test(arguments: [
        ("He stated it. \"We stated it,\" he stated.", "He said it. \"We stated it,\" he said."),
        ("He stated it. “We stated it,” he stated.", "He said it. “We stated it,” he said."),
        ("He stated it. «We stated it,» he stated.", "He said it. «We stated it,» he said."),
        ("He stated it. ‘We stated it,’ he stated.", "He said it. ‘We stated it,’ he said."),
        ("“He told us ‘we stated it’ today,” she stated.", "“He told us ‘we stated it’ today,” she said."),
    ])
    func quotedTextSkippedByDefault(_ input: String, _ expected: String) {
        #expect(utf8(engine(Self.dictionary).fix(input)) == utf8(expected))
    }

    @Test func lowNineteenQuoteIsClosedByLeftDoubleQuote() {
        // German style „…“: the “ after „ closes the quote, it does not open a second one.
        let input = "He stated it. „We stated it“ he stated."
        #expect(utf8(engine(Self.dictionary).fix(input)) == utf8("He said it. „We stated it“ he said."))
    }

    @Test(arguments: [
        "He stated it. \"We stated it,\" he stated.",
        "He stated it. “We stated it,” he stated.",
        "He stated it. ‘We stated it,’ he stated.",
    ])
    func quotedTextCorrectedWithIncludeQuoted(_ input: String) {
        let unspinner = engine(Self.dictionary, includeQuoted: true)
        let expected = input.replacingAll("stated", with: "said")
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    @Test(arguments: [
        ("The Taliban’s spokesman stated it.", "The Taliban’s spokesman said it."),
        ("The Taliban's spokesman stated it.", "The Taliban's spokesman said it."),
        ("Don't worry, they stated it.", "Don't worry, they said it."),
        ("Don’t worry, they stated it.", "Don’t worry, they said it."),
        ("The ministers’ aide stated it.", "The ministers’ aide said it."),
        ("The ministers' aide stated it.", "The ministers' aide said it."),
        ("In the ’90s they stated it.", "In the ’90s they said it."),
        ("Rock 'n' roll fans stated it.", "Rock 'n' roll fans said it."),
    ])
    func apostropheDoesNotOpenAQuote(_ input: String, _ expected: String) {
        #expect(utf8(engine(Self.dictionary).fix(input)) == utf8(expected))
    }

    @Test(arguments: [
        ("\"He stated it\n\nShe stated it.", "\"He stated it\n\nShe said it."),
        ("“He stated it\n\nShe stated it.", "“He stated it\n\nShe said it."),
        ("‘He stated it\r\n\r\nShe stated it.", "‘He stated it\r\n\r\nShe said it."),
    ])
    func paragraphBreakEndsAnUnclosedQuote(_ input: String, _ expected: String) {
        #expect(utf8(engine(Self.dictionary).fix(input)) == utf8(expected))
    }

    @Test func singleLineBreakDoesNotEndAQuote() {
        let input = "“He stated it\nand she stated it” too."
        #expect(utf8(engine(Self.dictionary).fix(input)) == utf8(input))
    }

    @Test func quotedFindingsAreDroppedFromAnalysis() {
        let analysis = engine(Self.dictionary).analyze("“We stated it.”")
        #expect(analysis.all.isEmpty)
        let included = engine(Self.dictionary, includeQuoted: true).analyze("“We stated it.”")
        #expect(included.all.map(\.found) == ["stated"])
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
