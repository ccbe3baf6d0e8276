import Logging
import PostgresNIO
import Synchronization

/// postgres-nio's `PostgresClient`, replaced by a fresh one when it stops handing out connections.
///
/// After PostgreSQL was down long enough for the client's circuit breaker to trip, the client
/// (postgres-nio 1.33) reconnected to the restarted server but left every later request waiting
/// for a connection forever: Countersign hung until restarted. So a request that gets no
/// connection within `leaseTimeout`, or that the breaker refuses, fails with
/// `StoreError.unavailable` (503) and retires the client; the next request gets a new client
/// with new connections. A retired client keeps serving the transactions it already leased and is
/// shut down after `retireGrace`.
final class PostgresPool: Sendable {
    private struct Current {
        var client: PostgresClient
        var runner: Task<Void, Never>
        var generation: Int
    }

    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let leaseTimeout: Duration
    private let retireGrace: Duration
    private let current: Mutex<Current>
    private let retired = Mutex<[Task<Void, Never>]>([])

    init(configuration: PostgresClient.Configuration, logger: Logger, leaseTimeout: Duration = .seconds(15), retireGrace: Duration = .seconds(30)) {
        self.configuration = configuration
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        self.retireGrace = retireGrace
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        current = Mutex(Current(client: client, runner: Task { await client.run() }, generation: 0))
    }

    /// Runs `body` with a leased connection. Waiting for the lease is bounded; the body itself is not.
    ///
    /// The lease is taken in a task of its own that hands the connection over and holds the lease
    /// until `body` is done: postgres-nio's lease wait did not end on cancellation, so a wait that
    /// is given up must be left behind rather than awaited. A lease granted after it was given up
    /// is returned at once, `body` never runs on it (a request answered 503 changes nothing).
    func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let (client, generation) = current.withLock { ($0.client, $0.generation) }
        let handOver = LeaseHandOver()
        let leaseTask = Task {
            try await client.withConnection { connection in
                guard let finished = handOver.offer(connection) else { return }
                await finished.value
            }
        }
        let timeout = leaseTimeout
        let timer = Task {
            try? await Task.sleep(for: timeout)
            handOver.giveUp()
        }
        let connection: PostgresConnection
        do {
            connection = try await handOver.connection(failure: leaseTask)
            timer.cancel()
        } catch let error as LeaseTimedOut {
            renew(generation, because: "\(error)")
            throw StoreError.unavailable("no PostgreSQL connection within \(timeout)")
        } catch {
            timer.cancel()
            // A tripped circuit breaker: the pool's own refusal, not a query's.
            if String(reflecting: type(of: error)).hasPrefix("_ConnectionPoolModule.") { renew(generation, because: "\(error)") }
            throw error
        }
        defer { handOver.finish() }
        return try await body(connection)
    }

    /// Replaces the client of `generation` (once, however many requests saw it fail).
    private func renew(_ generation: Int, because reason: String) {
        let old: Current? = current.withLock { value in
            guard value.generation == generation else { return nil }
            let previous = value
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            value = Current(client: client, runner: Task { await client.run() }, generation: generation + 1)
            return previous
        }
        guard let old else { return }
        logger.warning("replacing the PostgreSQL connection pool", metadata: ["reason": "\(reason)"])
        let grace = retireGrace
        let retiring = Task {
            try? await Task.sleep(for: grace)
            old.runner.cancel()
            await old.runner.value
        }
        retired.withLock { $0.append(retiring) }
    }

    /// Shuts the current client down, and any retired one at once.
    func shutdown() async {
        let runner = current.withLock { $0.runner }
        for task in retired.withLock({ $0 }) { task.cancel() }
        runner.cancel()
        await runner.value
        for task in retired.withLock({ $0 }) { await task.value }
    }
}
