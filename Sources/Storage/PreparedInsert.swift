import GRDB
import GRDBSQLite
import PortunusCore

/// Binds values straight into a GRDB-prepared statement through SQLite's C API and steps it.
///
/// GRDB's `StatementArguments` box every value in an existential; at tens of thousands of
/// rows a second that boxing costs more than SQLite's own work. The statement still comes
/// from (and is cached by) GRDB, inside GRDB's transaction; only the binding is direct.
struct PreparedInsert {
    private let statement: Statement
    private var index: Int32 = 1

    // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement) {
        self.statement = statement
    }

    mutating func bind(_ text: String?) {
        guard var text else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            index += 1
            return
        }
        let statement = statement.sqliteStatement
        let position = index
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                // An empty buffer may have no base address; SQLite needs a pointer for "".
                if let base = characters.baseAddress {
                    _ = sqlite3_bind_text(statement, position, base, Int32(characters.count), PreparedInsert.transient)
                } else {
                    _ = sqlite3_bind_text(statement, position, "", 0, PreparedInsert.transient)
                }
            }
        }
        index += 1
    }

    mutating func bind(_ number: Int64?) {
        if let number { sqlite3_bind_int64(statement.sqliteStatement, index, number) } else { sqlite3_bind_null(statement.sqliteStatement, index) }
        index += 1
    }

    mutating func bind(_ number: Int?) { bind(number.map(Int64.init)) }
    mutating func bind(_ flag: Bool) { bind(Int64(flag ? 1 : 0)) }

    /// Steps the statement once, then resets it for the next row.
    mutating func execute(_ database: Database) throws(PortunusError) {
        defer {
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
            index = 1
        }
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = String(cString: sqlite3_errmsg(database.sqliteConnection))
            throw PortunusError(.storage, "SQLite error \(code): \(message)")
        }
    }
}
