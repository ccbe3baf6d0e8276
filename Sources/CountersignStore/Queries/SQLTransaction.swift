import Foundation
import Synchronization

/// The store's one implementation of `StoreTransaction` (and of `StoreReader`, for reads): shared
/// SQL over a leased connection. The queries live in the extensions next to this file, one file
/// per kind of record.
///
/// Lock order, on PostgreSQL: operation, then statement, then key rows (SELECT … FOR UPDATE).
/// Audit events take no lock at all (`appendAudit` inserts a pending row); only the sequencer
/// locks the log's state row, and it takes no other lock. On SQLite the immediate transaction
/// excludes every other writer, and no lock is needed.
///
/// After a statement fails, the transaction is spoilt (PostgreSQL aborts it; SQLite is made to
/// behave the same): later statements fail too, and `write` rolls back and rethrows the first
/// error even when the body swallowed it, so a caught duplicate can never look committed.
final class SQLTransaction: StoreTransaction {
    let connection: any SQLConnection
    let dialect: SQLDialect
    /// The store's cached member directory (`allMembers`).
    let directory: MemberDirectoryCache
    private let firstFailure = Mutex<(any Error)?>(nil)
    private let appended = Mutex(false)
    /// Writes held until the next statement or the commit (`DeferredWrites`).
    private let held = Mutex(DeferredWrites())

    /// Whether this transaction recorded an audit event (the store then wakes the sequencer).
    var appendedAudit: Bool {
        get { appended.withLock { $0 } }
        set { appended.withLock { $0 = newValue } }
    }

    init(connection: any SQLConnection, dialect: SQLDialect, directory: MemberDirectoryCache) {
        self.connection = connection
        self.dialect = dialect
        self.directory = directory
    }

    /// The error that spoilt this transaction, if any.
    var failure: (any Error)? { firstFailure.withLock { $0 } }

    /// Runs one statement, after the held writes; a duplicate is reported as `duplicate` when given.
    @discardableResult
    func run(_ sql: String, _ binds: [SQLValue] = [], duplicate: String? = nil) async throws -> [SQLRow] {
        try await sendHeldWrites()
        return try await runNow(sql, binds, duplicate: duplicate)
    }

    /// Holds a write whose result nobody reads (`DeferredWrites`): it is sent with the next
    /// statement's held writes or at the commit, and its failure fails that statement.
    func hold(_ write: DeferredWrites.Write) async throws {
        if held.withLock({ $0.hold(write) }) { return }
        try await sendHeldWrites()
        guard held.withLock({ $0.hold(write) }) else { preconditionFailure("nothing is held after sending") }
    }

    /// Sends the held writes: one statement on PostgreSQL, each on its own on SQLite. Called
    /// before every statement and before the commit (`SQLStore`).
    func sendHeldWrites() async throws {
        let combined = dialect.engine == "postgresql"
        let statements = held.withLock { $0.isEmpty ? [] : $0.take(combined: combined) }
        for statement in statements { _ = try await runNow(statement.sql, statement.binds) }
    }

    private func runNow(_ sql: String, _ binds: [SQLValue], duplicate: String? = nil) async throws -> [SQLRow] {
        if let failure {
            throw StoreError.unavailable("the transaction was aborted by an earlier error: \(failure)")
        }
        do {
            return try await connection.query(sql, binds)
        } catch {
            var reported = error
            if let duplicate, let storeError = error as? StoreError, case .duplicate = storeError {
                reported = StoreError.duplicate(duplicate)
            }
            firstFailure.withLock { $0 = $0 ?? reported }
            throw reported
        }
    }

    /// The rows of a query, each decoded by `decode`.
    func all<T>(_ sql: String, _ binds: [SQLValue] = [], _ decode: (SQLRow) throws -> T) async throws -> [T] {
        try await run(sql, binds).map(decode)
    }

    /// The first row of a query, decoded, or nil.
    func first<T>(_ sql: String, _ binds: [SQLValue] = [], _ decode: (SQLRow) throws -> T) async throws -> T? {
        try await run(sql, binds).first.map(decode)
    }
}

/// The last event of the audit chain, as far as the next append needs it.
struct AuditHead: Sendable {
    let seq: Int64
    let hash: String
}
