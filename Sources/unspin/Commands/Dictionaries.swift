import ArgumentParser
import UnspinKit

/// Lists the built-in dictionaries (names for --only/--exclude).
struct Dictionaries: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in dictionaries with their size, source and licence.")

    func run() throws {
        do throws(DictionaryError) {
            for dictionary in try BuiltinDictionaries.load() {
                Output.line("\(dictionary.name)\t\(dictionary.entries.count) entries\t\(dictionary.licence ?? "-")")
                if let description = dictionary.description { Output.line("  \(description)") }
                if let source = dictionary.source { Output.line("  source: \(source)") }
            }
        } catch {
            Output.error(error.description)
            throw ExitCode(2)
        }
    }
}
