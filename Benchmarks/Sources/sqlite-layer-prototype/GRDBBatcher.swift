import GRDB
import Synchronization

/// What GRDB would need to match our group commit: write bodies that arrive while a batch is
/// being written queue up, and the next batch runs up to `maximumBatch` of them in one
/// transaction on GRDB's writer (`writeWithoutTransaction`: BEGIN IMMEDIATE, a SAVEPOINT per
/// body, one COMMIT), answering each body after the COMMIT that holds it.
///
/// Unlike ours (`GroupCommit`, where each caller's async body runs in its own task on the
/// writer's thread), a GRDB body is a synchronous closure run on GRDB's writer queue: the whole
/// vote (its policy evaluation included) would have to be written as one, with no `await`
/// inside.
final class GRDBBatcher: Sendable {
    /// Bodies per transaction at most, as `GroupCommit.maximumBatch`.
    static let maximumBatch = 64

    typealias Body = @Sendable (Database) throws -> Void

    private struct Waiting: Sendable {
        let body: Body
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var queue: [Waiting] = []
        /// Whether a task is writing batches (and will take what is queued).
        var writing = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in a batch and returns once that batch committed; throws `body`'s error (its
    /// savepoint rolled back) or the batch's.
    func run(_ body: @escaping Body) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let starts = state.withLock { state -> Bool in
                state.queue.append(Waiting(body: body, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if starts { Task { await self.writeBatches() } }
        }
    }

    /// Writes queued bodies batch by batch until none is left.
    private func writeBatches() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let taken = Array(state.queue.prefix(Self.maximumBatch))
                state.queue.removeFirst(taken.count)
                if taken.isEmpty { state.writing = false }
                return taken
            }
            if batch.isEmpty { return }
            let outcomes: [Result<Void, any Error>]
            do {
                outcomes = try await pool.writeWithoutTransaction { db in try Self.write(batch, db) }
            } catch {
                outcomes = batch.map { _ in .failure(error) }
            }
            for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
        }
    }

    /// One transaction holding every body of `batch`, each in a savepoint; the bodies' own
    /// outcomes, or throws when the transaction as a whole failed (rolled back).
    private static func write(_ batch: [Waiting], _ db: Database) throws -> [Result<Void, any Error>] {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
        do {
            var outcomes: [Result<Void, any Error>] = []
            outcomes.reserveCapacity(batch.count)
            for waiting in batch {
                try db.cachedStatement(sql: "SAVEPOINT member").execute()
                do {
                    try waiting.body(db)
                    try db.cachedStatement(sql: "RELEASE member").execute()
                    outcomes.append(.success(()))
                } catch {
                    try db.cachedStatement(sql: "ROLLBACK TO member").execute()
                    try db.cachedStatement(sql: "RELEASE member").execute()
                    outcomes.append(.failure(error))
                }
            }
            try db.cachedStatement(sql: "COMMIT").execute()
            return outcomes
        } catch {
            if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
            throw error
        }
    }
}
