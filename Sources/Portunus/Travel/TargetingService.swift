import Foundation
import PortunusCore
import Rules
import Screening
import Storage
import Synchronization
import Travel

/// The watch-list index, built once per state of the lists (the store's generation number
/// changes with every list or entry change) and shared by every screening.
public final class ScreeningCache: Sendable {
    struct Built: Sendable {
        var generation: Int64
        var index: WatchListIndex
        var entries: [StoredWatchListEntry]
    }

    private let state = Mutex<Built?>(nil)

    public init() {}

    func index(_ store: PortunusStore) throws(PortunusError) -> (WatchListIndex, [StoredWatchListEntry]) {
        let generation = try store.targeting.watchListGeneration()
        if let built = state.withLock({ $0 }), built.generation == generation { return (built.index, built.entries) }
        let entries = try store.targeting.watchListEntries(listID: nil)
        let index = WatchListIndex(entries.map(Self.entry))
        state.withLock { $0 = Built(generation: generation, index: index, entries: entries) }
        return (index, entries)
    }

    static func entry(_ stored: StoredWatchListEntry) -> WatchListEntry {
        WatchListEntry(
            id: String(stored.id), list: stored.list, category: stored.category, severity: stored.severity,
            names: stored.names.map(PersonName.init).filter { !$0.tokens.isEmpty }, birthDate: stored.birthDate.flatMap(BirthDate.init),
            nationality: stored.nationality, documentNumber: stored.documentNumber, documentCountry: stored.documentCountry)
    }
}

/// Travel targeting: people of received API/PNR files linked into travellers, screened
/// against the watch lists and the analysts' rules, hits gathered into a vetting list per
/// flight. Lists and rules are managed here too; a change re-screens the flights still to come.
public struct TargetingService: Sendable {
    public let store: PortunusStore
    public let cache: ScreeningCache
    public var policy = ScreeningPolicy()
    /// Flights departing this many days ago or later are re-screened when lists or rules change.
    public var rescreenDays = 3

    public init(store: PortunusStore, cache: ScreeningCache = ScreeningCache()) {
        self.store = store
        self.cache = cache
    }

    // MARK: Intake

    public struct Processed: Sendable, Hashable, Encodable {
        /// Passenger rows linked to a traveller seen before, and new travellers.
        public var linked = 0
        public var newTravellers = 0
        public var flights: [Int64] = []
        public var hits = 0
        public var vetting = 0

        enum CodingKeys: String, CodingKey { case linked, newTravellers = "new_travellers", flights, hits, vetting }
    }

    /// Links the people of a stored file to travellers (once per file), then screens the
    /// flights it concerns.
    public func process(messageID: Int64) throws(PortunusError) -> Processed {
        guard let (file, _) = try store.travelFiles.travelFile(id: messageID) else {
            throw PortunusError(.notFound, "no such travel file", field: "id")
        }
        var result = Processed()
        guard !(try store.targeting.passengersExist(messageID: messageID)) else { return result }
        let messages = file.messages
        var flights = Set<Int64>()
        var travellers = Set<Int64>()
        var bookings = Set<String>()
        let linked: Bool = try store.targeting.linkTravellers { writer in
            guard try !writer.passengersExist(messageID: messageID) else { return false }
            for message in messages {
                guard let flight = message.flight, let origin = flight.departure, let destination = flight.arrival else { continue }
                let flightID = try writer.flight(
                    StoredFlight(
                        number: flight.number, origin: origin, destination: destination,
                        departureDate: String((flight.departureTime ?? "").prefix(10)),
                        departureTime: flight.departureTime, arrivalTime: flight.arrivalTime, departureUTC: flight.departureUTC,
                        arrivalUTC: flight.arrivalUTC))
                flights.insert(flightID)
                let source = message.type == "PAXLST" ? "api" : "pnr"
                // The first booking of each record locator, as the message gave it.
                let messageBookings = Dictionary(message.bookings.map { ($0.locator, $0) }, uniquingKeysWith: { first, _ in first })
                for person in message.passengers {
                    let (found, evidence) = try TravellerLinker.link(person, in: writer)
                    let travellerID: Int64
                    if let found {
                        travellerID = found.id
                        try writer.complete(
                            traveller: travellerID, dateOfBirth: person.dateOfBirth, gender: person.gender, nationality: person.nationality)
                        result.linked += 1
                    } else {
                        travellerID = try writer.createTraveller(
                            surname: person.surname, givenNames: person.givenNames, dateOfBirth: person.dateOfBirth,
                            gender: person.gender, nationality: person.nationality)
                        result.newTravellers += 1
                    }
                    try writer.addDocuments(traveller: travellerID, TravellerLinker.documents(person))
                    travellers.insert(travellerID)
                    if let locator = person.booking { bookings.insert(locator) }
                    try writer.insertPassenger(
                        flightID: flightID, travellerID: travellerID, messageID: messageID, source: source, person: person,
                        booking: person.booking.flatMap { messageBookings[$0] }, link: evidence)
                }
            }
            return true
        }
        guard linked else { return Processed() }
        result.flights = flights.sorted()
        // Only this file's travellers, with their booking companions (for co-traveller rules):
        // a PNR pushed again for one booking does not re-screen the whole flight.
        let screened = try screen(flights: result.flights, only: Scope(travellers: travellers, bookings: bookings))
        result.hits = screened.hits
        result.vetting = screened.vetting
        return result
    }

