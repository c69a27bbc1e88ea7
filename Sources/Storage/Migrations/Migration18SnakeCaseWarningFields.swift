import GRDB

/// Warnings stored before Foundation III name their field with the declaration's old camelCase
/// keys (`/items/0/netMass`); they are rewritten to the snake_case keys the API now uses.
enum Migration18SnakeCaseWarningFields: SchemaMigration {
    static let identifier = "v18-snake-case-warning-fields"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Declaration keys are snake_case since Foundation III: every stored pointer names
                -- a key that a client can send and find in the answer.
                UPDATE declaration_warning SET field = replace(field, '/lodgedAt', '/lodged_at') WHERE instr(field, '/lodgedAt') > 0;
                UPDATE declaration_warning SET field = replace(field, '/processType', '/process_type') WHERE instr(field, '/processType') > 0;
                UPDATE declaration_warning SET field = replace(field, '/importType', '/import_type') WHERE instr(field, '/importType') > 0;
                UPDATE declaration_warning SET field = replace(field, '/importUse', '/import_use') WHERE instr(field, '/importUse') > 0;
                UPDATE declaration_warning SET field = replace(field, '/paymentType', '/payment_type') WHERE instr(field, '/paymentType') > 0;
                UPDATE declaration_warning SET field = replace(field, '/modeOfTransport', '/mode_of_transport') WHERE instr(field, '/modeOfTransport') > 0;
                UPDATE declaration_warning SET field = replace(field, '/hsCode', '/hs_code') WHERE instr(field, '/hsCode') > 0;
                UPDATE declaration_warning SET field = replace(field, '/countryOfOrigin', '/country_of_origin') WHERE instr(field, '/countryOfOrigin') > 0;
                UPDATE declaration_warning SET field = replace(field, '/countryOfDeparture', '/country_of_departure') WHERE instr(field, '/countryOfDeparture') > 0;
                UPDATE declaration_warning SET field = replace(field, '/originMarking', '/origin_marking') WHERE instr(field, '/originMarking') > 0;
                UPDATE declaration_warning SET field = replace(field, '/netMass', '/net_mass') WHERE instr(field, '/netMass') > 0;
                UPDATE declaration_warning SET field = replace(field, '/customsValue', '/customs_value') WHERE instr(field, '/customsValue') > 0;
                UPDATE declaration_warning SET field = replace(field, '/dutyRate', '/duty_rate') WHERE instr(field, '/dutyRate') > 0;
                UPDATE declaration_warning SET field = replace(field, '/taxType', '/tax_type') WHERE instr(field, '/taxType') > 0;
                UPDATE declaration_warning SET field = replace(field, '/revenueRecovered', '/revenue_recovered') WHERE instr(field, '/revenueRecovered') > 0;
                """)
    }
}
