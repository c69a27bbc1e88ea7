import Foundation
import PortunusCore
import Storage
import Travel

/// Reading what targeting found, as the officers see it: flights and who is on them (masked),
/// the vetting lists, hits across flights, lookouts, and the rule set in force.
extension TargetingService {
    /// Flights, newest first; `date` a departure day (YYYY-MM-DD), `airport` an origin or
    /// destination.
    public func flights(date: String?, airport: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [FlightSummary] {
        try AccessPolicy.require(.readTravel, principal)
        if let date, ISO8601.parse(date) == nil || date.count != 10 { throw PortunusError(.invalidDate, "date is YYYY-MM-DD", field: "date") }
        return try store.targeting.flights(date: date, airport: airport?.uppercased(), limit: limit).map {
            FlightSummary(flight: .init($0.flight), travellers: $0.travellers, vetting: $0.vetting, open: $0.open)
        }
    }

    /// A flight with each traveller once, in the order the files named them: the sources
    /// that named them, the role, gender and nationality of the first row, the latest seat and
    /// booking, and their vetting item.
    public func manifest(flight id: Int64, by principal: Principal) throws(PortunusError) -> Manifest {
        try AccessPolicy.require(.readTravel, principal)
        let flight = try flight(id)
        let items = Dictionary(
            try store.targeting.vettingList(flightID: id, status: nil, limit: 10_000).map { ($0.travellerID, $0) }, uniquingKeysWith: { a, _ in a })
        var onBoard: [Int64: OnBoard] = [:]
        var order: [Int64] = []
        for row in try store.targeting.passengers(flights: [id]) {
            let person = row.person
            if var existing = onBoard[row.travellerID] {
                if !existing.sources.contains(row.source) { existing.sources.append(row.source) }
                existing.seat = person.seat ?? existing.seat
                existing.booking = row.locator ?? existing.booking
                onBoard[row.travellerID] = existing
            } else {
                order.append(row.travellerID)
                let item = items[row.travellerID]
                onBoard[row.travellerID] = OnBoard(
                    traveller: row.travellerID, sources: [row.source], role: row.role, gender: person.gender,
                    nationality: person.nationality, booking: row.locator, seat: person.seat, vetting: item?.id, status: item?.status)
            }
        }
        return Manifest(flight: .init(flight), travellers: order.compactMap { onBoard[$0] })
    }

    /// The vetting list of one flight.
    public func vetting(flight id: Int64, by principal: Principal) throws(PortunusError) -> [VettingView] {
        try AccessPolicy.require(.readTravel, principal)
        _ = try flight(id)
        return try store.targeting.vettingList(flightID: id, status: nil, limit: 10_000).map { item throws(PortunusError) in try view(item) }
    }

    /// The vetting items across flights, newest first, of one status or all.
    public func vetting(status: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [VettingView] {
        try AccessPolicy.require(.readTravel, principal)
        if let status, VettingStatus(rawValue: status) == nil {
            throw PortunusError(
                .invalidArgument, "status is one of \(VettingStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
        }
        return try store.targeting.vettingList(flightID: nil, status: status.flatMap(VettingStatus.init(rawValue:)), limit: limit).map {
            item throws(PortunusError) in try view(item)
        }
    }

    /// One vetting item.
    public func vetting(_ id: Int64, by principal: Principal) throws(PortunusError) -> VettingView {
        try AccessPolicy.require(.readTravel, principal)
        guard let item = try store.targeting.vetting(id: id) else { throw PortunusError(.notFound, "no such vetting item", field: "id") }
        return try view(item)
    }

    /// Hits across flights (or of one flight), newest items first, each with its item's status.
    public func hits(flight: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [FlaggedHit] {
        try AccessPolicy.require(.readTravel, principal)
        let flightID = try flight.map { text throws(PortunusError) -> Int64 in
            guard let id = Int64(text) else { throw PortunusError(.invalidArgument, "flight is a flight id", field: "flight") }
            return id
        }
        return try store.targeting.vettingList(flightID: flightID, status: nil, limit: limit).flatMap { item in
            item.hits.map { FlaggedHit(vetting: item.id, flight: item.flightID, traveller: item.travellerID, status: item.status, hit: HitView($0)) }
        }
    }

    /// Lookouts at a port of entry (or every port), of one status or all.
    public func lookouts(port: String?, status: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [LookoutView] {
        try AccessPolicy.require(.readTravel, principal)
        if let status, LookoutState.Status(rawValue: status) == nil {
            throw PortunusError(.invalidArgument, "status is active, demoted or closed", field: "status")
        }
        return try store.targeting.lookouts(port: port?.uppercased(), status: status.flatMap(LookoutState.Status.init(rawValue:)), limit: limit).map {
            lookout throws(PortunusError) in
            try view(lookout)
        }
    }

    /// The rule set in force; `not_found` before the first is set.
    public func rulesInForce(by principal: Principal) throws(PortunusError) -> RulesDocument {
        try AccessPolicy.require(.readTravel, principal)
        guard let latest = try store.targeting.latestTravelRules() else { throw PortunusError(.notFound, "no travel rule set yet (PUT one)") }
        return RulesDocument(version: latest.version, yaml: latest.yaml)
    }

    // MARK: After an act

    /// A vetting item as it is now, after an act changed it (and its ledger entry may have
    /// been appended since). No access check: the act checked.
    public func current(_ item: StoredVetting) throws(PortunusError) -> VettingView {
        try view(try store.targeting.vetting(id: item.id) ?? item)
    }

    /// A lookout as an act left it.
    public func current(_ lookout: StoredLookout) throws(PortunusError) -> LookoutView { try view(lookout) }

    func flight(_ id: Int64) throws(PortunusError) -> StoredFlight {
        guard let flight = try store.targeting.flight(id: id) else { throw PortunusError(.notFound, "no such flight", field: "id") }
        return flight
    }
}
