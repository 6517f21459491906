import Testing
@testable import UnspinKit

/// Every pass's documented examples, each with its own small dictionary.
struct PassExampleCase: Sendable, CustomTestStringConvertible {
    let pass: String
    let index: Int
    let example: PassExample
    var testDescription: String { "\(pass) example \(index + 1): \(example.input)" }

    static let all: [PassExampleCase] = PassRegistry.passes.flatMap { pass in
        let type = type(of: pass)
        return type.examples.enumerated().map { PassExampleCase(pass: type.id, index: $0, example: $1) }
    }
}

@Suite struct PassExamplesTests {
    @Test(arguments: PassExampleCase.all)
    func example(_ c: PassExampleCase) throws {
        let dictionary = try DictionaryParser.parse(c.example.dictionary, path: "\(c.pass)-example-\(c.index + 1).dict")
        let unspinner = Unspinner(dictionaries: [dictionary], model: c.example.usesContextModel ? ContextModel.builtin : nil, options: c.example.options(for: c.pass))
        #expect(utf8(unspinner.fix(c.example.input)) == utf8(c.example.output))
    }

    @Test func everyPassIsDocumentedAndHasExamples() {
        var ids = Set<String>()
        for pass in PassRegistry.passes {
            let type = type(of: pass)
            #expect(ids.insert(type.id).inserted, "duplicate pass id \(type.id)")
            #expect(!type.summary.isEmpty, "\(type.id) has no summary")
            #expect(!type.examples.isEmpty, "\(type.id) has no examples")
        }
    }

    @Test func pipelineOrder() {
        // Quoted findings must be dropped before they count as document evidence,
        // and articles are fixed last, on the replacements that survive.
        let ids = PassRegistry.passes.map { type(of: $0).id }
        let quoted = ids.firstIndex(of: QuotedSpeech.id)
        let gate = ids.firstIndex(of: DocumentSpinGate.id)
        let article = ids.firstIndex(of: IndefiniteArticle.id)
        #expect(ids.first == DictionarySubstitution.id)
        #expect(quoted != nil && gate != nil && article != nil)
        if let quoted, let gate, let article {
            #expect(quoted < gate)
            #expect(article == ids.count - 1)
        }
    }
}