    // MARK: Screening

    /// One traveller on one flight, from every row the messages gave.
    struct Boarding {
        var flight: StoredFlight
        var travellerID: Int64
        var person: TravelMessage.Person
        var booking: TravelMessage.Booking?
        var sources: Set<String>
    }

    func boardings(flights: [Int64]) throws(PortunusError) -> [Boarding] {
        var flightRows: [Int64: StoredFlight] = [:]
        for id in flights { flightRows[id] = try store.targeting.flight(id: id) }
        var result: [String: Boarding] = [:]
        var order: [String] = []
        for row in try store.targeting.passengers(flights: flights) where row.depersonalisedAt == nil {
            guard let flight = flightRows[row.flightID] else { continue }
            let person = row.person
            let booking = row.booking
            let key = "\(row.flightID)/\(row.travellerID)"
            if var existing = result[key] {
                // API data is what the traveller's document says: it wins for the person;
                // the latest PNR gives the booking.
                if row.source == "api" || !existing.sources.contains("api") { existing.person = person }
                if let booking { existing.booking = booking }
                existing.sources.insert(row.source)
                result[key] = existing
            } else {
                result[key] = Boarding(flight: flight, travellerID: row.travellerID, person: person, booking: booking, sources: [row.source])
                order.append(key)
            }
        }
        return order.compactMap { result[$0] }
    }

    static func screened(_ person: TravelMessage.Person) -> [ScreenedPerson] {
        let name = TravellerLinker.name(person)
        let birth = person.dateOfBirth.flatMap(BirthDate.init)
        let documents = person.documents.filter { $0.number?.isEmpty == false }
        if documents.isEmpty { return [ScreenedPerson(name: name, birthDate: birth, nationality: person.nationality)] }
        return documents.map {
            ScreenedPerson(name: name, birthDate: birth, nationality: person.nationality, documentNumber: $0.number, documentCountry: $0.issuingState)
        }
    }

    /// The watch-list hits of one person, one per entry (the best over their documents).
    func watchListHits(_ person: TravelMessage.Person, index: WatchListIndex, entries: [StoredWatchListEntry]) -> [NewTravelHit] {
        var best: [Int: ScreeningHit] = [:]
        for screened in Self.screened(person) {
            for hit in index.screen(screened, policy: policy) where hit.score > best[hit.entry]?.score ?? -1 { best[hit.entry] = hit }
        }
        return best.values.sorted { $0.entry < $1.entry }.map { hit in
            let entry = entries[hit.entry]
            return NewTravelHit(
                kind: "watch_list", reference: String(entry.id), list: entry.list, category: entry.category.isEmpty ? "general" : entry.category,
                severity: entry.severity, score: (hit.score * 1000).rounded() / 1000, reasons: hit.reasons)
        }
    }

    /// The active travel rule set, or none.
    public func rules() throws(PortunusError) -> RuleSet? {
        guard let latest = try store.targeting.latestTravelRules() else { return nil }
        do { return try RuleSetLoader.load(yaml: latest.yaml, catalogue: TravelFacts.catalogue) } catch {
            throw PortunusError(.storage, "the stored travel rule set no longer loads: \(error.description)")
        }
    }

