import Logging

/// A connection leased for one transaction. Statements run one after another on that connection;
/// no other task's statements interleave with them.
protocol SQLConnection: Sendable {
    /// Runs one statement written with `$1, $2, …` placeholders and returns its rows.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// The executor the connection's statements should be awaited on, when it has one of its own
    /// (`ConnectionThread`); transaction control that runs in a task of its own runs there too.
    var executor: (any TaskExecutor)? { get }

    /// Whether a statement can be refused or cut short because the calling task is cancelled.
    /// When not (SQLite, whose statements run synchronously to their end), transaction control
    /// runs directly, without a task of its own (`runUncancelled`).
    var observesCancellation: Bool { get }
}

extension SQLConnection {
    var executor: (any TaskExecutor)? { nil }
    var observesCancellation: Bool { true }
}

/// What `SQLStore` needs from an engine: transactions on a leased connection, in its dialect.
/// Drivers translate their own errors into `StoreError` (see `StoreError.duplicate` and
/// `StoreError.unavailable`).
protocol SQLDriver: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` between BEGIN and COMMIT on one connection; rolls back when `body` throws.
    /// `write` selects the dialect's read-write or read-only BEGIN.
    func transaction<T: Sendable>(write: Bool, _ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T

    /// Runs `body` on a read-only connection without BEGIN and COMMIT: each of its statements is
    /// a transaction of its own (`Store.readEach`).
    func reading<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T

    /// Runs one statement outside any explicit transaction (for checks and administration).
    func autocommit(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Closes every connection.
    func shutdown() async
}

extension SQLConnection {
    /// Runs `body` between `begin` and COMMIT on this connection. When `body` throws, rolls back
    /// and rethrows; when COMMIT fails, rolls back (ending whatever is left open) and rethrows.
    func inTransaction<T: Sendable>(
        begin: String, logger: Logger, _ body: @Sendable (any SQLConnection) async throws -> T
    ) async throws -> T {
        _ = try await query(begin, [])
        let result: T
        do {
            result = try await body(self)
        } catch {
            do {
                try await end("ROLLBACK")
            } catch let rollbackError {
                logger.error("rollback failed", metadata: ["error": "\(rollbackError)"])
            }
            throw error
        }
        do {
            try await end("COMMIT")
        } catch {
            try? await end("ROLLBACK")
            throw error
        }
        return result
    }

    /// Runs COMMIT or ROLLBACK even when the calling task is being cancelled (a server stopping,
    /// a client gone): the statement runs in a task of its own, which does not inherit the
    /// cancellation. Without this, a cancelled transaction's ROLLBACK was refused before it ran,
    /// the connection stayed inside the transaction, and every later BEGIN on it failed with
    /// "cannot start a transaction within a transaction".
    private func end(_ statement: String) async throws {
        try await runUncancelled(statement)
    }

    /// Runs a transaction control statement so that the calling task's cancellation cannot stop
    /// it: in a task of its own, which does not inherit it, on the connection's executor when it
    /// has one; or directly when the connection's statements never observe cancellation, which
    /// spares a task and two executor hops per statement (SQLite's SAVEPOINT and RELEASE of every
    /// group-committed transaction, docs/PERFORMANCE.md "Concurrency diet").
    func runUncancelled(_ statement: String) async throws {
        guard observesCancellation else {
            _ = try await query(statement, [])
            return
        }
        let connection = self
        try await Task(executorPreference: executor) { _ = try await connection.query(statement, []) }.value
    }
}
