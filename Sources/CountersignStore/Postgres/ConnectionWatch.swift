import PostgresNIO
import Synchronization

/// Ends a query that its connection will never answer.
///
/// postgres-nio 1.33 hands a query to the channel without a write promise: a query written just as
/// the server ends the session (`pg_ctl restart`, `pg_terminate_backend`) is dropped by the closed
/// channel, and its result never arrives. Seen after a PostgreSQL restart under load: the ROLLBACK
/// after a failed statement, or the next SELECT, waited for good, holding its request, its lease
/// and the server's shutdown. The watch fails such a query with `StoreError.unavailable` once the
/// connection has closed and a grace period has passed (a result already on its way wins).
final class ConnectionWatch: Sendable {
    private struct State {
        var closed = false
        var pending: (ticket: UInt64, continuation: CheckedContinuation<[SQLRow], any Error>)?
        var nextTicket: UInt64 = 0
    }

    /// How long a pending query may still finish on its own after its connection closed.
    static let grace: TimeAmount = .seconds(1)

    private let state = Mutex(State())

    /// Watches `connection` from now until it closes.
    init(_ connection: PostgresConnection) {
        let eventLoop = connection.eventLoop
        connection.closeFuture.whenComplete { [self] _ in
            state.withLock { $0.closed = true }
            eventLoop.scheduleTask(in: Self.grace) { self.failPending() }
        }
    }

    /// Runs `operation` (one query on the watched connection, at most one at a time) and returns
    /// its rows, or fails as unavailable when the connection closes without answering it.
    func run(_ operation: @escaping @Sendable () async throws -> [SQLRow]) async throws -> [SQLRow] {
        try await withCheckedThrowingContinuation { continuation in
            let ticket = state.withLock { state -> UInt64? in
                guard !state.closed else { return nil }
                state.nextTicket += 1
                state.pending = (state.nextTicket, continuation)
                return state.nextTicket
            }
            guard let ticket else {
                continuation.resume(throwing: StoreError.unavailable("the PostgreSQL connection is closed"))
                return
            }
            Task {
                let result: Result<[SQLRow], any Error>
                do {
                    result = .success(try await operation())
                } catch {
                    result = .failure(error)
                }
                self.finish(ticket, result)
            }
        }
    }

    private func finish(_ ticket: UInt64, _ result: Result<[SQLRow], any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<[SQLRow], any Error>? in
            guard let pending = state.pending, pending.ticket == ticket else { return nil }
            state.pending = nil
            return pending.continuation
        }
        continuation?.resume(with: result)
    }

    private func failPending() {
        let continuation = state.withLock { state -> CheckedContinuation<[SQLRow], any Error>? in
            defer { state.pending = nil }
            return state.pending?.continuation
        }
        continuation?.resume(throwing: StoreError.unavailable("the PostgreSQL connection closed before answering a query"))
    }
}
