import Clearance
import Foundation
import GRDB
import PortunusCore
import Tariff

extension StoreTransaction {
    /// The duty calculator over the national tariff as this transaction sees it (shared in memory
    /// while the tariff does not change); nil when no national tariff is set up.
    public func dutyCalculator() throws -> DutyCalculator? {
        try TariffStore.dutyCalculator(db, engine: engine)
    }

    /// A declaration's internal key and clearance state; nil when no declaration has that id.
    public func clearanceState(declarationID: String) throws -> (seq: Int64, state: ClearanceState)? {
        guard let seq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM declaration WHERE id = ?"), arguments: [declarationID]) else {
            return nil
        }
        return (seq, try ClearanceStore.state(db, seq: seq))
    }

    /// Stores the calculation made on a version of a declaration (or the problem that stopped it),
    /// replacing an earlier one of that version; its settlements stay.
    public func saveDutyAssessment(seq: Int64, version: Int, at: Date, _ result: Result<DutyCalculation, PortunusError>) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO duty_assessment (declaration_seq, version, calculated_at, day, currency, total_e4, lines, exchange_rates,
                    problem_code, problem_reason, problem_field)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        switch result {
        case .success(let calculation):
            var rates: [String: String] = [:]
            for (currency, rate) in calculation.exchangeRates { rates[currency.code] = rate.description }
            try statement.execute(arguments: [
                seq, version, ISO8601.format(at), calculation.day.description, calculation.currency.code, calculation.total.amount.scaledValue,
                DutyLineColumn.text(calculation.lines), JSONColumn.object(rates), nil, nil, nil,
            ])
        case .failure(let problem):
            try statement.execute(arguments: [
                seq, version, ISO8601.format(at), CalendarDay(at).description, "", 0, "[]", "{}", problem.code.rawValue, problem.reason,
                problem.field,
            ])
        }
    }

    /// The assessment of a declaration's version, with its settlements.
    public func dutyAssessment(seq: Int64, declarationID: String, version: Int) throws -> DutyAssessment? {
        try DutyStore.assessment(db, seq: seq, declarationID: declarationID, version: version)
    }

    /// Secures `amount` of a declaration's version on a guarantee of one of `holders` valid on
    /// `day`, in the amount's currency, with enough left (deferment accounts first, then the one
    /// with the most left); debits it and records the settlement. Returns the guarantee's
    /// reference, or nil when none can.
    public func secureFromGuarantee(
        seq: Int64, version: Int, holders: [String], amount: Money, day: CalendarDay, at: Date, reference: String
    ) throws -> String? {
        guard !holders.isEmpty, !amount.amount.isNegative else { return nil }
        let placeholders = Array(repeating: "?", count: holders.count).joined(separator: ",")
        let find = try db.cachedStatement(
            sql: """
                SELECT reference FROM guarantee
                WHERE holder IN (\(placeholders)) AND currency = ? AND valid_from <= ? AND (valid_through IS NULL OR valid_through >= ?)
                    AND amount_e4 - used_e4 >= ?
                ORDER BY kind = 'deferment' DESC, amount_e4 - used_e4 DESC, reference LIMIT 1
                """)
        let day = day.description
        guard
            let guarantee = try String.fetchOne(
                find, arguments: StatementArguments(holders) + [amount.currency.code, day, day, amount.amount.scaledValue])
        else { return nil }
        try db.cachedStatement(sql: "UPDATE guarantee SET used_e4 = used_e4 + ? WHERE reference = ?").execute(arguments: [
            amount.amount.scaledValue, guarantee,
        ])
        try insertSettlement(
            seq: seq, version: version,
            DutySettlement(
                kind: .guarantee, amount: amount, reference: reference, guarantee: guarantee, at: at, actorKind: "system", actorID: "portunus"),
            idempotencyKey: nil)
        return guarantee
    }

    /// Whether a payment with this idempotency key is recorded already (a replay: change nothing);
    /// the key on another payment is a conflict.
    public func recordPaymentReplayed(_ idempotencyKey: String, seq: Int64, _ payment: DutySettlement) throws -> Bool {
        guard
            let recorded = try Row.fetchOne(
                db, sql: "SELECT declaration_seq, amount_e4, reference FROM settlement WHERE idempotency_key = ?", arguments: [idempotencyKey])
        else { return false }
        guard recorded["declaration_seq"] == seq, recorded["amount_e4"] == payment.amount.amount.scaledValue,
            recorded["reference"] == payment.reference
        else {
            throw PortunusError(.conflict, "this idempotency key was used for another payment", field: "/idempotency_key")
        }
        return true
    }

    /// Records a payment on a declaration (on its current version; payments count for every
    /// version after it). What guarantees hold for the declaration is freed as far as the payment
    /// covers it: a release is a guarantee settlement of a negative amount, so the log stays
    /// append-only and what a guarantee holds is the sum of its rows.
    public func recordPayment(seq: Int64, version: Int, _ payment: DutySettlement, idempotencyKey: String?) throws {
        try insertSettlement(seq: seq, version: version, payment, idempotencyKey: idempotencyKey)
        try freeGuarantees(seq: seq, version: version, upTo: payment.amount.amount.scaledValue, at: payment.at)
    }

    /// Frees what guarantees hold for a declaration, oldest first, up to `limit` (all when nil).
    public func freeGuarantees(seq: Int64, version: Int, upTo limit: Int64?, at: Date) throws {
        var left = limit ?? .max
        let held = try Row.fetchAll(
            db,
            sql: """
                SELECT guarantee, currency, SUM(amount_e4) AS held FROM settlement
                WHERE declaration_seq = ? AND kind = 'guarantee' GROUP BY guarantee, currency HAVING SUM(amount_e4) > 0 ORDER BY MIN(id)
                """, arguments: [seq])
        for row in held where left > 0 {
            let guarantee: String = row["guarantee"]
            let currency: String = row["currency"]
            let amount: Int64 = row["held"]
            let freed = min(amount, left)
            try db.execute(sql: "UPDATE guarantee SET used_e4 = MAX(0, used_e4 - ?) WHERE reference = ?", arguments: [freed, guarantee])
            try insertSettlement(
                seq: seq, version: version,
                DutySettlement(
                    kind: .guarantee, amount: Money(FixedDecimal(scaledValue: -freed), Currency(unchecked: currency)), reference: "released",
                    guarantee: guarantee, at: at, actorKind: "system", actorID: "portunus"),
                idempotencyKey: nil)
            left -= freed
        }
    }

    /// What was paid on a declaration and what guarantees hold for it now, over all its versions.
    public func settled(seq: Int64) throws -> (paid: FixedDecimal, secured: FixedDecimal) {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(SUM(CASE WHEN kind = 'payment' THEN amount_e4 END), 0) AS paid,
                        COALESCE(SUM(CASE WHEN kind = 'guarantee' THEN amount_e4 END), 0) AS secured
                    FROM settlement WHERE declaration_seq = ?
                    """), arguments: [seq])
        return (FixedDecimal(scaledValue: row?["paid"] ?? 0), FixedDecimal(scaledValue: row?["secured"] ?? 0))
    }

    /// The party that lodged a declaration when a trader did (its own reference's party); nil when
    /// an officer or a file lodged it.
    public func lodgingParty(seq: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT reference_party FROM declaration WHERE seq = ?"), arguments: [seq])
    }

    /// When the declaration was received (its `LODGED` milestone); nil for one that never took a
    /// step through Portunus.
    public func receivedAt(seq: Int64) throws -> Date? {
        guard
            let text = try String.fetchOne(
                db.cachedStatement(sql: "SELECT at FROM milestone WHERE declaration_seq = ? AND code = 'LODGED' ORDER BY id LIMIT 1"),
                arguments: [seq])
        else { return nil }
        return ISO8601.parse(text)
    }

    private func insertSettlement(seq: Int64, version: Int, _ settlement: DutySettlement, idempotencyKey: String?) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO settlement (declaration_seq, version, kind, amount_e4, currency, reference, account, guarantee, at, actor_kind, actor_id,
                    idempotency_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            seq, version, settlement.kind.rawValue, settlement.amount.amount.scaledValue, settlement.amount.currency.code, settlement.reference,
            settlement.account, settlement.guarantee, ISO8601.format(settlement.at), settlement.actorKind, settlement.actorID, idempotencyKey,
        ])
    }
}

extension StoreTransaction {
    /// A certificate in the ledger's register, read inside this transaction (a preference's proof).
    public func certificate(id: String) throws -> StoredCertificate? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM certificate WHERE id = ?"), arguments: [id]) else { return nil }
        return try CertificateStore.certificate(row)
    }
}
