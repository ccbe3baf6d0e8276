import Logging
import Synchronization

/// Group commit: write transactions that arrive while another is running share its database
/// transaction, so one COMMIT (one fsync) makes a whole batch durable (docs/storage.md).
///
/// Each caller still runs its own body, in its own task, one at a time on the batch's connection,
/// inside a SAVEPOINT (all but the batch's first, `member`): a body that throws is rolled back to
/// its savepoint and gets its error at once, without touching the others. A body that succeeded
/// is answered only after the COMMIT that contains it returned, so an acknowledged write is as
/// durable as before; when that COMMIT fails, every body in the batch gets the error. Whoever
/// finishes a body while nobody waits for the connection (or when the batch is full) commits;
/// otherwise it hands the connection to the next waiter and waits for that batch's outcome.
/// Bodies run in arrival order on one connection, so each sees the writes of those before it, as
/// consecutive transactions would.
///
/// A body must not start another write transaction (it would wait for itself): the SQLite
/// writer connection always had that rule. Used for SQLite, whose single writer connection runs
/// write transactions one at a time anyway; on PostgreSQL, where every statement is a network
/// round trip, running a batch's statements one after another on one connection measured slower
/// than concurrent transactions on the pool (docs/PERFORMANCE.md).
final class GroupCommit: Sendable {
    /// Leases a connection for `use` and keeps it until `use` returns.
    typealias Lease = @Sendable (_ use: @escaping @Sendable (any SQLConnection) async throws -> Void) async throws -> Void

    /// The most bodies one transaction holds: bounds how long the first one waits for COMMIT.
    static let maximumBatch = 64

    private let lease: Lease
    /// The statement that opens a write transaction.
    private let begin: String
    private let logger: Logger
    /// One member at a time on the open batch; first come, first served.
    private let turn = LeasePool<Int>([0])
    /// Callers waiting for the turn: a member commits only when nobody is.
    private let waiting = Atomic<Int>(0)
    /// The open batch, touched only by the member holding the turn.
    private let open = Mutex<Batch?>(nil)

    /// `begin` opens a write transaction on a connection `lease` lends.
    init(begin: String, logger: Logger, lease: @escaping Lease) {
        self.begin = begin
        self.logger = logger
        self.lease = lease
    }

    /// Runs `body` in the current batch (opening one if none is open) and returns its result
    /// once the batch committed.
    func run<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        _ = waiting.add(1, ordering: .sequentiallyConsistent)
        let (batch, value) = try await turn.with { _ -> (Batch, T) in
            _ = waiting.subtract(1, ordering: .sequentiallyConsistent)
            let batch = try await current()
            let value: T
            do {
                value = try await member(body, in: batch)
            } catch {
                if batch.isOpen, shouldCommit(batch) { await commit(batch) }
                throw error
            }
            if shouldCommit(batch) { await commit(batch) }
            return (batch, value)
        }
        try await batch.outcome()
        return value
    }

    /// How many writes wait for their turn (for tests that need writes queued).
    var waiters: Int { waiting.load(ordering: .sequentiallyConsistent) }

    /// Whether the member holding the turn commits now: nobody waits, or the batch is full.
    private func shouldCommit(_ batch: Batch) -> Bool {
        waiting.load(ordering: .sequentiallyConsistent) == 0 || batch.members >= Self.maximumBatch
    }

    /// The open batch, or a new one: a leased connection inside BEGIN.
    private func current() async throws -> Batch {
        if let batch = open.withLock({ $0 }) { return batch }
        let batch = try await Batch.open(lease: lease)
        do {
            try await Self.control(batch.connection, begin)
        } catch {
            try? await Self.control(batch.connection, "ROLLBACK")
            batch.finish(.failure(error))
            throw error
        }
        open.withLock { $0 = batch }
        return batch
    }

    /// Runs one body inside a savepoint of `batch`; rolls back to the savepoint when it throws.
    ///
    /// The batch's first body needs no savepoint: nothing precedes it in the transaction, so when
    /// it throws, the whole transaction is rolled back and the batch ends with it, its own error
    /// answered to it alone (no body succeeded in that batch, so nobody waits for its outcome).
    /// That spares a write that finds nobody ahead of it two of its statements.
    private func member<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T, in batch: Batch) async throws -> T {
        let connection = batch.connection
        if batch.addMember() == 1 {
            do {
                return try await body(connection)
            } catch {
                await abandon(batch, error)
                throw error
            }
        }
        do {
            try await Self.control(connection, "SAVEPOINT member")
        } catch {
            await abandon(batch, error)
            throw error
        }
        do {
            let value = try await body(connection)
            try await Self.control(connection, "RELEASE member")
            return value
        } catch {
            do {
                try await Self.control(connection, "ROLLBACK TO member")
                try await Self.control(connection, "RELEASE member")
            } catch let undoError {
                // The transaction itself is gone: the batch fails as a whole.
                logger.error("rolling back to a savepoint failed; the batch is abandoned", metadata: ["error": "\(undoError)"])
                await abandon(batch, undoError)
            }
            throw error
        }
    }

    /// Commits the batch and answers its members; rolls back when COMMIT fails.
    private func commit(_ batch: Batch) async {
        open.withLock { $0 = nil }
        do {
            try await Self.control(batch.connection, "COMMIT")
            batch.finish(.success(()))
        } catch {
            try? await Self.control(batch.connection, "ROLLBACK")
            batch.finish(.failure(error))
        }
    }

    private func abandon(_ batch: Batch, _ error: any Error) async {
        open.withLock { $0 = nil }
        try? await Self.control(batch.connection, "ROLLBACK")
        batch.finish(.failure(error))
    }

    /// Runs a transaction control statement even when the calling task is being cancelled (see
    /// `SQLConnection.inTransaction`): in a task of its own, which does not inherit cancellation.
    private static func control(_ connection: any SQLConnection, _ statement: String) async throws {
        try await connection.runUncancelled(statement)
    }
}
