import Foundation
import PortunusTestSupport
import Tariff
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

/// The classification assistant over the store, on a slice of HS 2022 (chapters 03, 61 and 85)
/// so that the debug build encodes it in seconds.
@Suite("The HS classification assistant", .serialized, .offPool)
struct TariffAssistantTests {
    static let chapters: Set<String> = ["03", "61", "85"]
    static var ready: Bool {
        TestEnvironment.hasDatasets("hs/nomenclature-hs2022-unsd.csv") && TestEnvironment.tariffModel("all-minilm-l6-v2") != nil
            && TestEnvironment.tariffModel("cn2023-en.csv") != nil
    }

    /// The slice imported and its index built once: the cache test checks that build, and the
    /// tests that only query copy the store (embedding cache included) into a directory of their
    /// own. Encoding holds threads for seconds, so the build runs off the cooperative pool.
    struct Prepared: Sendable {
        let directory: URL
        let imported: TariffService.ImportReport
        let built: TariffAssistant.IndexReport
    }

    static let prepared = Task<Result<Prepared, any Error>, Never> {
        do {
            return .success(
                try await BlockingExecutor.onOwnThread {
                    let (_, assistant, directory, imported) = try fresh()
                    return Prepared(directory: directory, imported: imported, built: try assistant.prepare())
                })
        } catch {
            return .failure(error)
        }
    }

