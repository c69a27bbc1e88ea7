import Clearance
import Foundation
import PortunusTestSupport
import RiskEngine
import Testing

@testable import PortunusCore
@testable import Storage

@Suite("SQLite store: clearance states and the milestone log", .offPool)
struct ClearanceStoreTests {
    static func milestone(_ code: MilestoneCode, at seconds: Double, actor: Milestone.Actor.Kind = .system) -> Milestone {
        Milestone(code: code, at: Date(timeIntervalSince1970: 1_796_000_000 + seconds), office: "SEA01", actor: .init(kind: actor, id: "k1"))
    }

    @Test("a green declaration's steps are stored with one milestone each, in order, and read back as the domain's state")
    func greenPath() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("D-1"))])
        #expect(try store.clearance.state(declarationID: "D-1")?.stage == .lodged, "no row yet: read from the timeline")
        #expect(throws: PortunusError.self, "a declaration read from its timeline is lodged already") {
            try store.clearance.apply(.lodged, to: "D-1", milestone: Self.milestone(.lodged, at: 0))
        }
        let steps: [ClearanceStep] = [.lodged, .accepted, .riskAssessed(.green), .dutyAssessed, .paid, .released]
        // The first three as lodgement records them, in its transaction; the rest one act each.
        _ = try store.transaction { transaction in
            try transaction.applyClearance(steps.prefix(3).enumerated().map { ("D-1", $1, Self.milestone($1.code, at: Double($0))) })
        }
        for (index, step) in steps.enumerated().dropFirst(3) {
            _ = try store.clearance.apply(step, to: "D-1", milestone: Self.milestone(step.code, at: Double(index)))
        }
        let state = try #require(try store.clearance.state(declarationID: "D-1"))
        #expect(state.stage == .released && state.lane == .green && state.dutiesSettled)
        let milestones = try #require(try store.clearance.milestones(declarationID: "D-1"))
        #expect(milestones.map(\.code) == steps.map(\.code))
        #expect(milestones[2].at == Date(timeIntervalSince1970: 1_796_000_002) && milestones[2].office == "SEA01")
        #expect(try store.clearance.declarationIDs(in: .released).map(\.id) == ["D-1"])
        #expect(try store.clearance.state(declarationID: "NOPE") == nil)
    }

    @Test("a refused step stores nothing: the state and the log are as they were, and the refusal is a 409")
    func refusedStepStoresNothing() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("D-2"))])
        _ = try store.transaction { transaction in
            try transaction.applyClearance(
                [ClearanceStep.lodged, .accepted, .riskAssessed(.red)].map { ("D-2", $0, Self.milestone($0.code, at: 0)) })
        }
        // Lodged a second time: refused, and the lodgement's transaction would store nothing.
        #expect(throws: PortunusError.self) {
            try store.transaction { transaction in try transaction.applyClearance([("D-2", .lodged, Self.milestone(.lodged, at: 1))]) }
        }
        let before = try store.clearance.state(declarationID: "D-2")
        #expect {
            _ = try store.clearance.apply(.released, to: "D-2", milestone: Self.milestone(.released, at: 9))
        } throws: { error in
            (error as? PortunusError)?.code == .conflict && (error as? PortunusError)?.reason.contains("risk_assessed") == true
        }
        #expect(try store.clearance.state(declarationID: "D-2") == before)
        #expect(try store.clearance.milestones(declarationID: "D-2")?.count == 3)
    }

    @Test("an event replayed with its idempotency key changes nothing; the same key on another declaration is refused")
    func replayedEvent() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        _ = try store.declarations.write([
            StoredDeclaration(declaration: try declaration("D-3")), StoredDeclaration(declaration: try declaration("D-4")),
        ])
        _ = try store.transaction { try $0.applyClearance([("D-3", .lodged, Self.milestone(.lodged, at: 0))]) }
        let first = try store.clearance.apply(
            .arrived, to: "D-3", milestone: Self.milestone(.arrived, at: 1, actor: .port), idempotencyKey: "port-42")
        let again = try store.clearance.apply(
            .arrived, to: "D-3", milestone: Self.milestone(.arrived, at: 1, actor: .port), idempotencyKey: "port-42")
        #expect(!first.replayed && again.replayed && first.state == again.state && again.state.arrived)
        #expect(try store.clearance.milestones(declarationID: "D-3")?.map(\.code) == [.lodged, .arrived])
        #expect(throws: PortunusError.self) {
            try store.clearance.apply(.arrived, to: "D-4", milestone: Self.milestone(.arrived, at: 1, actor: .port), idempotencyKey: "port-42")
        }
    }

    @Test("a stored stage this version does not know is a storage error naming the column")
    func unknownStage() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("D-5"))])
        _ = try store.transaction { try $0.applyClearance([("D-5", .lodged, Self.milestone(.lodged, at: 0))]) }
        try store.database.write { db in try db.execute(sql: "UPDATE clearance SET stage = 'teleported'") }
        #expect {
            _ = try store.clearance.state(declarationID: "D-5")
        } throws: { error in
            (error as? PortunusError)?.reason.contains("clearance.stage") == true
        }
    }

    @Test("the store takes the lane in force from the decision's re-routes: blue re-routed to red cannot be released at once")
    func rerouteReachesClearance() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.appendingPathComponent("data").path)
        _ = try store.declarations.write([StoredDeclaration(declaration: try declaration("D-6"))])
        _ = try store.transaction { transaction in
            try transaction.applyClearance(
                [ClearanceStep.lodged, .accepted, .riskAssessed(.blue)].map { ("D-6", $0, Self.milestone($0.code, at: 0)) })
        }
        try store.database.write { db in
            let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM declaration WHERE id = 'D-6'") ?? 0
            try db.execute(
                sql:
                    "INSERT INTO risk_reroute (declaration_seq, at, by, from_lane, to_lane, reason) VALUES (?, '2026-12-07T10:00:00Z', 'k1', 'blue', 'red', 'tip-off')",
                arguments: [seq])
        }
        #expect(try store.clearance.state(declarationID: "D-6")?.lane == .red)
        #expect(throws: PortunusError.self) { try store.clearance.apply(.released, to: "D-6", milestone: Self.milestone(.released, at: 5)) }
    }

    @Test("milestone attributes written without an encoder read back exactly, quotes, slashes, control characters and all")
    func attributesRoundTrip() throws {
        let tricky = ["reason": "a \"quoted\" \\ back/slash\n\t\u{01}\u{1F} é 😀", "agency": "KEBS", "": "empty key"]
        let text = JSONColumn.object(tricky)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == tricky)
        #expect(JSONColumn.object([:]) == "{}")
        #expect(JSONColumn.object(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#, "keys sorted, as the encoder writes them")
    }
}
