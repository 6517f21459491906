import Testing
@testable import UnspinKit

@Suite struct ContextTests {
    let unspinner = engine("""
        @name test
        @class nationality = afghan, american, us-backed, new zealand
        @class time-unit = week, month, year
        authorities => government | after: @nationality
        energy => power | after: returned to, seize
        final => last | before: @time-unit | not-after: the, its, his, her, their
        stated => said | not-before: that, @number
        focuses => points | after: @number
        bodies => officials | after: @capitalized
        nonetheless => however | after: @start
        go => leave | before: @end
        tumbled => fell | before: @capitalized, sharply
        harvest => crop | not-after: @start
        rose => climbed | not-before: @end
        """)

    @Test(arguments: [
        // after: a class of words and phrases
        ("the Afghan authorities fell", "the Afghan government fell"),
        ("the US-backed authorities fell", "the US-backed government fell"),
        ("the US–backed authorities fell", "the US–backed government fell"),
        ("the New Zealand authorities fell", "the New Zealand government fell"),
        ("the Kabul authorities said", "the Kabul authorities said"),
        ("Afghan\nauthorities fell", "Afghan\ngovernment fell"),
        // after: a phrase must match completely
        ("They returned to energy.", "They returned to power."),
        ("They tried to seize energy.", "They tried to seize power."),
        ("They went to energy sources.", "They went to energy sources."),
        // before + not-after
        ("He left final week.", "He left last week."),
        ("He left in the final week.", "He left in the final week."),
        ("He sat his final year.", "He sat his final year."),
        ("He sat the final exam.", "He sat the final exam."),
        ("He sat a final exam.", "He sat a final exam."),
        // not-before: a word and @number
        ("He stated it.", "He said it."),
        ("He stated that it rained.", "He stated that it rained."),
        ("He stated 12 reasons.", "He stated 12 reasons."),
        ("He stated twelve reasons.", "He stated twelve reasons."),
        // @number: digits, digit groups and number words
        ("They scored 12 focuses.", "They scored 12 points."),
        ("They scored 10,000 focuses.", "They scored 10,000 points."),
        ("They scored twelve focuses.", "They scored twelve points."),
        ("They scored Twenty focuses.", "They scored Twenty points."),
        ("The focuses were clear.", "The focuses were clear."),
        // @capitalized: a capitalised word that does not start the sentence
        ("the Kabul bodies said", "the Kabul officials said"),
        ("the kabul bodies said", "the kabul bodies said"),
        ("Kabul bodies said.", "Kabul bodies said."),
        ("Shares tumbled Monday.", "Shares fell Monday."),
        ("Shares tumbled sharply.", "Shares fell sharply."),
        ("Shares tumbled. Monday was bad.", "Shares tumbled. Monday was bad."),
        ("Shares tumbled again.", "Shares tumbled again."),
        // @start: first word of a sentence
        ("Nonetheless, it rained.", "However, it rained."),
        ("It rained. Nonetheless, we left.", "It rained. However, we left."),
        ("It rained! (Nonetheless, we left.)", "It rained! (However, we left.)"),
        ("It was nonetheless fine.", "It was nonetheless fine."),
        ("The harvest failed.", "The crop failed."),
        ("Harvest failed.", "Harvest failed."),
        // @end: the match ends a sentence
        ("We must go.", "We must leave."),
        ("We must go", "We must leave"),
        ("We must go home.", "We must go home."),
        ("Prices rose sharply.", "Prices climbed sharply."),
        ("Prices rose.", "Prices rose."),
    ])
    func context(_ input: String, _ expected: String) {
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    @Test(arguments: [
        // punctuation ends the context
        ("They returned, to energy.", "They returned, to energy."),
        ("They returned to: energy.", "They returned to: energy."),
        ("the Afghan, authorities fell", "the Afghan, authorities fell"),
        ("They scored 12: focuses.", "They scored 12: focuses."),
        ("the Kabul; bodies said", "the Kabul; bodies said"),
        ("He left in the, final week.", "He left in the, last week."),
        ("He stated, that it rained.", "He said, that it rained."),
        ("He left final, week.", "He left final, week."),
        // a paragraph break ends the context
        ("the Afghan\n\nauthorities fell", "the Afghan\n\nauthorities fell"),
        ("They returned to\n\nenergy.", "They returned to\n\nenergy."),
        ("They returned\n\nto energy.", "They returned\n\nto energy."),
        ("They scored 12\n\nfocuses.", "They scored 12\n\nfocuses."),
        ("the Kabul\n\nbodies said", "the Kabul\n\nbodies said"),
        ("He stated\n\nthat it rained.", "He said\n\nthat it rained."),
        ("He left the\n\nfinal week.", "He left the\n\nlast week."),
        ("He left final\n\nweek.", "He left final\n\nweek."),
        ("Shares tumbled\n\nMonday.", "Shares tumbled\n\nMonday."),
    ])
    func contextDoesNotCrossPunctuationOrParagraphs(_ input: String, _ expected: String) {
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    @Test(arguments: [
        // case: exact — the text must be written as the spun phrase is
        ("Officials at the White Home said so.", "Officials at the White House said so."),
        ("They painted the white home blue.", "They painted the white home blue."),
        ("They painted the White home blue.", "They painted the White home blue."),
        ("WHITE HOME STATEMENT", "WHITE HOUSE STATEMENT"),
        // a lower-case spun word may take a sentence-initial capital, and only there
        ("Gross sales rose. They said gross sales rose.", "Sales rose. They said sales rose."),
        ("They said Gross sales rose.", "They said Gross sales rose."),
        // an entry without the option matches in any case
        ("the Afghan AUTHORITIES fell", "the Afghan GOVERNMENT fell"),
    ])
    func caseExact(_ input: String, _ expected: String) {
        let unspinner = engine("""
            @name test
            @class nationality = afghan
            White Home => White House | case: exact
            gross sales => sales | case: exact
            authorities => government | after: @nationality
            """)
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    /// FORMAT.md: @possessive — a word ending in 's or ’s, on either side of the match.
    @Test(arguments: [
        ("They met final week.", "They met last week."),
        ("It was the firm's final week.", "It was the firm's final week."),
        ("It was Obama’s final year.", "It was Obama’s final year."),
        ("He informed reporters.", "He told reporters."),
        ("He informed Reuters' and AFP's editors.", "He told Reuters' and AFP's editors."),
        ("He informed AFP's editor.", "He informed AFP's editor."),
    ])
    func possessiveClass(_ input: String, _ expected: String) {
        let unspinner = engine("""
            @name test
            final => last | before: week, year | not-after: @possessive
            informed => told | not-before: @possessive
            """)
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    @Test func startOfLineCountsAsStart() {
        // FORMAT.md: @start — the match is the first word of a sentence or line.
        #expect(utf8(unspinner.fix("Weather report\nNonetheless, it rained.")) == utf8("Weather report\nHowever, it rained."))
    }

    @Test func firstEntryWhoseContextHoldsWins() {
        let unspinner = engine("""
            @name test
            authorities => government | after: afghan
            authorities => officials
            """)
        #expect(utf8(unspinner.fix("the Afghan authorities")) == utf8("the Afghan government"))
        #expect(utf8(unspinner.fix("the Kabul authorities")) == utf8("the Kabul officials"))
    }

    @Test func longerMatchWithFailingContextFallsBackToShorter() {
        let unspinner = engine("""
            @name test
            level man => point man | before: for
            level => point | after: sea
            man => person
            """)
        #expect(utf8(unspinner.fix("the level man for talks")) == utf8("the point man for talks"))
        #expect(utf8(unspinner.fix("the level man said")) == utf8("the level person said"))
        #expect(utf8(unspinner.fix("the sea level man said")) == utf8("the sea point person said"))
    }

    @Test func userDictionaryTakesPriority() {
        let user = parsedDictionary("@name user\nauthorities => officials", path: "user.dict")
        let other = parsedDictionary("@name other\nauthorities => government", path: "other.dict")
        let unspinner = Unspinner(dictionaries: [user, other])
        let finding = unspinner.analyze("the authorities said").findings.first
        #expect(finding?.replacement == "officials")
        #expect(finding?.source == "user.dict:2")
        #expect(finding?.rule == "user")
    }
}
