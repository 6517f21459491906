import Testing
@testable import UnspinKit

@Suite struct CasePreservationTests {
    let unspinner = engine("""
        @name test
        pca => PCA
        for the reason that => since
        level man => point man
        counterfeit consciousness => artificial intelligence
        stated => said
        iphone maker => Apple
        ministry of well being => ministry of health
        well being minister => health minister
        Champions League ultimate => Champions League final
        """)

    @Test(arguments: [
        // lower case: the replacement as written in the dictionary
        ("we used pca here", "we used PCA here"),
        ("the iphone maker said", "the Apple said"),
        ("he left for the reason that it rained", "he left since it rained"),
        // capital first letter (sentence start): replacement capitalised
        ("For the reason that it rained, we left.", "Since it rained, we left."),
        ("It rained. Stated plainly, we left.", "It rained. Said plainly, we left."),
        ("Pca was used.", "PCA was used."),
        // UPPER
        ("LEVEL MAN FOR TALKS", "POINT MAN FOR TALKS"),
        ("HE STATED IT", "HE SAID IT"),
        ("THE PCA RESULT", "THE PCA RESULT"),
        // Title Case multiword
        ("The Counterfeit Consciousness Lab", "The Artificial Intelligence Lab"),
        ("Meet The Level Man", "Meet The Point Man"),
        // only the first word capitalised, mid-sentence: capital first letter
        ("a Level man arrived", "a Point man arrived"),
        // a name with a lower-case word in it: each word of the replacement but the small ones
        ("the Ministry of Well being said", "the Ministry of Health said"),
        ("the Well being Minister said", "the Health Minister said"),
        ("Well being minister quits", "Health minister quits"),
        // ... unless the dictionary writes the replacement with its capitals
        ("Madrid won the Champions League ultimate", "Madrid won the Champions League final"),
    ])
    func casePattern(_ input: String, _ expected: String) {
        #expect(utf8(unspinner.fix(input)) == utf8(expected))
    }

    @Test func casePatternApplication() {
        #expect(CasePattern.asWritten.apply(to: "PCA") == "PCA")
        #expect(CasePattern.upper.apply(to: "point man") == "POINT MAN")
        #expect(CasePattern.capitalizeFirst.apply(to: "point man") == "Point man")
        #expect(CasePattern.title.apply(to: "artificial intelligence") == "Artificial Intelligence")
        #expect(CasePattern.upper.apply(to: "straße") == "STRASSE")
        #expect(CasePattern.capitalizeFirst.apply(to: "école") == "École")
    }

    @Test func nonASCIICase() {
        let unspinner = engine("@name test\nécole normale => teachers' college")
        #expect(utf8(unspinner.fix("ÉCOLE NORMALE")) == utf8("TEACHERS' COLLEGE"))
        #expect(utf8(unspinner.fix("École normale is old.")) == utf8("Teachers' college is old."))
        #expect(utf8(unspinner.fix("Our École Normale is old.")) == utf8("Our Teachers' College is old."))
    }
}
