import Foundation
import Testing
@testable import UnspinConfig
import UnspinKit

@Suite struct ConfigurationTests {
    /// A fresh directory with the given files; removed by the caller.
    func directory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unspin-config-\(UUID().uuidString)").path
        for (name, text) in files {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return FileSystem.resolve(path) ?? path
    }

    @Test func readsEverySetting() throws {
        let dir = try directory([".unspin.toml": """
            threshold = 0.7
            include-quoted = true
            dictionaries = ["house.dict", "/abs/other.dict"]
            only = ["news-spinner"]
            exclude = ["tortured-phrases"]
            enable = ["collocation"]
            allow = ["most cancers"]
            ignore-files = false

            [files]
            include = ["**/*.md"]
            exclude = ["vendor/**"]

            [[overrides]]
            paths = ["papers/**"]
            threshold = 0.5
            allow = ["level man"]
            enable = ["spintax", "collocation"]
            """])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = try Configuration.load(dir + "/.unspin.toml")
        #expect(config.settings.threshold == 0.7)
        #expect(config.settings.includeQuoted == true)
        #expect(config.settings.dictionaries == [dir + "/house.dict", "/abs/other.dict"])
        #expect(config.settings.only == ["news-spinner"])
        #expect(config.settings.exclude == ["tortured-phrases"])
        #expect(config.settings.enable == ["collocation"])
        #expect(config.ignoreFiles == false)
        #expect(config.excludes(dir + "/vendor/x.md"))
        #expect(config.excludes(dir + "/notes.txt"), "not in include")
        #expect(!config.excludes(dir + "/docs/a.md"))
        let paper = config.settings(for: dir + "/papers/p.md")
        #expect(paper.threshold == 0.5)
        #expect(paper.allow == ["most cancers", "level man"])
        #expect(paper.enable == ["spintax", "collocation"], "an override's enable replaces the file's")
        #expect(config.settings(for: dir + "/other.md").threshold == 0.7)
        #expect(config.settings(for: dir + "/other.md").enable == ["collocation"])
    }

    /// `enable` merges like `exclude`: a later list replaces an earlier one,
    /// and a later `only` (a new selection) drops an inherited one.
    @Test func enableMergesLikeExclude() {
        var file = Configuration.Settings()
        file.enable = ["collocation"]
        file.exclude = ["news-spinner"]
        var commandLine = Configuration.Settings()
        #expect(file.merging(commandLine).enable == ["collocation"])
        commandLine.enable = ["spintax"]
        #expect(file.merging(commandLine).enable == ["spintax"])
        var only = Configuration.Settings()
        only.only = ["tortured-phrases"]
        #expect(file.merging(only).enable == nil)
        #expect(file.merging(only).exclude == nil)
    }

    @Test func discoversUpward() throws {
        let dir = try directory(["unspin.toml": "threshold = 0.8\n", "a/b/c.txt": "x"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(Configuration.discover(from: dir + "/a/b") == dir + "/unspin.toml")
    }

    @Test(arguments: [
        ("threshold = 2\n", 1, "threshold must be a number from 0 to 1"),
        ("\n\nthresold = 0.2\n", 3, "unknown key 'thresold'"),
        ("x = [\n", 1, "array"),
        ("[files]\ninclude = \"*.md\"\n", 2, "include must be an array of strings"),
        ("[files]\nexcluded = []\n", 2, "unknown key 'excluded' in [files]"),
        ("[[overrides]]\nthreshold = 0.5\n", 1, "needs paths"),
        ("[[overrides]]\npaths = [\"a\"]\ncolour = 1\n", 3, "unknown key 'colour' in [[overrides]]"),
        ("include-quoted = \"yes\"\n", 1, "include-quoted must be true or false"),
        ("threshold = 0.5\nenable = \"collocation\"\n", 2, "enable must be an array of strings"),
    ])
    func malformedFilesNameTheLine(_ text: String, _ line: Int, _ reason: String) throws {
        let dir = try directory(["bad.toml": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect {
            try Configuration.load(dir + "/bad.toml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == line && error.reason.contains(reason)
                && error.description.hasPrefix("\(dir)/bad.toml:\(line): ")
        }
    }

    @Test func ignoreFilesApplyBelowTheirDirectory() throws {
        let dir = try directory([
            ".gitignore": "*.log\nbuild/\n",
            "sub/.ignore": "secret.txt\n!keep.log\n",
            "sub/secret.txt": "x", "secret.txt": "x", "sub/keep.log": "x", "a.log": "x", "build/x.txt": "x",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rules = IgnoreFiles(top: dir)
        #expect(rules.isIgnored(dir + "/a.log", isDirectory: false))
        #expect(rules.isIgnored(dir + "/build", isDirectory: true))
        #expect(rules.isIgnored(dir + "/sub/secret.txt", isDirectory: false))
        #expect(!rules.isIgnored(dir + "/secret.txt", isDirectory: false), "sub/.ignore applies only below sub/")
        #expect(!rules.isIgnored(dir + "/sub/keep.log", isDirectory: false), "a deeper negation re-includes")
    }
}
