import Testing
@testable import UnspinConfig

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.md", "README.md", true), ("*.md", "docs/guide.md", true), ("*.md", "docs/guide.txt", false),
        ("vendor/**", "vendor/a/b.txt", true), ("vendor/**", "src/vendor/a.txt", false),
        ("**/vendor/**", "src/vendor/a.txt", true), ("docs/*.md", "docs/a.md", true), ("docs/*.md", "docs/sub/a.md", false),
        ("docs/**/*.md", "docs/sub/deep/a.md", true), ("docs/**/*.md", "docs/a.md", true),
        ("a?c.txt", "abc.txt", true), ("a?c.txt", "abbc.txt", false), ("[ab].txt", "b.txt", true), ("[ab].txt", "c.txt", false),
        ("/top.txt", "top.txt", true), ("./src/*.txt", "src/x.txt", true),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected, "\(pattern) ~ \(path)")
    }

    @Test func matchesPathOrParent() {
        #expect(Glob("build").matchesPathOrParent("build/out/a.txt"))
        #expect(Glob("papers/**").matchesPathOrParent("papers/x/y.txt"))
        #expect(!Glob("papers").matchesPathOrParent("paper/x.txt"))
    }
}

@Suite struct IgnoreFileRuleTests {
    func ignored(_ rules: String, _ path: String, directory: Bool = false) -> Bool {
        var result = false
        for rule in IgnoreFiles.parse(rules) where !(rule.directoryOnly && !directory) {
            if rule.glob.matches(path) { result = !rule.negated }
        }
        return result
    }

    @Test func gitignoreSemantics() {
        #expect(ignored("*.log", "a/b/c.log"))
        #expect(!ignored("*.log\n!keep.log", "keep.log"))
        #expect(ignored("/build", "build", directory: true))
        #expect(!ignored("/build", "src/build", directory: true))
        #expect(ignored("out/", "out", directory: true))
        #expect(!ignored("out/", "out"), "a trailing slash matches directories only")
        #expect(ignored("doc/*.txt", "doc/a.txt"))
        #expect(!ignored("doc/*.txt", "x/doc/a.txt"), "a pattern with a slash is anchored")
        #expect(!ignored("# comment\n\n", "comment"))
        #expect(ignored("\\#hash", "#hash"))
    }
}
