import PostgresNIO
import Synchronization

/// A lease wait given up by `PostgresPool`.
struct LeaseTimedOut: Error, CustomStringConvertible {
    var description: String { "no PostgreSQL connection was handed out in time" }
}

/// One connection passed from the task holding its lease to the task that runs the transaction,
/// and the signal back that the transaction is done. Exactly one of "handed over" or "given up"
/// happens, decided under a lock.
final class LeaseHandOver: Sendable {
    private enum State {
        case waiting(CheckedContinuation<PostgresConnection, any Error>?)
        case handedOver(PostgresConnection)
        case failed(any Error)
        case givenUp
    }

    private let state = Mutex<State>(.waiting(nil))
    private let done: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation) = AsyncStream.makeStream()

    /// Called by the lease holder: the task to await until the transaction is done, or nil when
    /// the wait was given up (then the lease is returned at once).
    func offer(_ connection: PostgresConnection) -> Task<Void, Never>? {
        let waiter: CheckedContinuation<PostgresConnection, any Error>?? = state.withLock { state in
            switch state {
            case .waiting(let waiter):
                state = .handedOver(connection)
                return .some(waiter)
            case .handedOver, .failed, .givenUp:
                return nil
            }
        }
        guard let waiter else { return nil }
        waiter?.resume(returning: connection)
        let stream = done.stream
        return Task {
            for await _ in stream { break }
        }
    }

    /// Gives the wait up unless the connection was handed over already.
    func giveUp() { resolve(.givenUp, LeaseTimedOut()) }

    /// The transaction is done with the connection: the lease holder returns it.
    func finish() { done.continuation.finish() }

    /// Waits for the connection; `failure` is the lease task, whose error (the pool refused) ends
    /// the wait too.
    func connection(failure leaseTask: Task<Void, any Error>) async throws -> PostgresConnection {
        let watcher = Task {
            do {
                try await leaseTask.value
                self.resolve(.failed(LeaseTimedOut()), LeaseTimedOut())
            } catch {
                self.resolve(.failed(error), error)
            }
        }
        defer { watcher.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<PostgresConnection, any Error>? = state.withLock { state in
                switch state {
                case .waiting:
                    state = .waiting(continuation)
                    return nil
                case .handedOver(let connection): return .success(connection)
                case .failed(let error): return .failure(error)
                case .givenUp: return .failure(LeaseTimedOut())
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    private func resolve(_ ending: State, _ error: any Error) {
        let waiter: CheckedContinuation<PostgresConnection, any Error>?? = state.withLock { state in
            guard case .waiting(let waiter) = state else { return nil }
            state = ending
            return .some(waiter)
        }
        if let waiter { waiter?.resume(throwing: error) }
    }
}
