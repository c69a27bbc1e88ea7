import ArgumentParser
import Clearance
import Foundation
import Portunus
import PortunusCore
import Tariff

struct ClearanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearance",
        abstract: "A declaration's life: its state and milestones, officers' acts, other systems' events, duties, payments, guarantees.",
        subcommands: [
            ClearanceShowCommand.self, ClearanceActCommand.self, ClearanceEventCommand.self, ClearanceDutiesCommand.self, ClearancePayCommand.self,
            ClearanceGuaranteeCommand.self, ClearanceBenchCommand.self,
        ]
    )
}

/// `key=value` pairs of a milestone's attributes.
func parseAttributes(_ pairs: [String]) throws -> [String: String] {
    var attributes: [String: String] = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw PortunusError(.invalidArgument, "an attribute is key=value", field: "attribute").exit()
        }
        attributes[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return attributes
}

struct ClearanceShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A declaration's state and its milestones in order.")
    @Argument(help: "The declaration id.") var id: String
    @Flag(help: "JSON.") var json = false
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let (state, milestones) = try data.withStore { store in
            let service = try DeclarationService(store: store)
            return (try service.clearanceState(id, by: commandPrincipal), try service.milestones(id, by: commandPrincipal))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .portunus
            print(String(decoding: try encoder.encode(milestones), as: UTF8.self))
            return
        }
        print("\(id): \(state.stage)\(state.lane.map { ", lane \($0)" } ?? ""), version \(state.version)")
        if !state.agencyHolds.isEmpty { print("  held by \(state.agencyHolds.joined(separator: ", "))") }
        for milestone in milestones {
            let attributes = milestone.attributes.keys.sorted().map { "\($0)=\(milestone.attributes[$0] ?? "")" }.joined(separator: " ")
            print(
                "  \(ISO8601.format(milestone.at))  \(milestone.code.rawValue.padded(14))  \(milestone.actor.kind.rawValue):\(milestone.actor.id)  \(attributes)"
            )
        }
    }
}

struct ClearanceActCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "act",
        abstract: "An officer's act: DOCS_REQUESTED, DOCS_ACCEPTED, EXAM_ASSIGNED, EXAM_STARTED, EXAM_DONE, HELD, SEIZED, RELEASED.",
        discussion: """
              portunus clearance act D-1 DOCS_REQUESTED --attribute "documents=invoice, certificate of origin"
              portunus clearance act D-1 EXAM_ASSIGNED --attribute examiner=officer-7
              portunus clearance act D-1 HELD --attribute "reason=undeclared parts"
            """)
    @Argument(help: "The declaration id.") var id: String
    @Argument(help: "The milestone code.") var code: String
    @Option(name: .customLong("attribute"), help: "key=value (repeatable).") var attributes: [String] = []
    @Option(help: "The office acting, when not the declaration's.") var office: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        guard let code = MilestoneCode(rawValue: code) else { throw PortunusError(.invalidArgument, "unknown milestone code", field: "code").exit() }
        let parsed = try parseAttributes(attributes)
        let state = try data.withStore { store in
            try ClearanceService(store: store).act(code, on: id, attributes: parsed, office: office, by: commandPrincipal)
        }
        print("\(id): \(state.stage)")
    }
}

struct ClearanceEventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Another system's event: ARRIVED, EXITED, OGA_HOLD, OGA_RELEASED, with its idempotency key.",
        discussion: """
              portunus clearance event D-1 ARRIVED --source port-msa --actor-kind port --key msa-771
              portunus clearance event D-1 OGA_HOLD --source kebs --actor-kind agency --key kebs-9 --attribute agency=KEBS
            """)
    @Argument(help: "The declaration id.") var id: String
    @Argument(help: "The milestone code.") var code: String
    @Option(help: "The reporting system.") var source: String
    @Option(help: "port or agency.") var actorKind: String
    @Option(help: "The idempotency key.") var key: String
    @Option(help: "When it happened (ISO 8601; default now).") var at: String?
    @Option(name: .customLong("attribute"), help: "key=value (repeatable).") var attributes: [String] = []
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        guard let code = MilestoneCode(rawValue: code) else { throw PortunusError(.invalidArgument, "unknown milestone code", field: "code").exit() }
        guard let kind = Milestone.Actor.Kind(rawValue: actorKind) else {
            throw PortunusError(.invalidArgument, "actor-kind is port or agency", field: "actor-kind").exit()
        }
        let time: Date
        if let at {
            guard let parsed = ISO8601.parse(at) else { throw PortunusError(.invalidDate, "at is an ISO 8601 time", field: "at").exit() }
            time = parsed
        } else {
            time = Date()
        }
        let parsed = try parseAttributes(attributes)
        let outcome = try data.withStore { store in
            try ClearanceService(store: store).report(
                code, on: id, at: time, source: source, actorKind: kind, attributes: parsed, idempotencyKey: key, by: commandPrincipal)
        }
        print("\(id): \(outcome.state.stage)\(outcome.replayed ? " (replayed: nothing changed)" : "")")
    }
}

