import NIOPosix

/// The one thread an SQLite connection runs on, which is also the task executor of whoever holds
/// the connection (docs/storage.md, "Threads").
///
/// A transaction runs with this thread as its task executor preference (`run`), so all of it,
/// statements (which run synchronously, `SQLiteHandle`) and the code between them, stays on the
/// connection's own thread with no hand-off per statement; a statement that waits for another
/// process's lock blocks this thread only, never one of the shared concurrency pool's.
final class ConnectionThread: TaskExecutor {
    /// The pool of one thread the connection's transactions run on.
    let pool: NIOThreadPool

    init() {
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pool.submit { [self] state in
            if case .active = state {
                job.runSynchronously(on: asUnownedTaskExecutor())
            } else {
                // The thread has stopped (shutdown): the job still has to run somewhere.
                globalConcurrentExecutor.enqueue(ExecutorJob(job))
            }
        }
    }

    /// Runs `operation` with this thread as the task executor preference.
    func run<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(self, operation: operation)
    }

    /// Stops the thread once its queued work ran.
    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}
