import NIOPosix

/// The one thread an SQLite connection runs on, which is also the task executor of whoever holds
/// the connection (docs/storage.md, "Threads").
///
/// sqlite-nio runs every statement on the thread pool its connection was opened with, and the
/// awaiting task resumes wherever its executor is. On the shared concurrency pool that meant two
/// thread hand-offs per statement, and each resumption queued behind every other request's work,
/// so a write transaction of a dozen statements held the single writer for milliseconds. A
/// transaction that runs with this thread as its task executor preference (`run`) keeps all of
/// it on the connection's own thread: a statement is queued behind the job that asked for it and
/// the job that continues after it is queued behind the statement, with no other thread woken.
final class ConnectionThread: TaskExecutor {
    /// The pool of one thread sqlite-nio runs the connection's statements on.
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
