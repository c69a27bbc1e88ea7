import GRDB

/// The HS nomenclature of each edition, its full-text index, and the links between editions.
enum Migration13HarmonizedSystem: SchemaMigration {
    static let identifier = "v13-harmonized-system"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                -- The HS nomenclature of each edition (2012, 2017, 2022): chapters, headings and
                -- subheadings with their texts, parents and sections.
                CREATE TABLE hs_code (
                    id INTEGER PRIMARY KEY,
                    edition INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    level INTEGER NOT NULL,
                    parent TEXT,
                    section TEXT,
                    description TEXT NOT NULL,
                    UNIQUE (edition, code)
                );
                CREATE INDEX hs_code_parent ON hs_code(edition, parent);
                -- Full-text search over the texts (Porter stemming), kept in step by the import.
                CREATE VIRTUAL TABLE hs_code_fts USING fts5(description, content = 'hs_code', content_rowid = 'id', tokenize = 'porter unicode61');
                -- Links between editions: the UNSD correlation tables (kind 'correlation', with the
                -- relationship type) and conversion tables (kind 'conversion', one target each).
                CREATE TABLE hs_link (
                    kind TEXT NOT NULL CHECK (kind IN ('correlation', 'conversion')),
                    from_edition INTEGER NOT NULL,
                    from_code TEXT NOT NULL,
                    to_edition INTEGER NOT NULL,
                    to_code TEXT NOT NULL,
                    relationship TEXT NOT NULL,
                    partial INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (kind, from_edition, to_edition, from_code, to_code)
                ) WITHOUT ROWID;
                CREATE INDEX hs_link_to ON hs_link(kind, to_edition, from_edition, to_code);
                """)
    }
}