    /// A copy of the prepared store in a directory of its own.
    static func copy() async throws -> (PortunusStore, URL, Prepared) {
        let template = try await prepared.value.get()
        let directory = TestEnvironment.temporaryDirectory("portunus-assistant")
        for file in try FileManager.default.contentsOfDirectory(atPath: template.directory.path) where file.hasPrefix("portunus.sqlite") {
            try FileManager.default.copyItem(at: template.directory.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        return (try PortunusStore(dataDirectory: directory.path), directory, template)
    }

    /// A copy of the prepared slice, its index loaded.
    static func slice() async throws -> (TariffService, TariffAssistant, URL) {
        let (store, directory, _) = try await copy()
        let assistant = try assistant(store)
        _ = try assistant.classifier(wait: true)
        return (TariffService(store: store), assistant, directory)
    }

    // The default threshold was set on the whole nomenclature; scores over a slice of it are
    // on another scale, so the tests set their own.
    static func assistant(_ store: PortunusStore) throws -> TariffAssistant {
        TariffAssistant(
            store: store, modelDirectory: try #require(TestEnvironment.tariffModel("all-minilm-l6-v2")),
            policy: .init(minimumScore: 5, singleGap: 2.6))
    }

    /// A store with the slice imported: the nomenclature lines of the chapters, and the CN
    /// lines of their subheadings (kept as the Windows-1252 bytes with semicolons they come in).
    static func fresh() throws -> (TariffService, TariffAssistant, URL, TariffService.ImportReport) {
        let directory = TestEnvironment.temporaryDirectory("portunus-assistant")
        let store = try PortunusStore(dataDirectory: directory.path)
        let service = TariffService(store: store)
        let nomenclature = try String(contentsOf: TestEnvironment.dataset("hs/nomenclature-hs2022-unsd.csv"), encoding: .utf8)
        let rows = nomenclature.split(whereSeparator: \.isNewline)
        let kept = [rows[0]] + rows.dropFirst().filter { chapters.contains(String($0.prefix(2))) }
        let nomenclatureFile = directory.appendingPathComponent("hs2022-slice.csv")
        try kept.joined(separator: "\n").write(to: nomenclatureFile, atomically: true, encoding: .utf8)
        _ = try service.importFile(path: nomenclatureFile.path, edition: .hs2022, by: "test")

        let cn = try Data(contentsOf: try #require(TestEnvironment.tariffModel("cn2023-en.csv")))
        let lines = cn.split(separator: 0x0A, omittingEmptySubsequences: false)
        var slice = Data(lines[0]) + Data([0x0A])
        for line in lines.dropFirst() where line.count > 2 && chapters.contains(String(decoding: line.prefix(2), as: UTF8.self)) {
            slice += Data(line) + Data([0x0A])
        }
        slice += Data("98765432;\"A line of no subheading\";x\n".utf8)
        let cnFile = directory.appendingPathComponent("cn2023-en.csv")
        try slice.write(to: cnFile)
        let report = try service.importFile(path: cnFile.path, edition: nil, by: "test")
        return (service, try assistant(store), directory, report)
    }

    @Test(
        "suggestions come with their explanation: the texts of chapter, heading and subheading, the matched stems, the closest CN line",
        .enabled(if: ready))
    func suggestions() async throws {
        let (_, assistant, directory) = try await Self.slice()
        defer { TestEnvironment.cleanUp(directory) }
        let shrimp = try assistant.classify("Frozen peeled shrimp, 500 g bag", top: 5, wait: true)
        #expect(!shrimp.abstained && shrimp.candidates.count == 5)
        #expect(shrimp.candidates.contains { $0.code == "030617" }, "\(shrimp.candidates.map(\.code))")
        let first = try #require(shrimp.candidates.first)
        #expect(first.chapter.code == "03" && first.heading.code == String(first.code.prefix(4)) && !first.heading.text.isEmpty)
        #expect(first.matchedTerms.contains("shrimp") && shrimp.recognisedTerms.contains("shrimp"))
        #expect(first.bestLine != nil && first.score >= shrimp.candidates[1].score)

        let sweater = try assistant.classify("Men's pullover, knitted, of cotton", top: 5, wait: true)
        #expect(sweater.candidates.first?.chapter.code == "61")
        #expect(sweater.candidates.contains { $0.code == "611020" }, "\(sweater.candidates.map(\.code))")
        #expect(sweater.addedWording.contains("men's or boys'") && sweater.addedWording.contains("knitted or crocheted"), "\(sweater.addedWording)")
    }

    @Test("the assistant abstains, and says so, on text it cannot read or a weak best match", .enabled(if: ready))
    func abstention() async throws {
        let (_, assistant, directory) = try await Self.slice()
        defer { TestEnvironment.cleanUp(directory) }
        let thai = try assistant.classify("เสื้อยืดผ้าฝ้าย", top: 5, wait: true)
        #expect(thai.abstained && thai.candidates.isEmpty && thai.confidence == "none")
        #expect(thai.reason?.contains("not in English") == true)
        let noise = try assistant.classify("qzxv wpfk", top: 5, wait: true)
        #expect(noise.abstained && noise.tentative.count == 5)
        // A strict policy abstains on a good query too, stating the threshold.
        let strict = TariffAssistant(
            store: assistant.store, modelDirectory: assistant.modelDirectory,
            policy: .init(minimumScore: 1_000, singleGap: 1))
        let weak = try strict.classify("Frozen shrimp", top: 3, wait: true)
        #expect(weak.abstained && weak.reason?.contains("below the threshold 1000") == true && weak.tentative.count == 3)
        #expect(throws: PortunusError.self) { try assistant.classify("   ", wait: true) }
        // Without a model the assistant says so at once, on the command line and over HTTP alike.
        let missing = TariffAssistant(store: assistant.store, modelDirectory: directory.appendingPathComponent("no-model"))
        for wait in [true, false] {
            do {
                _ = try missing.classify("Frozen shrimp", wait: wait)
                Issue.record("answered without a model")
            } catch {
                #expect(error.code == .assistantUnavailable && error.reason.contains("not installed"))
            }
        }
    }

    @Test("embeddings are cached by model and text: a rebuild encodes only changed texts, a new model everything", .enabled(if: ready))
    func cache() async throws {
        let (store, directory, prepared) = try await Self.copy()
        defer { TestEnvironment.cleanUp(directory) }
        let service = TariffService(store: store)
        let assistant = try Self.assistant(store)
        // The CN slice: its lines land, the one of no subheading is reported by its line.
        let report = prepared.imported
        #expect(try service.store.tariff.hsCounts(edition: 2022)[6].map { $0 > 600 && $0 < 1_000 } == true)
        #expect(report.kind == "descriptions cn2023-en" && report.rows > 500)
        #expect(report.problems.count == 1 && report.problems[0].contains("987654 is not an HS2022 subheading"), "\(report.problems)")
        #expect(report.problems.first?.hasPrefix("line \(report.rows + 2) ") == true, "\(report.problems)")
        // The first build encoded every text.
        let first = prepared.built
        #expect(first.encoded > 1_000 && first.cached == 0)
        #expect(try assistant.store.tariff.hsEmbeddingCount() == first.encoded)

        // Another process with the same model: everything comes from the cache.
        let again = try TariffAssistant(store: service.store, modelDirectory: assistant.modelDirectory).prepare()
        #expect(again.encoded == 0 && again.cached == first.encoded, "\(first) \(again)")

        // One CN text changed: only it is encoded.
        let lines = try service.store.tariff.hsTexts(edition: 2022)
        var changed = lines.map { ($0.code, $0.reference, $0.text) }
        changed[0].2 += " (revised)"
        try service.store.tariff.replaceHSTexts(source: "cn2023-en", edition: 2022, lines: changed, by: "test")
        let revised = try assistant.prepare()
        #expect(revised.encoded == 1, "\(revised)")

        // The same weights with another configuration is another model: all texts are encoded anew,
        // and the old model's vectors are dropped.
        let model = directory.appendingPathComponent("model-copy")
        try FileManager.default.createDirectory(at: model.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        for file in ["model.safetensors", "vocab.txt", "1_Pooling/config.json", "sentence_bert_config.json"] {
            try FileManager.default.createSymbolicLink(
                at: model.appendingPathComponent(file), withDestinationURL: assistant.modelDirectory.appendingPathComponent(file))
        }
        var config =
            try JSONSerialization.jsonObject(with: Data(contentsOf: assistant.modelDirectory.appendingPathComponent("config.json"))) as! [String: Any]
        config["portunus_note"] = "a copy"
        try JSONSerialization.data(withJSONObject: config).write(to: model.appendingPathComponent("config.json"))
        let other = TariffAssistant(store: service.store, modelDirectory: model)
        let rebuilt = try other.prepare()
        #expect(rebuilt.cached == 0 && rebuilt.encoded == first.encoded)
        #expect(rebuilt.model != first.model)
        #expect(try service.store.tariff.hsEmbeddingCount() == rebuilt.encoded)
    }

    @Test("confirmed classifications teach the assistant: the next query finds the confirmed code through the example", .enabled(if: ready))
    func learning() async throws {
        let (_, assistant, directory) = try await Self.slice()
        defer { TestEnvironment.cleanUp(directory) }
        _ = try assistant.prepare()
        let text = "Zorblax trekking gilet, style ZX-40"
        let before = try assistant.classify(text, top: 5, wait: true)
        #expect(!(before.candidates + before.tentative).prefix(1).contains { $0.code == "611030" })

        let principal = Principal(keyID: "officer-7", role: .officer)
        let stored = try assistant.confirm(text: "Zorblax trekking gilet", code: "6110.30", reference: "BTI DE-2026-1", by: principal)
        #expect(stored.code == "611030" && stored.source == "officer" && stored.confirmedBy == "officer-7")
        #expect(throws: PortunusError.self) { try assistant.confirm(text: "gilet", code: "999999", by: principal) }
        #expect(throws: PortunusError.self) { try assistant.confirm(text: "gilet", code: "611030", source: "guess", by: principal) }

        let after = try assistant.classify(text, top: 5, wait: true)
        let first = try #require((after.candidates + after.tentative).first)
        #expect(first.code == "611030")
        #expect(first.bestLine?.source == "confirmed" && first.bestLine?.reference == String(stored.id))
        #expect(assistant.lastReport?.encoded == 1 && assistant.lastReport?.confirmed == 1)

        // Withdrawn, it teaches no more.
        #expect(try assistant.store.tariff.withdrawHSClassification(id: stored.id, by: "officer-7"))
        _ = try assistant.prepare()
        #expect(assistant.lastReport?.confirmed == 0)
    }
}
