import ArgumentParser
import UnspinKit

#if canImport(Glibc)
import Glibc
#endif

@main
struct Unspin: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "unspin",
        abstract: "Find text rewritten by article spinners and restore its original wording.",
        discussion: """
            With no subcommand, unspin works as a filter: it reads standard input and writes the \
            corrected text to standard output (the same as `unspin fix`).

            Exit status: 0 success (no findings/differences for check and diff); 1 check found \
            something or diff shows a difference; 2 an error (a message on standard error names the path).
            """,
        version: version,
        subcommands: [Fix.self, Rewrite.self, Diff.self, Check.self, Explain.self, Dictionaries.self],
        defaultSubcommand: Fix.self
    )

    /// Like ParsableCommand.main, but every failure exits 2 (as diff and grep do),
    /// not ArgumentParser's 64, so scripts can tell "found spin" (1) from "broken" (2).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Output.error(message) }
            Glibc.exit(2)
        }
    }
}
