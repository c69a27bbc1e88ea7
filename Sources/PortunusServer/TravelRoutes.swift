import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Rules
import Travel

/// Travel targeting over HTTP (`/api/v1/travel/…`): receiving API/PNR files, flights,
/// travellers (masked; unmasked one at a time with a justification), watch lists, rules, hits,
/// the vetting list and port-of-entry lookouts.
struct TravelRoutes: Sendable {
    let targeting: TargetingService
    let vetting: VettingService
    let runtime: LedgerRuntime
    var airports: AirportTimeZones?

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("travel/messages", use: receive)
        group.get("travel/flights", use: flights)
        group.get("travel/flights/{id}", use: flight)
        group.get("travel/flights/{id}/vetting", use: flightVetting)
        group.get("travel/travellers/{id}", use: traveller)
        group.post("travel/travellers/{id}/unmask", use: unmask)
        group.get("travel/hits", use: hits)
        group.get("travel/vetting", use: vettingList)
        group.get("travel/vetting/{id}", use: vettingItem)
        group.post("travel/vetting/{id}/status", use: changeStatus)
        group.post("travel/vetting/{id}/notes", use: addNote)
        group.post("travel/vetting/{id}/lookout", use: promote)
        group.get("travel/lookouts", use: lookouts)
        group.post("travel/lookouts/{id}/outcome", use: outcome)
        group.post("travel/lookouts/{id}/demote", use: demote)
        group.get("travel/watch-lists", use: lists)
        group.post("travel/watch-lists", use: createList)
        group.get("travel/watch-lists/{name}/entries", use: entries)
        group.post("travel/watch-lists/{name}/entries", use: addEntries)
        group.delete("travel/watch-lists/{name}/entries/{id}", use: removeEntry)
        group.get("travel/rules", use: rules)
        group.put("travel/rules", use: setRules)
    }

    /// Appends what an act enqueued when this server writes the ledger.
    func publish() async { _ = try? await runtime.publish() }

    // MARK: Files

    @Sendable func receive(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: TargetingService.Operations.receiveFile)
        let received = try targeting.receive(try await request.data(.travelFile), source: "api:\(principal.keyID)", airports: airports, by: principal)
        return try Response.json(received, status: received.receipt.duplicate ? .ok : .created)
    }

    // MARK: Flights and travellers

    @Sendable func flights(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["date", "airport", "limit"])
        struct Body: Encodable { var flights: [TargetingService.FlightSummary] }
        let found = try targeting.flights(date: query["date"], airport: query["airport"], limit: try query.limit(), by: principal)
        return try Response.json(Body(flights: found), status: .ok)
    }

    @Sendable func flight(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try Response.json(try targeting.manifest(flight: try context.id(), by: principal), status: .ok)
    }

    @Sendable func traveller(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try Response.json(try vetting.traveller(try context.id(), by: principal), status: .ok)
    }

    @Sendable func unmask(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .readTravel)
        struct Body: Decodable { var justification: String }
        let body = try await request.json(Body.self)
        let view = try vetting.unmask(try context.id(), justification: body.justification, by: principal)
        await publish()
        return try Response.json(view, status: .ok)
    }

    // MARK: Hits, vetting, lookouts

    @Sendable func flightVetting(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        struct Body: Encodable { var vetting: [TargetingService.VettingView] }
        return try Response.json(Body(vetting: try targeting.vetting(flight: try context.id(), by: principal)), status: .ok)
    }

    @Sendable func vettingList(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["status", "limit"])
        struct Body: Encodable { var vetting: [TargetingService.VettingView] }
        return try Response.json(Body(vetting: try targeting.vetting(status: query["status"], limit: try query.limit(), by: principal)), status: .ok)
    }

    /// Hits across flights, newest items first, each with its item's status.
    @Sendable func hits(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["flight", "limit"])
        struct Body: Encodable { var hits: [TargetingService.FlaggedHit] }
        return try Response.json(Body(hits: try targeting.hits(flight: query["flight"], limit: try query.limit(), by: principal)), status: .ok)
    }

    @Sendable func vettingItem(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try Response.json(try targeting.vetting(try context.id(), by: principal), status: .ok)
    }

    @Sendable func changeStatus(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .vetTravellers)
        struct Body: Decodable {
            var status: String
            var note: String?
        }
        let body = try await request.json(Body.self)
        let item = try vetting.changeStatus(try context.id(), to: body.status, note: body.note, by: principal)
        await publish()
        return try Response.json(try targeting.current(item), status: .ok)
    }

    @Sendable func addNote(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .vetTravellers)
        struct Body: Decodable { var text: String }
        let body = try await request.json(Body.self)
        return try Response.json(try targeting.current(try vetting.addNote(try context.id(), text: body.text, by: principal)), status: .created)
    }

    @Sendable func promote(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .vetTravellers)
        struct Body: Decodable {
            var port: String?
            var note: String?
        }
        let body = try await request.json(Body.self)
        let lookout = try vetting.promote(try context.id(), port: body.port, note: body.note, by: principal)
        await publish()
        return try Response.json(try targeting.current(lookout), status: .created, headers: [.location: "/api/v1/travel/lookouts/\(lookout.id)"])
    }

    @Sendable func lookouts(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["port", "status", "limit"])
        struct Body: Encodable { var lookouts: [TargetingService.LookoutView] }
        let found = try targeting.lookouts(port: query["port"], status: query["status"], limit: try query.limit(), by: principal)
        return try Response.json(Body(lookouts: found), status: .ok)
    }

    @Sendable func outcome(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .vetTravellers)
        struct Body: Decodable {
            var outcome: String
            var note: String?
        }
        let body = try await request.json(Body.self)
        let lookout = try vetting.recordOutcome(lookout: try context.id(), outcome: body.outcome, note: body.note, by: principal)
        await publish()
        return try Response.json(try targeting.current(lookout), status: .ok)
    }

    @Sendable func demote(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .vetTravellers)
        struct Body: Decodable { var note: String? }
        let body = try await request.json(Body.self)
        let lookout = try vetting.demote(lookout: try context.id(), note: body.note, by: principal)
        await publish()
        return try Response.json(try targeting.current(lookout), status: .ok)
    }

    // MARK: Watch lists and rules

    @Sendable func lists(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        struct Body: Encodable { var lists: [TargetingService.WatchListView] }
        return try Response.json(Body(lists: try targeting.listViews(by: principal)), status: .ok)
    }

    @Sendable func createList(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: TargetingService.Operations.manageWatchLists)
        struct Body: Decodable {
            var name: String
            var kind: String
            var description: String?
        }
        let body = try await request.json(Body.self)
        let list = try targeting.createListView(name: body.name, kind: body.kind, description: body.description ?? "", by: principal)
        return try Response.json(list, status: .created, headers: [.location: "/api/v1/travel/watch-lists/\(list.name)/entries"])
    }

    @Sendable func entries(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["after", "limit"])
        let after = try query.value("after", "after is an entry id") { Int64($0).flatMap { $0 >= 0 ? $0 : nil } } ?? 0
        let page = try targeting.entryPage(
            list: try context.parameters.require("name"), after: after, limit: try query.limit(), by: principal)
        return try Response.json(page, status: .ok)
    }

    /// One entry as JSON, or many as CSV (`Content-Type: text/csv`); the lists' flights still
    /// to come are screened again.
    @Sendable func addEntries(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        // The role first, before the body (up to 64 MiB) is read and before the list is looked
        // up: a caller who may not manage lists learns nothing, not even which names exist.
        let principal = try context.requirePrincipal(for: TargetingService.Operations.manageWatchLists)
        let name = try context.parameters.require("name")
        if request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
            let csv = Array(buffer: try await request.collect(.watchListCSV))
            return try Response.json(try targeting.upload(csv: csv, list: name, by: principal), status: .ok)
        }
        return try Response.json(try targeting.enter(try await request.data(.jsonDocument), list: name, by: principal), status: .created)
    }

    @Sendable func removeEntry(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try targeting.removeEntry(list: try context.parameters.require("name"), id: try context.id(), by: principal)
        return Response(status: .noContent)
    }

    @Sendable func rules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let rules = try targeting.rulesInForce(by: try context.requirePrincipal())
        return Response(
            status: .ok, headers: [.contentType: "application/yaml", .eTag: "\"\(rules.version)\""],
            body: .init(byteBuffer: ByteBuffer(string: rules.yaml)))
    }

    @Sendable func setRules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: TargetingService.Operations.replaceRules)
        let yaml = try await request.text(.ruleSet)
        do {
            return try Response.json(try targeting.replaceRules(yaml: yaml, by: principal), status: .created)
        } catch let error as RuleSetError {
            throw RejectedDocument(problems: [PortunusError(ruleSet: error)])
        }
    }
}
