import Foundation
import SQLiteNIO
import Synchronization

/// A leased SQLite connection seen through `SQLConnection`: `$n` placeholders become `?n`, values
/// convert both ways and driver errors become `StoreError`.
struct SQLiteSession: SQLConnection {
    let connection: SQLiteConnection
    let thread: ConnectionThread?

    init(_ connection: SQLiteConnection, on thread: ConnectionThread? = nil) {
        self.connection = connection
        self.thread = thread
    }

    var executor: (any TaskExecutor)? { thread }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let rows = RowCollector()
        do {
            try await connection.query(SQLDialect.sqlite.prepare(sql), binds.map(Self.encode)) { row in
                rows.append(SQLRow(values: row.columns.map { Self.decode($0.data) }))
            }
        } catch {
            throw Self.translate(error)
        }
        return rows.rows
    }

    static func encode(_ value: SQLValue) -> SQLiteData {
        switch value {
        case .integer(let value): .integer(SQLiteInt64(value))
        case .real(let value): .float(value)
        case .text(let value): .text(value)
        case .blob(let value): .blob(ByteBuffer(bytes: value))
        case .null: .null
        }
    }

    static func decode(_ data: SQLiteData) -> SQLValue {
        switch data {
        case .integer(let value): .integer(Int64(value))
        case .float(let value): .real(value)
        case .text(let value): .text(value)
        case .blob(let buffer): .blob(Array(buffer.readableBytesView))
        case .null: .null
        }
    }

    /// Unique and primary-key violations are duplicates, SQLITE_FULL a full disk, SQLITE_READONLY a
    /// read-only database; everything else means the database could not do what was asked (I/O,
    /// locking, a closed connection). `SQLiteStorage.diagnose` refines I/O errors further.
    static func translate(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        guard let error = error as? SQLiteError else {
            // A transaction body's own error passes through; the driver's and the thread pool's mean
            // the database could not be reached.
            let origin = String(reflecting: type(of: error))
            let fromDriver = origin.hasPrefix("SQLiteNIO.") || origin.hasPrefix("NIOCore.") || origin.hasPrefix("NIOPosix.")
            return fromDriver ? StoreError.unavailable("\(error)") : error
        }
        switch error.reason {
        case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintUniqueRowIDFailed:
            return StoreError.duplicate(error.message)
        case .full:
            return StoreError.storageFull("SQLite: \(error.message)")
        case .readOnly, .readonlyInRecovery, .readonlyCantLock, .readonlyInRollback, .readonlyBackingMoved, .readonlyDirectory:
            return StoreError.readOnly("SQLite: \(error.message)")
        default:
            return StoreError.unavailable("SQLite \(error.reason): \(error.message)")
        }
    }
}

/// Rows gathered by sqlite-nio's row callback, which runs on its thread pool.
private final class RowCollector: Sendable {
    private let storage = Mutex<[SQLRow]>([])

    func append(_ row: SQLRow) { storage.withLock { $0.append(row) } }

    var rows: [SQLRow] { storage.withLock { $0 } }
}
