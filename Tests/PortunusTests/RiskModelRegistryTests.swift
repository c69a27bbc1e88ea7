import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import RiskEngine
@testable import Storage

@Suite("Risk model registry", .offPool)
struct RiskModelRegistryTests {
    /// A small model trained on the demo generator's labelled declarations.
    static func model(seed: Int, directory: URL) throws -> RiskModel {
        let path = directory.appendingPathComponent("demo-\(seed).csv").path
        _ = try DemoGenerator().generate(.init(declarations: 3000, seed: 21), to: path)
        let records = try DeclarationFile.read(path: path, mapping: .portunus).declarations.map(RiskRecord.init(declaration:))
        let labelled = records.filter { $0.fraud != nil }
        var parameters = RiskModel.Hyperparameters()
        parameters.maximumRounds = 30
        parameters.earlyStoppingRounds = 10
        let cut = labelled.count * 3 / 4
        return try RiskModel.train(
            training: Array(labelled[..<cut]), validation: Array(labelled[cut...]), hyperparameters: parameters,
            seed: seed, threads: 1)
    }

    @Test("models are versioned with their metrics; activation and rollback move the active one")
    func rollback() throws {
        let directory = TestEnvironment.temporaryDirectory("registry")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let registry = RiskModelRegistry(store: store)
        #expect(try registry.activeModel(threads: 1) == nil)
        #expect(throws: PortunusError.self) { try registry.rollBack() }

        let first = try Self.model(seed: 0, directory: directory)
        let second = try Self.model(seed: 1, directory: directory)
        let one = try registry.register(first, label: "first")
        let two = try registry.register(second, label: "second")
        #expect(try registry.list().map(\.id) == [two, one])
        #expect(try registry.list().first { $0.active }?.id == two)
        #expect(try registry.list().first?.metadata?.validation != nil)

        #expect(try registry.rollBack() == one)
        let active = try #require(try registry.activeModel(threads: 1))
        #expect(active.id == one)
        let probe = try DeclarationFile.read(path: directory.appendingPathComponent("demo-0.csv").path, mapping: .portunus)
            .declarations.prefix(50).map(RiskRecord.init(declaration:))
        #expect(try active.model.score(Array(probe)) == first.score(Array(probe)), "the rolled-back model is the first one, intact")

        try registry.activate(two)
        #expect(try registry.activeModel(threads: 1)?.id == two)
        #expect(throws: PortunusError.self) { try registry.activate(999) }
    }
}

@Suite("Training from the store", .offPool)
struct RiskTrainingFromStoreTests {
    @Test("the inspected declarations of a period train a model; the last fifth of the period validates it")
    func fromStore() throws {
        let directory = TestEnvironment.temporaryDirectory("risk-store")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let path = directory.appendingPathComponent("demo.csv").path
        _ = try DemoGenerator().generate(.init(declarations: 4000, seed: 5), to: path)
        _ = try DeclarationImport(store: store).run(.init(path: path, mapping: .portunus))
        let inspected = try store.declarations.summary().inspected
        let from = try #require(ISO8601.parse("2025-01-01"))
        let to = try #require(ISO8601.parse("2026-01-01"))
        let model = try RiskTraining().train(store: store, from: from, to: to, threads: 1, output: directory.appendingPathComponent("model"))
        #expect(model.metadata.trainingRows + model.metadata.validationRows == inspected)
        #expect(Double(model.metadata.validationRows) / Double(inspected) > 0.1)
        #expect(model.metadata.validation != nil)
        #expect(throws: PortunusError.self) {
            try RiskTraining().train(store: store, from: to, to: from, threads: 1, output: directory.appendingPathComponent("x"))
        }
    }
}
