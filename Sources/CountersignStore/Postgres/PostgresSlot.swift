import Logging
import PostgresNIO
import Synchronization

/// One place in the PostgreSQL pool: at most one open connection, used by one lease at a time.
///
/// A connection the server closed (a restart, `pg_terminate_backend`, an idle timeout) is noticed
/// when the slot is next leased and replaced there, so a request never waits on a connection that
/// is gone and never depends on a pool's background bookkeeping to get a new one.
final class PostgresSlot: Sendable {
    private enum State {
        case empty
        case open(PostgresConnection, ConnectionWatch)
        case shutDown
    }

    private let number: Int
    private let state = Mutex<State>(.empty)

    init(number: Int) {
        self.number = number
    }

    /// A driver dropped without `shutdown` (a short-lived maintenance driver, say) still closes its
    /// connections; each stays referenced until its close completes.
    deinit {
        let open = state.withLock { state -> PostgresConnection? in
            guard case .open(let connection, _) = state else { return nil }
            return connection
        }
        if let open {
            open.close().whenComplete { _ in withExtendedLifetime(open) {} }
        }
    }

    /// A session on the slot's open connection, or on a new one when it has none or the server
    /// closed it.
    func session(_ configuration: PostgresConnection.Configuration, logger: Logger) async throws -> PostgresSession {
        switch state.withLock({ $0 }) {
        case .shutDown:
            throw StoreError.unavailable("the PostgreSQL pool is shut down")
        case .open(let connection, let watch) where !connection.isClosed:
            return PostgresSession(connection: connection, watch: watch, logger: logger)
        case .open, .empty:
            break
        }
        let fresh = try await PostgresConnection.connect(configuration: configuration, id: number, logger: logger)
        let watch = ConnectionWatch(fresh)
        let kept = state.withLock { state -> Bool in
            if case .shutDown = state { return false }
            state = .open(fresh, watch)
            return true
        }
        guard kept else {
            try? await fresh.close()
            throw StoreError.unavailable("the PostgreSQL pool is shut down")
        }
        return PostgresSession(connection: fresh, watch: watch, logger: logger)
    }

    /// Closes and forgets the connection, after it failed in a way that leaves its state unknown.
    func discard() async {
        let old = state.withLock { state -> PostgresConnection? in
            guard case .open(let connection, _) = state else { return nil }
            state = .empty
            return connection
        }
        try? await old?.close()
    }

    /// Closes the connection for good: later leases of this slot fail as unavailable.
    func shutDown() async {
        let old = state.withLock { state -> PostgresConnection? in
            defer { state = .shutDown }
            guard case .open(let connection, _) = state else { return nil }
            return connection
        }
        try? await old?.close()
    }
}
