import Logging
import Synchronization

/// Checkpoints SQLite's WAL on a connection and a thread of its own, so that the writer never
/// does (docs/storage.md, "Checkpoints").
///
/// SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages: that
/// commit copies the WAL's pages into the database file and fsyncs the file, on the writer's
/// thread, while the next group-commit batch and every write queued behind it wait. Here the
/// writer's commits only report the WAL's size (`WALCommitObserver`, which replaces the automatic
/// checkpoint); past the same 1,000 pages this checkpointer runs a PASSIVE checkpoint beside the
/// writer. A PASSIVE checkpoint takes no lock a writer or reader needs: it copies what no reader
/// still reads, and the writer starts the WAL over at its next transaction once all of it was
/// copied. Requests that arrive while a checkpoint runs fold into one more.
final class WALCheckpointer: Sendable {
    /// The WAL size, in pages, past which a commit asks for a checkpoint: SQLite's own default.
    static let thresholdPages: Int32 = 1_000

    private let connection: SQLiteHandle
    private let thread: ConnectionThread
    private let requests: AsyncStream<Void>.Continuation
    private let loop: Task<Void, Never>
    private let counter: Counter
    /// What the writer connection calls after each commit (`SQLiteHandle.onCommit`).
    let observer: WALCommitObserver

    /// Opens the checkpointer's own connection to the database at `path` (already in WAL mode)
    /// with `pragmas`, and starts waiting for requests.
    static func start(path: String, pragmas: [String], logger: Logger) throws -> WALCheckpointer {
        let connection = try SQLiteHandle.open(path: path)
        do {
            for pragma in pragmas { _ = try connection.query(pragma, []) }
        } catch {
            connection.close()
            throw error
        }
        return WALCheckpointer(connection: connection, path: path, logger: logger)
    }

    private init(connection: SQLiteHandle, path: String, logger: Logger) {
        let thread = ConnectionThread()
        let (stream, requests) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let completed = Counter()
        self.connection = connection
        self.thread = thread
        self.requests = requests
        counter = completed
        observer = WALCommitObserver { pages in
            if pages >= Self.thresholdPages { requests.yield() }
        }
        loop = Task {
            for await _ in stream {
                do {
                    // The checkpoint's file copy and fsync block this thread, no other.
                    let rows = try await thread.run { try connection.query("PRAGMA wal_checkpoint(PASSIVE)", []) }
                    completed.increment()
                    if let row = rows.first {
                        logger.debug("WAL checkpoint", metadata: [
                            "walPages": "\((try? row.int(1)) ?? -1)", "copied": "\((try? row.int(2)) ?? -1)",
                        ])
                    }
                } catch {
                    logger.warning("WAL checkpoint failed; the next commit past the threshold asks again", metadata: [
                        "path": "\(path)", "error": "\(error)",
                    ])
                }
            }
        }
    }

    /// Checkpoints run to their end so far.
    var checkpoints: Int { counter.value }

    /// Stops taking requests, waits for a checkpoint in progress, and closes the connection.
    func stop() async {
        requests.finish()
        await loop.value
        connection.close()
        try? await thread.shutdown()
    }

    /// Counts completed checkpoints; shared by the loop and `checkpoints`.
    private final class Counter: Sendable {
        private let count = Atomic(0)

        func increment() { _ = count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }
}
