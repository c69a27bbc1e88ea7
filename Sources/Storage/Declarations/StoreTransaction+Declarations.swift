import Foundation
import GRDB
import PortunusCore

extension StoreTransaction {
    /// Inserts a batch and says, for each declaration, whether it was inserted, already
    /// present with the same content, or in conflict with a different declaration of the same id.
    public func insertDeclarations(_ batch: [StoredDeclaration], importRun: Int64? = nil) throws -> [StoredDeclaration.Outcome] {
        let insertDeclaration = try db.cachedStatement(
            sql: """
                INSERT INTO declaration (id, lodged_at, office, process_type, import_type, import_use, payment_type,
                    transport_mode, declarant_id, importer_id, seller_id, carrier_id, assessed_at, inspected_at,
                    released_at, item_count, content_hash, import_run_id, source_line, reference_party, reference)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
        let insertItem = try db.cachedStatement(
            sql: """
                INSERT INTO goods_item (declaration_seq, sequence, hs_code, origin, departure, origin_marking,
                    net_mass_e4, customs_value_e4, currency, duty_rate_e4, tax_type, duty_facts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let insertOutcome = try db.cachedStatement(
            sql: """
                INSERT INTO inspection_outcome (declaration_seq, result, fraud, critical, revenue_recovered_e4, revenue_currency)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        let insertWarning = try db.cachedStatement(sql: "INSERT INTO declaration_warning (declaration_seq, code, field) VALUES (?, ?, ?)")
        let existingHash = try db.cachedStatement(sql: "SELECT content_hash FROM declaration WHERE id = ?")

        var outcomes: [StoredDeclaration.Outcome] = []
        outcomes.reserveCapacity(batch.count)
        var declarationRow = PreparedInsert(insertDeclaration)
        var itemRow = PreparedInsert(insertItem)
        var outcomeRow = PreparedInsert(insertOutcome)
        var warningRow = PreparedInsert(insertWarning)
        for stored in batch {
            let declaration = stored.declaration
            let hash = declaration.contentHash
            let timeline = declaration.timeline
            declarationRow.bind(declaration.id.rawValue)
            declarationRow.bind(ISO8601.format(declaration.lodgedAt))
            declarationRow.bind(declaration.office)
            declarationRow.bind(declaration.procedure.processType)
            declarationRow.bind(declaration.procedure.importType)
            declarationRow.bind(declaration.procedure.importUse)
            declarationRow.bind(declaration.procedure.paymentType)
            declarationRow.bind(declaration.procedure.modeOfTransport)
            declarationRow.bind(declaration.parties.declarant)
            declarationRow.bind(declaration.parties.importer)
            declarationRow.bind(declaration.parties.seller)
            declarationRow.bind(declaration.parties.carrier)
            declarationRow.bind(timeline.assessed.map(ISO8601.format))
            declarationRow.bind(timeline.inspected.map(ISO8601.format))
            declarationRow.bind(timeline.released.map(ISO8601.format))
            declarationRow.bind(declaration.items.count)
            declarationRow.bind(hash)
            declarationRow.bind(importRun)
            declarationRow.bind(stored.sourceLine)
            declarationRow.bind(stored.reference?.party)
            declarationRow.bind(stored.reference?.reference)
            try declarationRow.execute(db)
            guard db.changesCount == 1 else {
                let stored = try Int64.fetchOne(existingHash, arguments: [declaration.id.rawValue])
                outcomes.append(stored == hash ? .alreadyPresent : .conflict)
                continue
            }
            let seq = db.lastInsertedRowID
            for item in declaration.items {
                itemRow.bind(seq)
                itemRow.bind(item.sequence)
                itemRow.bind(item.hsCode.digits)
                itemRow.bind(item.countryOfOrigin.code)
                itemRow.bind(item.countryOfDeparture.code)
                itemRow.bind(item.originMarking)
                itemRow.bind(item.netMass.scaledValue)
                itemRow.bind(item.customsValue.amount.scaledValue)
                itemRow.bind(item.customsValue.currency.code)
                itemRow.bind(item.dutyRate.scaledValue)
                itemRow.bind(item.taxType)
                itemRow.bind(try DutyFactsColumn.text(item))
                try itemRow.execute(db)
            }
            if let outcome = declaration.outcome {
                outcomeRow.bind(seq)
                outcomeRow.bind(outcome.result.rawValue)
                outcomeRow.bind(outcome.fraud)
                outcomeRow.bind(outcome.critical)
                outcomeRow.bind(outcome.revenueRecovered?.amount.scaledValue)
                outcomeRow.bind(outcome.revenueRecovered?.currency.code)
                try outcomeRow.execute(db)
            }
            for warning in stored.warnings {
                warningRow.bind(seq)
                warningRow.bind(warning.code.rawValue)
                warningRow.bind(warning.field ?? "")
                try warningRow.execute(db)
            }
            outcomes.append(.inserted)
        }
        return outcomes
    }
}
