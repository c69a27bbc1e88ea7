import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Rules
import Storage
import Travel

/// Travel targeting over HTTP (`/api/v1/travel/…`): receiving API/PNR files, flights,
/// travellers (masked; unmasked one at a time with a justification), watch lists, rules, hits,
/// the vetting list and port-of-entry lookouts.
struct TravelRoutes: Sendable {
    let targeting: TargetingService
    let runtime: LedgerRuntime
    var airports: AirportTimeZones?

    var store: PortunusStore { targeting.store }
    var vetting: VettingService { VettingService(store: store) }

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

    static func id(_ context: PortunusRequestContext, _ name: String = "id") throws -> Int64 {
        guard let id = Int64(try context.parameters.require(name)), id > 0 else { throw PortunusError(.notFound, "no such \(name)", field: name) }
        return id
    }

    /// Appends what an act enqueued when this server writes the ledger.
    func publish() async { _ = try? await runtime.publish() }

    // MARK: Files

    @Sendable func receive(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.ingestTravel, principal)
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 16 << 20) } catch { throw PortunusError(.bodyTooLarge, "a travel file is at most 16 MiB") }
        let receipt = try TravelIntake(store: store, airports: airports).receive(Data(buffer: body), source: "api:\(principal.keyID)")
        /// The receipt's fields, and what targeting did with the file.
        struct Body: Encodable {
            var receipt: TravelIntake.Receipt
            var targeting: TargetingService.Processed
            enum CodingKeys: String, CodingKey { case targeting }
            func encode(to encoder: any Encoder) throws {
                try receipt.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(targeting, forKey: .targeting)
            }
        }
        let processed = try targeting.process(messageID: receipt.id)
        return try RiskRoutes.json(Body(receipt: receipt, targeting: processed), status: receipt.duplicate ? .ok : .created)
    }

    // MARK: Flights and travellers

    struct FlightSummaryBody: Encodable {
        var flight: VettingService.FlightView
        var travellers: Int
        var vetting: Int
        var open: Int
    }

    @Sendable func flights(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        let query = try RiskRoutes.query(request, allowed: ["date", "airport", "limit"])
        if let date = query["date"], ISO8601.parse(date) == nil || date.count != 10 {
            throw PortunusError(.invalidDate, "date is YYYY-MM-DD", field: "date")
        }
        struct Body: Encodable { var flights: [FlightSummaryBody] }
        let found = try store.flights(date: query["date"], airport: query["airport"]?.uppercased(), limit: try RiskRoutes.limit(query))
        return try RiskRoutes.json(
            Body(
                flights: found.map {
                    FlightSummaryBody(flight: .init($0.flight), travellers: $0.travellers, vetting: $0.vetting, open: $0.open)
                }), status: .ok)
    }

    /// A traveller on a flight, masked: no names, dates of birth or document numbers.
    struct OnBoard: Encodable {
        var traveller: Int64
        var sources: [String]
        var role: String
        var gender: String
        var nationality: String?
        var booking: String?
        var seat: String?
        var vetting: Int64?
        var status: String?
    }

    @Sendable func flight(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        let id = try Self.id(context)
        guard let flight = try store.flight(id: id) else { throw PortunusError(.notFound, "no such flight", field: "id") }
        let items = Dictionary(
            try store.vettingList(flightID: id, status: nil, limit: 10_000).map { ($0.travellerID, $0) }, uniquingKeysWith: { a, _ in a })
        var onBoard: [Int64: OnBoard] = [:]
        var order: [Int64] = []
        let decoder = JSONDecoder()
        for row in try store.passengers(flights: [id]) {
            let person = try? decoder.decode(TravelMessage.Person.self, from: Data(row.personJSON.utf8))
            if var existing = onBoard[row.travellerID] {
                if !existing.sources.contains(row.source) { existing.sources.append(row.source) }
                existing.seat = person?.seat ?? existing.seat
                existing.booking = row.booking ?? existing.booking
                onBoard[row.travellerID] = existing
            } else {
                order.append(row.travellerID)
                let item = items[row.travellerID]
                onBoard[row.travellerID] = OnBoard(
                    traveller: row.travellerID, sources: [row.source], role: row.role, gender: person?.gender ?? "U",
                    nationality: person?.nationality, booking: row.booking, seat: person?.seat, vetting: item?.id, status: item?.status)
            }
        }
        struct Body: Encodable {
            var flight: VettingService.FlightView
            var travellers: [OnBoard]
        }
        return try RiskRoutes.json(Body(flight: .init(flight), travellers: order.compactMap { onBoard[$0] }), status: .ok)
    }

    @Sendable func traveller(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try RiskRoutes.json(try vetting.traveller(try Self.id(context), by: principal), status: .ok)
    }

    @Sendable func unmask(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        struct Body: Decodable { var justification: String }
        let body = try await RiskRoutes.decode(Body.self, request)
        let view = try vetting.unmask(try Self.id(context), justification: body.justification, by: principal)
        await publish()
        return try RiskRoutes.json(view, status: .ok)
    }

    // MARK: Hits, vetting, lookouts

    struct HitBody: Encodable {
        var id: Int64
        var kind: String
        var reference: String
        var list: String?
        var category: String
        var severity: Int
        var score: Double
        var reasons: [String]
        var createdAt: String
        enum CodingKeys: String, CodingKey { case id, kind, reference, list, category, severity, score, reasons, createdAt = "created_at" }

        init(_ hit: StoredTravelHit) {
            id = hit.id
            kind = hit.kind
            reference = hit.reference
            list = hit.list
            category = hit.category
            severity = hit.severity
            score = hit.score
            reasons = hit.reasons
            createdAt = hit.createdAt
        }
    }

    struct LookoutBody: Encodable {
        var id: Int64
        var vetting: Int64
        var port: String
        var status: String
        var outcome: String?
        var createdAt: String
        var createdBy: String
        var updatedAt: String
        var flight: VettingService.FlightView?
        var traveller: Int64?
        enum CodingKeys: String, CodingKey {
            case id, vetting, port, status, outcome, createdAt = "created_at", createdBy = "created_by", updatedAt = "updated_at", flight, traveller
        }
    }

    func lookoutBody(_ lookout: StoredLookout) throws -> LookoutBody {
        let item = try store.vetting(id: lookout.vettingID)
        return LookoutBody(
            id: lookout.id, vetting: lookout.vettingID, port: lookout.port, status: lookout.status, outcome: lookout.outcome,
            createdAt: lookout.createdAt, createdBy: lookout.createdBy, updatedAt: lookout.updatedAt,
            flight: try item.flatMap { try store.flight(id: $0.flightID) }.map(VettingService.FlightView.init), traveller: item?.travellerID)
    }

    struct VettingBody: Encodable {
        var id: Int64
        var flight: VettingService.FlightView?
        var traveller: Int64
        var status: String
        var severity: Int
        var createdAt: String
        var updatedAt: String
        var hits: [HitBody]
        var events: [Event]
        var lookout: LookoutBody?
        var next: [String]

        struct Event: Encodable {
            var at: String
            var by: String
            var kind: String
            var value: String
            var note: String?
            var ledgerIndex: UInt64?
            enum CodingKeys: String, CodingKey { case at, by, kind, value, note, ledgerIndex = "ledger_index" }
        }

        enum CodingKeys: String, CodingKey {
            case id, flight, traveller, status, severity, createdAt = "created_at", updatedAt = "updated_at", hits, events, lookout, next
        }
    }

    func body(_ item: StoredVetting) throws -> VettingBody {
        VettingBody(
            id: item.id, flight: try store.flight(id: item.flightID).map(VettingService.FlightView.init), traveller: item.travellerID,
            status: item.status, severity: item.severity, createdAt: item.createdAt, updatedAt: item.updatedAt, hits: item.hits.map(HitBody.init),
            events: item.events.map { .init(at: $0.at, by: $0.by, kind: $0.kind, value: $0.value, note: $0.note, ledgerIndex: $0.ledgerIndex) },
            lookout: try item.lookout.map(lookoutBody), next: (VettingService.transitions[item.status] ?? []).sorted())
    }

    @Sendable func flightVetting(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        let id = try Self.id(context)
        guard try store.flight(id: id) != nil else { throw PortunusError(.notFound, "no such flight", field: "id") }
        struct Body: Encodable { var vetting: [VettingBody] }
        return try RiskRoutes.json(Body(vetting: try store.vettingList(flightID: id, status: nil, limit: 10_000).map(body)), status: .ok)
    }

    @Sendable func vettingList(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        let query = try RiskRoutes.query(request, allowed: ["status", "limit"])
        if let status = query["status"], !VettingService.statuses.contains(status) {
            throw PortunusError(.invalidArgument, "status is one of \(VettingService.statuses.joined(separator: ", "))", field: "status")
        }
        struct Body: Encodable { var vetting: [VettingBody] }
        return try RiskRoutes.json(
            Body(vetting: try store.vettingList(flightID: nil, status: query["status"], limit: try RiskRoutes.limit(query)).map(body)), status: .ok)
    }

    /// Hits across flights, newest items first, each with its item's status.
    @Sendable func hits(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        let query = try RiskRoutes.query(request, allowed: ["flight", "limit"])
        let flight = try query["flight"].map { text -> Int64 in
            guard let id = Int64(text) else { throw PortunusError(.invalidArgument, "flight is a flight id", field: "flight") }
            return id
        }
        struct Hit: Encodable {
            var vetting: Int64
            var flight: Int64
            var traveller: Int64
            var status: String
            var hit: HitBody
        }
        struct Body: Encodable { var hits: [Hit] }
        let items = try store.vettingList(flightID: flight, status: nil, limit: try RiskRoutes.limit(query))
        return try RiskRoutes.json(
            Body(
                hits: items.flatMap { item in
                    item.hits.map { Hit(vetting: item.id, flight: item.flightID, traveller: item.travellerID, status: item.status, hit: HitBody($0)) }
                }), status: .ok)
    }

    @Sendable func vettingItem(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        guard let item = try store.vetting(id: try Self.id(context)) else { throw PortunusError(.notFound, "no such vetting item", field: "id") }
        return try RiskRoutes.json(try body(item), status: .ok)
    }

    @Sendable func changeStatus(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.vetTravellers, principal)
        struct Body: Decodable {
            var status: String
            var note: String?
        }
        let body = try await RiskRoutes.decode(Body.self, request)
        let item = try vetting.changeStatus(try Self.id(context), to: body.status, note: body.note, by: principal)
        await publish()
        return try RiskRoutes.json(try self.body(try store.vetting(id: item.id) ?? item), status: .ok)
    }

    @Sendable func addNote(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.vetTravellers, principal)
        struct Body: Decodable { var text: String }
        let body = try await RiskRoutes.decode(Body.self, request)
        return try RiskRoutes.json(try self.body(try vetting.addNote(try Self.id(context), text: body.text, by: principal)), status: .created)
    }

    @Sendable func promote(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.vetTravellers, principal)
        struct Body: Decodable {
            var port: String?
            var note: String?
        }
        let body = try await RiskRoutes.decode(Body.self, request)
        let lookout = try vetting.promote(try Self.id(context), port: body.port, note: body.note, by: principal)
        await publish()
        return try RiskRoutes.json(try lookoutBody(lookout), status: .created, headers: [.location: "/api/v1/travel/lookouts/\(lookout.id)"])
    }

    @Sendable func lookouts(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        let query = try RiskRoutes.query(request, allowed: ["port", "status", "limit"])
        if let status = query["status"], !["active", "demoted", "closed"].contains(status) {
            throw PortunusError(.invalidArgument, "status is active, demoted or closed", field: "status")
        }
        struct Body: Encodable { var lookouts: [LookoutBody] }
        let found = try store.lookouts(port: query["port"]?.uppercased(), status: query["status"], limit: try RiskRoutes.limit(query))
        return try RiskRoutes.json(Body(lookouts: try found.map(lookoutBody)), status: .ok)
    }

    @Sendable func outcome(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.vetTravellers, principal)
        struct Body: Decodable {
            var outcome: String
            var note: String?
        }
        let body = try await RiskRoutes.decode(Body.self, request)
        let lookout = try vetting.recordOutcome(lookout: try Self.id(context), outcome: body.outcome, note: body.note, by: principal)
        await publish()
        return try RiskRoutes.json(try lookoutBody(lookout), status: .ok)
    }

    @Sendable func demote(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.vetTravellers, principal)
        struct Body: Decodable { var note: String? }
        let body = try await RiskRoutes.decode(Body.self, request)
        let lookout = try vetting.demote(lookout: try Self.id(context), note: body.note, by: principal)
        await publish()
        return try RiskRoutes.json(try lookoutBody(lookout), status: .ok)
    }

    // MARK: Watch lists and rules

    struct ListBody: Encodable {
        var name: String
        var kind: String
        var description: String
        var createdAt: String
        var entries: Int
        enum CodingKeys: String, CodingKey { case name, kind, description, createdAt = "created_at", entries }
        init(_ list: StoredWatchList) {
            name = list.name
            kind = list.kind
            description = list.description
            createdAt = list.createdAt
            entries = list.entries
        }
    }

    /// An entry as listed: its particulars are personal data and stay masked here.
    struct EntryBody: Encodable {
        var id: Int64
        var externalID: String
        var list: String
        var category: String
        var severity: Int
        var masked = true
        var names: Int
        var hasBirthDate: Bool
        var nationality: String?
        var hasDocument: Bool
        var documentCountry: String?
        var traveller: Int64?
        var addedAt: String
        var addedBy: String
        enum CodingKeys: String, CodingKey {
            case id, externalID = "external_id", list, category, severity, masked, names, hasBirthDate = "has_birth_date", nationality
            case hasDocument = "has_document", documentCountry = "document_country", traveller, addedAt = "added_at", addedBy = "added_by"
        }
        init(_ entry: StoredWatchListEntry) {
            id = entry.id
            externalID = entry.externalID
            list = entry.list
            category = entry.category
            severity = entry.severity
            names = entry.names.count
            hasBirthDate = entry.birthDate != nil
            nationality = entry.nationality
            hasDocument = entry.documentNumber != nil
            documentCountry = entry.documentCountry
            traveller = entry.travellerID
            addedAt = entry.addedAt
            addedBy = entry.addedBy
        }
    }

    @Sendable func lists(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        struct Body: Encodable { var lists: [ListBody] }
        return try RiskRoutes.json(Body(lists: try targeting.lists(by: principal).map(ListBody.init)), status: .ok)
    }

    @Sendable func createList(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.manageWatchLists, principal)
        struct Body: Decodable {
            var name: String
            var kind: String
            var description: String?
        }
        let body = try await RiskRoutes.decode(Body.self, request)
        let list = try targeting.createList(name: body.name, kind: body.kind, description: body.description ?? "", by: principal)
        return try RiskRoutes.json(ListBody(list), status: .created, headers: [.location: "/api/v1/travel/watch-lists/\(list.name)/entries"])
    }

    @Sendable func entries(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try RiskRoutes.query(request, allowed: ["after", "limit"])
        let after =
            try query["after"].map { text -> Int64 in
                guard let value = Int64(text), value >= 0 else { throw PortunusError(.invalidArgument, "after is an entry id", field: "after") }
                return value
            } ?? 0
        let limit = try RiskRoutes.limit(query)
        let found = try targeting.entries(list: try context.parameters.require("name"), after: after, limit: limit, by: principal)
        struct Body: Encodable {
            var entries: [EntryBody]
            var next: Int64?
        }
        return try RiskRoutes.json(Body(entries: found.map(EntryBody.init), next: found.count == limit ? found.last?.id : nil), status: .ok)
    }

    /// One entry as JSON, or many as CSV (`Content-Type: text/csv`); the lists' flights still
    /// to come are screened again.
    @Sendable func addEntries(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        // The role first, before the body (up to 64 MiB) is read and before the list is looked
        // up: a caller who may not manage lists learns nothing, not even which names exist.
        try AccessPolicy.require(.manageWatchLists, principal)
        let name = try context.parameters.require("name")
        if request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: 64 << 20) } catch {
                throw PortunusError(.bodyTooLarge, "a watch-list upload is at most 64 MiB")
            }
            guard try store.watchList(named: name) != nil else { throw PortunusError(.notFound, "no such watch list", field: "name") }
            let report = try targeting.importCSV(Array(buffer: body), list: name, by: principal)
            let rescreened = try targeting.rescreen()
            struct Problem: Encodable {
                var code: String
                var detail: String
                var line: Int?
                var column: String?
            }
            struct Body: Encodable {
                var added: Int, updated: Int, unchanged: Int, rejected: Int
                var problems: [Problem]
                var rescreenedFlights: Int
                enum CodingKeys: String, CodingKey { case added, updated, unchanged, rejected, problems, rescreenedFlights = "rescreened_flights" }
            }
            return try RiskRoutes.json(
                Body(
                    added: report.added, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected,
                    problems: report.problems.map {
                        Problem(code: $0.code.rawValue, detail: $0.reason, line: $0.location?.line, column: $0.location?.columnName)
                    }, rescreenedFlights: rescreened.flights), status: .ok)
        }
        let entry = try targeting.addEntry(list: name, try await AccountabilityRoutes.body(request), by: principal)
        _ = try targeting.rescreen()
        return try RiskRoutes.json(EntryBody(entry), status: .created)
    }

    @Sendable func removeEntry(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try targeting.removeEntry(list: try context.parameters.require("name"), id: try Self.id(context), by: principal)
        return Response(status: .noContent)
    }

    @Sendable func rules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.readTravel, principal)
        guard let latest = try store.latestTravelRules() else { throw PortunusError(.notFound, "no travel rule set yet (PUT one)") }
        return Response(
            status: .ok, headers: [.contentType: "application/yaml", .eTag: "\"\(latest.version)\""],
            body: .init(byteBuffer: ByteBuffer(string: latest.yaml)))
    }

    @Sendable func setRules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.manageTravelRules, principal)
        let yaml = try await RiskRoutes.yaml(request)
        do {
            let version = try targeting.setRules(yaml: yaml, by: principal)
            let rescreened = try targeting.rescreen()
            struct Body: Encodable {
                var version: Int64
                var rescreenedFlights: Int
                var hits: Int
                enum CodingKeys: String, CodingKey { case version, rescreenedFlights = "rescreened_flights", hits }
            }
            return try RiskRoutes.json(Body(version: version, rescreenedFlights: rescreened.flights, hits: rescreened.hits), status: .created)
        } catch let error as RuleSetError {
            throw RejectedDocument(problems: [RiskRoutes.problem(error)])
        }
    }
}