struct ClearanceDutiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "duties", abstract: "The duties and taxes assessed on a declaration, line by line.")
    @Argument(help: "The declaration id.") var id: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let assessment = try data.withStore { store in try DutyService(store: store).duties(id, by: commandPrincipal) }
        guard let calculation = assessment.calculation else {
            let problem = assessment.problem
            print(
                "\(id) version \(assessment.version): not calculated — \(problem?.code.rawValue ?? ""): \(problem?.reason ?? "") \(problem?.field ?? "")"
            )
            return
        }
        print("\(id) version \(assessment.version), tariff of \(calculation.day), in \(calculation.currency)")
        for line in calculation.lines {
            print(
                "  item \(line.item)  \(line.kind.rawValue.padded(14))  \(line.rate.padded(28))  on \(line.base.amount)  = \(line.amount.amount)  (\(line.basis))"
            )
            if let note = line.note { print("      \(note)") }
        }
        print("  total \(calculation.total)   paid \(assessment.paid)   secured \(assessment.secured)   outstanding \(assessment.outstanding)")
    }
}

struct ClearancePayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pay", abstract: "Record a payment of a declaration's duties (a cashier's receipt).")
    @Argument(help: "The declaration id.") var id: String
    @Argument(help: "The amount, e.g. 212.40.") var amount: String
    @Argument(help: "The currency (ISO 4217).") var currency: String
    @Option(help: "The receipt's reference.") var reference: String
    @Option(help: "The account paid from.") var account: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        guard let value = FixedDecimal(amount) else { throw PortunusError(.invalidNumber, "amount is a decimal number", field: "amount").exit() }
        let money = Money(value, try Currency(currency, field: "currency"))
        let outcome = try data.withStore { store in
            try DutyService(store: store).pay(
                id, amount: money, reference: reference, account: account, idempotencyKey: "cli:" + reference, by: commandPrincipal)
        }
        print("\(id): \(outcome.state.stage), outstanding \(outcome.assessment.outstanding)\(outcome.replayed ? " (replayed)" : "")")
    }
}

struct ClearanceGuaranteeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guarantee", abstract: "Register a trader's guarantee or deferment account, or list them.",
        discussion: """
              portunus clearance guarantee --reference DAN-1 --holder IMP-A --kind deferment --amount 50000 --currency EUR --from 2026-01-01
              portunus clearance guarantee --holder IMP-A
            """)
    @Option(help: "The guarantee's reference (registers one).") var reference: String?
    @Option(help: "The trader it covers.") var holder: String?
    @Option(help: "comprehensive or deferment.") var kind: String = "comprehensive"
    @Option(help: "The reference amount.") var amount: String?
    @Option(help: "Its currency.") var currency: String?
    @Option(help: "First day (YYYY-MM-DD).") var from: String?
    @Option(help: "Last day (YYYY-MM-DD).") var through: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        if let reference {
            guard let holder, let amount, let value = FixedDecimal(amount), let currency, let from, let first = CalendarDay(from) else {
                throw PortunusError(.missingField, "a guarantee needs --holder, --amount, --currency and --from", field: "holder").exit()
            }
            guard let kind = DutyGuarantee.Kind(rawValue: kind) else {
                throw PortunusError(.invalidArgument, "kind is comprehensive or deferment", field: "kind").exit()
            }
            let last = try through.map { text throws -> CalendarDay in
                guard let day = CalendarDay(text) else { throw PortunusError(.invalidDate, "through is YYYY-MM-DD", field: "through").exit() }
                return day
            }
            let guarantee = DutyGuarantee(
                reference: reference, holder: holder, kind: kind, amount: Money(value, try Currency(currency, field: "currency")), from: first,
                through: last)
            _ = try data.withStore { store in try DutyService(store: store).addGuarantee(guarantee, by: commandPrincipal) }
            print("guarantee \(reference) registered for \(holder)")
            return
        }
        let list = try data.withStore { store in try DutyService(store: store).guarantees(holder: holder, by: commandPrincipal) }
        for guarantee in list {
            print(
                "\(guarantee.reference)  \(guarantee.holder)  \(guarantee.kind.rawValue)  \(guarantee.amount)  used \(guarantee.used)  available \(guarantee.available)"
            )
        }
    }
}
