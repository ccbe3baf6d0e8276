import Foundation

/// A leased SQLite connection seen through `SQLConnection`; SQLite's failures become `StoreError`.
struct SQLiteSession: SQLConnection {
    let handle: SQLiteHandle
    let thread: ConnectionThread?

    init(_ handle: SQLiteHandle, on thread: ConnectionThread? = nil) {
        self.handle = handle
        self.thread = thread
    }

    var executor: (any TaskExecutor)? { thread }

    /// A statement runs synchronously on the calling thread (`SQLiteHandle.query`) and never
    /// looks at the calling task's cancellation.
    var observesCancellation: Bool { false }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        do {
            return try handle.query(sql, binds)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Unique and primary-key violations are duplicates, SQLITE_FULL a full disk, SQLITE_READONLY a
    /// read-only database; everything else means the database could not do what was asked (I/O,
    /// locking, a closed connection). `SQLiteStorage.diagnose` refines I/O errors further.
    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? SQLiteFailure else { return error }
        if error.isDuplicate { return StoreError.duplicate(error.message) }
        switch error.primary {
        case 13: return StoreError.storageFull("SQLite: \(error.message)")  // SQLITE_FULL
        case 8: return StoreError.readOnly("SQLite: \(error.message)")  // SQLITE_READONLY and its extended codes
        default: return StoreError.unavailable(error.description)
        }
    }
}
