import GRDB

/// The schema, as an ordered list of named migrations, one file each in this folder. A migration,
/// once released, is never edited: new columns and tables come as a new migration, added at the
/// end of `migrations`, so that every data directory can be brought forward. The identifiers are
/// what `grdb_migrations` records, so they never change either.
enum Schema {
    static let migrations: [any SchemaMigration.Type] = [
        Migration01Declarations.self,
        Migration02KeysAndAudit.self,
        Migration03RiskModels.self,
        Migration04RiskDecisions.self,
        Migration05TravelMessages.self,
        Migration06LedgerOutbox.self,
        Migration07CertificatesAndLabCustody.self,
        Migration08TravelTargeting.self,
        Migration09BiometricTemplates.self,
        Migration10BiometricGalleries.self,
        Migration11Zones.self,
        Migration12CargoTracking.self,
        Migration13HarmonizedSystem.self,
        Migration14HSAssistant.self,
        Migration15TrackingRejectBounds.self,
        Migration16AlertOperatorPosition.self,
        Migration17DeclarationReference.self,
        Migration18SnakeCaseWarningFields.self,
        Migration19Clearance.self,
        Migration20Duties.self,
        Migration21InspectionActs.self,
        Migration22ClearanceWebhooks.self,
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        return migrator
    }
}

/// One step of the schema: its identifier as `grdb_migrations` records it, and the SQL it runs.
protocol SchemaMigration {
    static var identifier: String { get }
    static func migrate(_ db: Database) throws
}
