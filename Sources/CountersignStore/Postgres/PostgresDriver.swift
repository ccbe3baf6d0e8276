import Foundation
import Logging
import PostgresNIO

/// PostgreSQL through postgres-nio connections in a pool of this driver's own: `maxConnections`
/// slots handed out first come first served (`LeasePool`), each opening its connection when first
/// used and again whenever the server closed it.
///
/// A pool small enough to reason about when PostgreSQL restarts under load: a request waits only
/// for the next released slot, and a slot's next lease reconnects it. With postgres-nio's
/// `PostgresClient` a request's query written as the server ended its session was never answered
/// (see `ConnectionWatch`); the lease it held was never returned, and the server could not stop.
final class PostgresDriver: SQLDriver {
    let dialect = SQLDialect.postgres
    private let configuration: PostgresConnection.Configuration
    private let slots: [PostgresSlot]
    private let pool: LeasePool<PostgresSlot>
    private let logger: Logger
    /// Whether repeated statements run as named prepared statements (`PreparedStatements`).
    private let preparedStatements: Bool

    init(configuration: PostgresConnection.Configuration, maxConnections: Int, preparedStatements: Bool = true, logger: Logger) {
        precondition(maxConnections > 0, "a PostgreSQL pool needs at least one connection")
        self.configuration = configuration
        self.preparedStatements = preparedStatements
        self.slots = (0..<maxConnections).map { PostgresSlot(number: $0) }
        self.pool = LeasePool(slots)
        self.logger = logger
    }

    func transaction<T: Sendable>(write: Bool, _ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        let begin = write ? dialect.beginWrite : dialect.beginRead
        let logger = self.logger
        return try await withSession { session in
            try await session.inTransaction(begin: begin, logger: logger, body)
        }
    }

    func reading<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await withSession { session in try await body(session) }
    }

    func autocommit(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await withSession { session in try await session.query(sql, binds) }
    }

    /// Runs `work` on a leased slot's connection. A connection that failed as unreachable, or that
    /// the server closed meanwhile, is dropped, so the next lease of the slot opens a new one.
    private func withSession<T: Sendable>(_ work: @Sendable (PostgresSession) async throws -> T) async throws -> T {
        let configuration = self.configuration
        let logger = self.logger
        let preparedStatements = self.preparedStatements
        return try await pool.with { slot in
            var session: PostgresSession
            do {
                session = try await slot.session(configuration, logger: logger)
                session.preparedStatements = preparedStatements
            } catch {
                throw PostgresSession.translate(error)
            }
            do {
                return try await work(session)
            } catch {
                if session.connection.isClosed || Self.leavesConnectionUnknown(error) {
                    logger.debug("dropping a PostgreSQL connection", metadata: ["error": "\(error)"])
                    await slot.discard()
                }
                throw error
            }
        }
    }

    /// An unreachable database (`StoreError.unavailable`): the connection may be half closed or
    /// inside a transaction that could not be rolled back; a new one costs only a reconnect.
    private static func leavesConnectionUnknown(_ error: any Error) -> Bool {
        if case .unavailable? = error as? StoreError { return true }
        return false
    }

    func shutdown() async {
        for slot in slots { await slot.shutDown() }
    }
}
