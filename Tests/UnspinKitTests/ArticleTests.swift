import Testing
@testable import UnspinKit

@Suite struct ArticleTests {
    let unspinner = engine("""
        @name test
        awesome => great
        big => enormous
        position => hour
        institution => university
        bureau => FBI
        agency => UN
        awful => appalling
        huge => large
        unit => union
        incredible => unbelievable
        """)

    @Test(arguments: [
        // the first sound changes: article fixed
        ("It was an awesome sight.", "It was a great sight."),
        ("It was a big task.", "It was an enormous task."),
        ("a position later", "an hour later"),
        ("an institution in Ohio", "a university in Ohio"),
        ("a bureau agent", "an FBI agent"),
        ("an agency envoy", "a UN envoy"),
        // the first sound stays: article kept
        ("an awful mess", "an appalling mess"),
        ("a huge mess", "a large mess"),
        ("a unit of work", "a union of work"),
        ("an incredible story", "an unbelievable story"),
        // capital article preserved
        ("An awesome sight.", "A great sight."),
        ("A big task.", "An enormous task."),
        ("It was. A big task.", "It was. An enormous task."),
        // not adjacent, or not an article: nothing else changes
        ("an extremely awesome sight", "an extremely great sight"),
        ("a very big task", "a very enormous task"),
        ("plan a: awesome", "plan a: great"),
    ])
    func article(_ input: String, _ expected: String) {
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    @Test func upperCaseArticle() {
        #expect(utf8(unspinner.fix("IT WAS AN AWESOME SIGHT.")) == utf8("IT WAS A GREAT SIGHT."))
        #expect(utf8(unspinner.fix("IT WAS A BIG TASK.")) == utf8("IT WAS AN ENORMOUS TASK."))
    }

    @Test func articleWidensTheFinding() throws {
        let text = "It was an awesome sight."
        let finding = try #require(unspinner.analyze(text).findings.first)
        #expect(finding.found == "an awesome")
        #expect(finding.replacement == "a great")
        #expect(Array(utf8(text)[finding.range]) == utf8("an awesome"))
    }

    @Test func articleAcrossLineBreakIsFixedAndKeepsTheBreak() {
        // Hard-wrapped text: the article ends one line, the replaced word starts the next.
        #expect(utf8(unspinner.fix("It was an\nawesome sight.")) == utf8("It was a\ngreat sight."))
    }

    @Test(arguments: [
        ("hour", true), ("honest", true), ("heir", true), ("apple", true), ("FBI", true), ("MP", true),
        ("8-year-old", true), ("11", true), ("18", true), ("80", true), ("umbrella", true), ("elephant", true),
        ("university", false), ("user", false), ("one-off", false), ("European", false), ("UN", false),
        ("house", false), ("big", false), ("1", false), ("ubiquitous", false), ("UK", false),
    ])
    func takesAn(_ word: String, _ an: Bool) {
        #expect(IndefiniteArticle.takesAn(word) == an)
    }
}
