import CSQLite
import Synchronization

/// One SQLite connection over SQLite's C API, with its prepared statements kept for reuse
/// (docs/storage.md, "SQLite").
///
/// The store runs the same few dozen statements over and over; compiling each afresh cost more
/// than running it (docs/PERFORMANCE.md). Each statement is compiled once per connection, on its
/// first use, and kept, keyed by its text; SQLite re-prepares a kept statement by itself when
/// the schema changes. The cache is bounded: past `cacheLimit` distinct statements it starts over.
///
/// Statements run synchronously on the calling thread. The driver calls them on the
/// connection's own thread (`ConnectionThread`), so a statement waiting on another process's
/// lock (busy_timeout) sleeps on that thread and no other. The mutex makes every call exclusive;
/// the driver's lease already does, so it is never contended.
final class SQLiteHandle: Sendable {
    /// Distinct statements kept per connection before the cache starts over.
    static let cacheLimit = 256

    private struct State {
        var database: OpaquePointer?
        var statements: [String: OpaquePointer] = [:]
    }

    private let state: Mutex<State>
    /// The database file, for messages.
    let path: String

    private init(database: sending OpaquePointer, path: String) {
        state = Mutex(State(database: database))
        self.path = path
    }

    /// Opens (creating if needed) the database file at `path`, with extended result codes.
    static func open(path: String) throws(SQLiteFailure) -> SQLiteHandle {
        guard sqlite3_threadsafe() != 0 else {
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "this SQLite library was built without thread safety")
        }
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let failure = SQLiteFailure(code: code, database: database, context: "cannot open \(path)")
            sqlite3_close_v2(database)
            throw failure
        }
        sqlite3_extended_result_codes(database, 1)
        return SQLiteHandle(database: database, path: path)
    }

    /// Runs one statement, written with `$1, $2, …` placeholders, and returns its rows.
    func query(_ sql: String, _ binds: [SQLValue]) throws(SQLiteFailure) -> [SQLRow] {
        try state.withLock { (state: inout State) throws(SQLiteFailure) -> [SQLRow] in
            guard let database = state.database else {
                throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection to \(path) is closed")
            }
            guard let statement = try Self.statement(sql, in: &state, database: database) else { return [] }
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            for (index, value) in binds.enumerated() {
                let code = Self.bind(value, at: Int32(index + 1), to: statement)
                guard code == SQLITE_OK else { throw SQLiteFailure(code: code, database: database, context: "binding $\(index + 1)") }
            }
            var rows: [SQLRow] = []
            let columns = sqlite3_column_count(statement)
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { return rows }
                guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, database: database) }
                rows.append(SQLRow(values: (0..<columns).map { Self.column($0, of: statement) }))
            }
        }
    }

    /// Finalizes every kept statement and closes the connection. Idempotent.
    func close() {
        state.withLock { state in
            for statement in state.statements.values { sqlite3_finalize(statement) }
            state.statements = [:]
            sqlite3_close_v2(state.database)
            state.database = nil
        }
    }

    deinit { close() }

    /// The kept statement for `sql`, compiled now if it is new; nil for text with no statement.
    private static func statement(_ sql: String, in state: inout State, database: OpaquePointer) throws(SQLiteFailure) -> OpaquePointer? {
        if let kept = state.statements[sql] { return kept }
        let text = SQLDialect.sqlite.prepare(sql)
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = text.withCString { sqlite3_prepare_v3(database, $0, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail) }
        guard code == SQLITE_OK else { throw SQLiteFailure(code: code, database: database, context: "preparing \(String(sql.prefix(80)))") }
        guard let statement else { return nil }
        // One statement per call: text after the first would be silently skipped.
        if let tail, !String(cString: tail).allSatisfy(\.isWhitespace) {
            sqlite3_finalize(statement)
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "more than one statement in \(String(sql.prefix(80)))")
        }
        if state.statements.count >= cacheLimit {
            for kept in state.statements.values { sqlite3_finalize(kept) }
            state.statements = [:]
        }
        state.statements[sql] = statement
        return statement
    }

    /// SQLite copies what it is given (SQLITE_TRANSIENT), so the buffers need not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ value: SQLValue, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let value): return sqlite3_bind_int64(statement, index, value)
        case .real(let value): return sqlite3_bind_double(statement, index, value)
        case .null: return sqlite3_bind_null(statement, index)
        case .text(let value):
            // An empty text is bound from a literal: a null pointer would bind NULL.
            if value.isEmpty { return sqlite3_bind_text(statement, index, "", 0, transient) }
            var text = value
            return text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), transient) }
            }
        case .blob(let value):
            if value.isEmpty { return sqlite3_bind_zeroblob(statement, index, 0) }
            return value.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
        }
    }

    private static func column(_ index: Int32, of statement: OpaquePointer) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let blob = sqlite3_column_blob(statement, index), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default: return .null
        }
    }
}

/// An SQLite result code that is not success, with SQLite's message.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// The extended result code.
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The failure `code` means on `database`, whose last message explains it.
    init(code: Int32, database: OpaquePointer?, context: String? = nil) {
        self.code = code
        let detail = database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        message = context.map { "\($0): \(detail)" } ?? detail
    }

    /// The primary result code (the low byte of an extended one).
    var primary: Int32 { code & 0xFF }

    /// SQLITE_CONSTRAINT_PRIMARYKEY, _UNIQUE and _ROWID: a second row with the same key.
    var isDuplicate: Bool { [1555, 2067, 2579].contains(code) }

    var description: String { "SQLite error \(code) (\(String(cString: sqlite3_errstr(code)))): \(message)" }
}