    /// Which travellers of the flights to screen: these, and everyone in these bookings.
    struct Scope {
        var travellers: Set<Int64>
        var bookings: Set<String>

        func contains(_ boarding: Boarding) -> Bool {
            travellers.contains(boarding.travellerID) || boarding.person.booking.map(bookings.contains) == true
        }
    }

    /// Screens every traveller of these flights (or those in `only`) against the lists and the
    /// rules; stores the hits (those stored before stay once). Returns new hits and vetting
    /// items touched.
    @discardableResult
    public func screen(flights: [Int64]) throws(PortunusError) -> (hits: Int, vetting: Int) {
        try screen(flights: flights, only: nil)
    }

    func screen(flights: [Int64], only scope: Scope?) throws(PortunusError) -> (hits: Int, vetting: Int) {
        var boardings = try boardings(flights: flights)
        if let scope { boardings = boardings.filter(scope.contains) }
        guard !boardings.isEmpty else { return (0, 0) }
        let (index, entries) = try cache.index(store)
        let ruleSet = try rules()
        var listHits: [[NewTravelHit]] = []
        var onList = Set<String>()
        for boarding in boardings {
            let hits = watchListHits(boarding.person, index: index, entries: entries)
            listHits.append(hits)
            if !hits.isEmpty, let locator = boarding.person.booking { onList.insert("\(boarding.flight.id)/\(locator)") }
        }
        // A co-traveller is on the list when another member of the same booking has a hit.
        var hitsPerBooking: [String: Int] = [:]
        for (boarding, hits) in zip(boardings, listHits) where !hits.isEmpty {
            if let locator = boarding.person.booking { hitsPerBooking["\(boarding.flight.id)/\(locator)", default: 0] += 1 }
        }
        let counts = ruleSet == nil ? [:] : try store.targeting.flightCounts(travellers: boardings.map(\.travellerID))
        var added = 0
        var touched = 0
        for (boarding, hits) in zip(boardings, listHits) {
            var all = hits
            if let ruleSet {
                let key = boarding.person.booking.map { "\(boarding.flight.id)/\($0)" }
                let others = key.map { (hitsPerBooking[$0] ?? 0) - (hits.isEmpty ? 0 : 1) } ?? 0
                let facts = TravelFacts(
                    person: boarding.person, flight: Self.messageFlight(boarding.flight), booking: boarding.booking,
                    sources: boarding.sources.sorted().joined(separator: "+"), onWatchList: !hits.isEmpty,
                    coTravellerOnWatchList: others > 0, previousFlights: max(0, (counts[boarding.travellerID] ?? 1) - 1))
                for hit in ruleSet.evaluate(facts) {
                    all.append(
                        NewTravelHit(
                            kind: "rule", reference: hit.ruleID, list: nil, category: hit.effect.flag ?? "general",
                            severity: (TravelFacts.severities.firstIndex(of: hit.effect.lane ?? "normal") ?? 0) + 1, score: 1,
                            reasons: [hit.reason]))
                }
            }
            // A new hit opens a cleared item again (the item's own transition).
            if let recorded = try store.targeting.recordHits(
                flightID: boarding.flight.id, travellerID: boarding.travellerID, all,
                afterNewHit: { status throws(VettingStatus.Refusal) in try status.applying(.newHit) })
            {
                added += recorded.added
                touched += 1
            }
        }
        return (added, touched)
    }

    static func messageFlight(_ flight: StoredFlight) -> TravelMessage.Flight {
        var result = TravelMessage.Flight(
            number: flight.number, departure: flight.origin, arrival: flight.destination,
            departureTime: flight.departureTime, arrivalTime: flight.arrivalTime)
        result.departureUTC = flight.departureUTC
        result.arrivalUTC = flight.arrivalUTC
        return result
    }

    /// Re-screens the flights departing from `rescreenDays` before `now` on (every flight
    /// with `all`).
    @discardableResult
    public func rescreen(all: Bool = false, now: Date = Date()) throws(PortunusError) -> (flights: Int, hits: Int, vetting: Int) {
        let from = all ? nil : String(ISO8601.format(now.addingTimeInterval(-Double(rescreenDays) * 86_400)).prefix(10))
        let flights = try store.targeting.flightIDs(departingFrom: from)
        var hits = 0
        var vetting = 0
        for start in stride(from: 0, to: flights.count, by: 50) {
            let result = try screen(flights: Array(flights[start..<min(start + 50, flights.count)]))
            hits += result.hits
            vetting += result.vetting
        }
        return (flights.count, hits, vetting)
    }

