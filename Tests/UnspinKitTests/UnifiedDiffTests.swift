import Testing
@testable import UnspinKit

@Suite struct UnifiedDiffTests {
    let unspinner = engine("@name test\nfor the reason that => since\nlevel man => point man")

    func diff(_ text: String, path: String = "doc.txt") -> String {
        let bytes = utf8(text)
        return String(decoding: UnifiedDiff.render(path: path, original: bytes, edits: unspinner.analyze(bytes).edits), as: UTF8.self)
    }

    @Test func twoHunks() {
        let text = """
            alpha
            He left for the reason that it rained.
            gamma
            delta
            epsilon
            zeta
            eta
            theta
            iota
            kappa
            She stayed for the reason that it was warm.
            lambda

            """
        let expected = """
            --- a/doc.txt
            +++ b/doc.txt
            @@ -1,5 +1,5 @@
             alpha
            -He left for the reason that it rained.
            +He left since it rained.
             gamma
             delta
             epsilon
            @@ -8,5 +8,5 @@
             theta
             iota
             kappa
            -She stayed for the reason that it was warm.
            +She stayed since it was warm.
             lambda

            """
        #expect(diff(text) == expected)
    }

    @Test func nearbyEditsShareAHunk() {
        // Five unchanged lines between the edits: the contexts overlap, one hunk.
        let text = "1\n2\nthe level man\n4\n5\n6\n7\n8\nfor the reason that\n10\n11\n12\n13\n"
        let expected = """
            --- a/doc.txt
            +++ b/doc.txt
            @@ -1,12 +1,12 @@
             1
             2
            -the level man
            +the point man
             4
             5
             6
             7
             8
            -for the reason that
            +since
             10
             11
             12

            """
        #expect(diff(text) == expected)
    }

    @Test func distantEditsGetSeparateHunks() {
        // Seven unchanged lines between the edits: two hunks, as `diff -u` makes.
        let text = "the level man\n2\n3\n4\n5\n6\n7\n8\nfor the reason that\n"
        let expected = """
            --- a/doc.txt
            +++ b/doc.txt
            @@ -1,4 +1,4 @@
            -the level man
            +the point man
             2
             3
             4
            @@ -6,4 +6,4 @@
             6
             7
             8
            -for the reason that
            +since

            """
        #expect(diff(text) == expected)
    }

    @Test func noNewlineAtEndOfFile() {
        let expected = """
            --- a/doc.txt
            +++ b/doc.txt
            @@ -1,2 +1,2 @@
             one
            -He left for the reason that it rained.
            \\ No newline at end of file
            +He left since it rained.
            \\ No newline at end of file

            """
        #expect(diff("one\nHe left for the reason that it rained.") == expected)
    }

    @Test func unchangedLastLineWithoutNewline() {
        let expected = """
            --- a/doc.txt
            +++ b/doc.txt
            @@ -1,2 +1,2 @@
            -the level man
            +the point man
             two
            \\ No newline at end of file

            """
        #expect(diff("the level man\ntwo") == expected)
    }

    @Test func editAcrossALineBreakJoinsLines() {
        let expected = """
            --- a/doc.txt
            +++ b/doc.txt
            @@ -1,3 +1,2 @@
            -He left for the
            -reason that it rained.
            +He left since it rained.
             end

            """
        #expect(diff("He left for the\nreason that it rained.\nend\n") == expected)
    }

    @Test func lineCountsShiftLaterHunks() {
        var lines = ["He left for the", "reason that it rained."]
        lines += (1...10).map { "line \($0)" }
        lines += ["the level man", "last"]
        let text = lines.joined(separator: "\n") + "\n"
        let rendered = diff(text)
        #expect(rendered.contains("@@ -1,5 +1,4 @@\n"))
        #expect(rendered.contains("@@ -10,5 +9,5 @@\n"))
    }

    @Test func crlfLinesKeepTheirCarriageReturns() {
        let expected = "--- a/doc.txt\n+++ b/doc.txt\n@@ -1,2 +1,2 @@\n-the level man\r\n+the point man\r\n two\r\n"
        #expect(diff("the level man\r\ntwo\r\n") == expected)
    }

    @Test func noEditsNoDiff() {
        #expect(diff("nothing to see\n").isEmpty)
        #expect(UnifiedDiff.render(path: "x", original: [], edits: []).isEmpty)
    }
}
