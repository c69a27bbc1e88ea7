import GRDB

/// A trader's own reference for a declaration, unique per party.
enum Migration17DeclarationReference: SchemaMigration {
    static let identifier = "v17-declaration-reference"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A trader's own reference for what it lodged (a local reference number), unique
                -- per party; the declaration id of such a declaration is assigned by Portunus, so
                -- that no trader learns which ids another party's declarations have.
                ALTER TABLE declaration ADD COLUMN reference_party TEXT;
                ALTER TABLE declaration ADD COLUMN reference TEXT;
                CREATE UNIQUE INDEX declaration_reference ON declaration(reference_party, reference) WHERE reference IS NOT NULL;
                """)
    }
}