    // MARK: Watch lists

    public static let listKinds: Set<String> = ["persons", "documents"]

    static func validListName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".")
            }
    }

    public func createList(name: String, kind: String, description: String, by principal: Principal) throws(PortunusError) -> StoredWatchList {
        try AccessPolicy.require(Operations.manageWatchLists, principal)
        guard Self.validListName(name) else { throw PortunusError(.invalidID, "a list name is 1–64 of a–z 0–9 - _ .", field: "/name") }
        guard Self.listKinds.contains(kind) else { throw PortunusError(.invalidArgument, "kind is persons or documents", field: "/kind") }
        return try store.targeting.createWatchList(name: name, kind: kind, description: description)
    }

    public func lists(by principal: Principal) throws(PortunusError) -> [StoredWatchList] {
        try AccessPolicy.require(.readTravel, principal)
        return try store.targeting.watchLists()
    }

    public struct ImportReport: Sendable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var rejected = 0
        public var problems: [PortunusError] = []
    }

    static func stored(_ entry: WatchListEntry) -> StoredWatchListEntry {
        StoredWatchListEntry(
            list: entry.list, externalID: entry.id, category: entry.category, severity: entry.severity, names: entry.names.map(\.joined),
            birthDate: entry.birthDate.map(Self.format), nationality: entry.nationality, documentNumber: entry.documentNumber,
            documentCountry: entry.documentCountry)
    }

    static func format(_ birth: BirthDate) -> String {
        guard let month = birth.month, let day = birth.day else { return String(birth.year) }
        return String(format: "%04d-%02d-%02d", birth.year, month, day)
    }

    /// Loads entries from CSV (see ``WatchListCSV``); rows go to the list their `list` column
    /// names, or to `list`. Lists must exist unless `createLists` (then they are persons lists).
    public func importCSV(_ bytes: [UInt8], list: String?, createLists: Bool = false, by principal: Principal) throws(PortunusError) -> ImportReport {
        try AccessPolicy.require(Operations.manageWatchLists, principal)
        let loaded = try WatchListCSV.load(bytes: bytes, defaultList: list)
        var report = ImportReport(rejected: loaded.problems.count, problems: loaded.problems)
        var byList: [String: [StoredWatchListEntry]] = [:]
        for entry in loaded.entries { byList[entry.list, default: []].append(Self.stored(entry)) }
        for (name, entries) in byList.sorted(by: { $0.key < $1.key }) {
            var target = try store.targeting.watchList(named: name)
            if target == nil && createLists && Self.validListName(name) {
                target = try store.targeting.createWatchList(
                    name: name, kind: entries.allSatisfy { $0.names.isEmpty } ? "documents" : "persons", description: "")
            }
            guard let target else {
                report.rejected += entries.count
                report.problems.append(PortunusError(.notFound, "no watch list named \(name.prefix(64)) (\(entries.count) rows)", field: "list"))
                continue
            }
            let result = try store.targeting.upsertWatchListEntries(listID: target.id, entries, by: principal.keyID)
            report.added += result.added
            report.updated += result.updated
            report.unchanged += result.unchanged
        }
        return report
    }

    /// One entry from JSON: either the person's particulars, or `traveller` (an id) to list a
    /// traveller as recorded.
    public func addEntry(list name: String, _ body: Data, by principal: Principal) throws(PortunusError) -> StoredWatchListEntry {
        try AccessPolicy.require(Operations.manageWatchLists, principal)
        guard let list = try store.targeting.watchList(named: name) else { throw PortunusError(.notFound, "no such watch list", field: "name") }
        var reader = StrictJSONReader()
        let allowed: Set<String> = [
            "id", "traveller", "name", "aliases", "birth_date", "nationality", "document_number", "document_country", "category", "severity",
        ]
        guard let members = reader.object(try JSONValue.parse(body), at: "", allowed: allowed) else {
            throw reader.problems.first ?? PortunusError(.wrongType, "expected an object", field: "")
        }
        let category = reader.string(members, "category", at: "", required: true) ?? ""
        let severity = reader.integer(members, "severity", at: "") ?? 1
        if !(1...3).contains(severity) { reader.report(PortunusError(.invalidArgument, "severity is 1, 2 or 3", field: "/severity")) }
        var entry: StoredWatchListEntry
        if let travellerText = reader.string(members, "traveller", at: "", required: false) {
            guard let id = Int64(travellerText), let traveller = try store.targeting.traveller(id: id), traveller.depersonalisedAt == nil else {
                throw PortunusError(.notFound, "no such traveller (or depersonalised)", field: "/traveller")
            }
            let document = traveller.documents.first { $0.type == "P" } ?? traveller.documents.first
            entry = StoredWatchListEntry(
                list: name, externalID: reader.string(members, "id", at: "", required: false) ?? "T\(id)", category: category,
                severity: severity, names: [PersonName("\(traveller.givenNames ?? "") \(traveller.surname ?? "")").joined],
                birthDate: traveller.dateOfBirth, nationality: traveller.nationality, documentNumber: document?.number,
                documentCountry: document?.issuingState.isEmpty == false ? document?.issuingState : nil, travellerID: id)
            if list.kind == "documents" && document == nil {
                reader.report(PortunusError(.missingField, "the traveller has no travel document for a documents list", field: "/traveller"))
            }
        } else {
            let names =
                ([reader.string(members, "name", at: "", required: false)].compactMap { $0 }
                + (reader.array(members["aliases"], at: "/aliases") ?? []).compactMap { if case .string(let text) = $0 { text } else { nil } })
                .map { PersonName($0).joined }.filter { !$0.isEmpty }
            let document = reader.string(members, "document_number", at: "", required: false)
            if names.isEmpty && document == nil {
                reader.report(PortunusError(.missingField, "an entry needs a name or a document number", field: "/name"))
            }
            let birth = reader.string(members, "birth_date", at: "", required: false)
            if let birth, BirthDate(birth) == nil {
                reader.report(PortunusError(.invalidDate, "a date of birth is YYYY-MM-DD or YYYY", field: "/birth_date"))
            }
            guard let id = reader.string(members, "id", at: "", required: true) else { throw reader.problems.first! }
            entry = StoredWatchListEntry(
                list: name, externalID: id, category: category, severity: severity, names: names,
                birthDate: birth.flatMap(BirthDate.init).map(Self.format),
                nationality: reader.string(members, "nationality", at: "", required: false)?.uppercased(),
                documentNumber: document?.uppercased(),
                documentCountry: reader.string(members, "document_country", at: "", required: false)?.uppercased())
        }
        if let first = reader.problems.first { throw first }
        guard CertificateService.validID(entry.externalID) else {
            throw PortunusError(.invalidID, "an id is 1–64 of A–Z a–z 0–9 - _ . :", field: "/id")
        }
        let result = try store.targeting.upsertWatchListEntries(listID: list.id, [entry], by: principal.keyID)
        guard let stored = try store.targeting.watchListEntry(id: result.ids[0]) else { throw PortunusError(.storage, "the entry was not stored") }
        return stored
    }

    public func removeEntry(list name: String, id: Int64, by principal: Principal) throws(PortunusError) {
        try AccessPolicy.require(Operations.manageWatchLists, principal)
        guard let list = try store.targeting.watchList(named: name) else { throw PortunusError(.notFound, "no such watch list", field: "name") }
        guard try store.targeting.removeWatchListEntry(id: id, listID: list.id) else {
            throw PortunusError(.notFound, "no such entry in this list", field: "id")
        }
    }

    public func entries(list name: String, after: Int64, limit: Int, by principal: Principal) throws(PortunusError) -> [StoredWatchListEntry] {
        try AccessPolicy.require(.readTravel, principal)
        guard let list = try store.targeting.watchList(named: name) else { throw PortunusError(.notFound, "no such watch list", field: "name") }
        return try store.targeting.watchListEntries(listID: list.id, after: after, limit: limit)
    }

    // MARK: Rules

    /// Validates (a `RuleSetError` carries the line, rule id and field) and stores a new
    /// version of the travel rule set; it applies from the next screening.
    public func setRules(yaml: String, by principal: Principal) throws -> Int64 {
        try AccessPolicy.require(Operations.replaceRules, principal)
        _ = try RuleSetLoader.load(yaml: yaml, catalogue: TravelFacts.catalogue)
        return try store.targeting.saveTravelRules(yaml: yaml, by: principal.keyID)
    }
}
