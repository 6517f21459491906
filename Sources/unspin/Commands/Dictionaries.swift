import ArgumentParser
import UnspinKit

/// Lists the built-in dictionaries (names for --only/--exclude/--enable).
struct Dictionaries: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictionaries",  // explicit: deriving it from the type name costs start-up time
        abstract: "List the built-in dictionaries, the context model, the collocation rule and the spintax detector, with their size, source and licence.")

    func run() throws {
        do throws(DictionaryError) {
            for dictionary in try BuiltinDictionaries.load() {
                // A tortured-phrase list says so: two of its phrases in a document let the collocation rule run there.
                let kind = dictionary.kind == .torturedPhrases ? ", a tortured-phrase list (opens the collocation rule)" : ""
                Output.line("\(dictionary.name)\t\(dictionary.entries.count) entries\(kind)\t\(dictionary.licence ?? "-")")
                if let description = dictionary.description { Output.line("  \(description)") }
                if let source = dictionary.source { Output.line("  source: \(source)") }
            }
        } catch {
            Output.error(error.description)
            throw ExitCode(2)
        }
        // The context model is selected with --only/--exclude like a dictionary.
        let model = ContextModel.builtin
        Output.line("\(ContextRestoration.id)\tcontext model, \(model.vocabularyCount) words\(Dictionaries.offByDefault(ContextRestoration.id))"
            + "\tCC BY 4.0 (see dictionaries/MODEL.md)")
        Output.line("  \(ContextRestoration.summary)")
        Output.line("  source: n-gram counts of UN General Debates (CC0), White House statements and transcripts (public domain) "
            + "and Europarl (European Parliament, reproduced with acknowledgement); channel from Moby (public domain), "
            + "WordNet/MyThes (WordNet licence), the Problematic Paper Screener tortured phrases (CC BY 4.0) "
            + "and the news-spinner list's swaps with the proposal tables it was chosen from (CC0)")
        Output.line("\(CollocationRestoration.id)\tcollocation restorer over the context model\(Dictionaries.offByDefault(CollocationRestoration.id))"
            + "\tCC BY 4.0 (see dictionaries/MODEL.md)")
        Output.line("  \(CollocationRestoration.summary)")
        Output.line("  source: the context model's counts and channel; confidence fitted on tortured phrases of the Problematic "
            + "Paper Screener (Cabanac, Labbé & Magazinov, CC BY 4.0); the \(GeneralEnglish.pairCount) word pairs general "
            + "English writes most often, left alone (SymSpell's bigram list from Google Books Ngram data, CC BY 3.0)")
        Output.line("\(SpintaxResidue.id)\tdetector, no data\(Dictionaries.offByDefault(SpintaxResidue.id))\t-")
        Output.line("  \(SpintaxResidue.summary)")
    }

    /// ", off by default (--enable ID)" for a pass that runs only when enabled,
    /// and where a pass runs by default that runs only in some documents.
    static func offByDefault(_ id: String) -> String {
        if Unspinner.defaultOffPasses.contains(id) { return ", off by default (--enable \(id))" }
        if Unspinner.gatedPasses.contains(id) {
            return ", by default only in documents with tortured phrases (--enable \(id): in all)"
        }
        return ""
    }
}
