/// A connection leased for one transaction. Statements run one after another on that connection;
/// no other task's statements interleave with them.
protocol SQLConnection: Sendable {
    /// Runs one statement written with `$1, $2, …` placeholders and returns its rows.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

/// What `SQLStore` needs from an engine: transactions on a leased connection, in its dialect.
/// Drivers translate their own errors into `StoreError` (see `StoreError.duplicate` and
/// `StoreError.unavailable`).
protocol SQLDriver: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` between BEGIN and COMMIT on one connection; rolls back when `body` throws.
    /// `write` selects the dialect's read-write or read-only BEGIN.
    func transaction<T: Sendable>(write: Bool, _ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T

    /// Runs one statement outside any explicit transaction (for checks and administration).
    func autocommit(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Closes every connection.
    func shutdown() async
}
