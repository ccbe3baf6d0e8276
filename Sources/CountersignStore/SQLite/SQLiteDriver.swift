import Foundation
import Logging
import Synchronization

/// SQLite in WAL mode: one writer connection leased by one transaction at a time, and a few reader
/// connections that see only committed data (WAL readers never block on the writer).
///
/// Durability: `synchronous=FULL`, so a COMMIT that returned is on disk even across power loss
/// (WAL with NORMAL may lose the last transactions on power loss, which would drop acknowledged
/// votes). Write transactions that arrive while one runs share it (`GroupCommit`): one COMMIT
/// and one fsync per batch, each write answered after the COMMIT that holds it.
///
/// Threads: a statement runs synchronously (`SQLiteHandle`), and a writer waiting for another
/// process's lock (busy_timeout) sleeps on its thread. On the shared concurrency pool (one thread
/// per core) such waits could take every thread, including the one the lock holder needs to
/// COMMIT; so each connection has a thread of its own (`ConnectionThread`), and a transaction runs
/// with its connection's thread as its task executor, statements and the code between them alike.
final class SQLiteDriver: SQLDriver {
    let dialect = SQLDialect.sqlite
    private let writer: LeasePool<SQLiteHandle>
    private let writerThread: ConnectionThread
    private let readers: LeasePool<Lane>
    private let readerCount: Int
    private let logger: Logger
    private let closed = Mutex(false)
    private let threads: [ConnectionThread]
    private let path: String

    /// A reader connection and the thread it runs on.
    private struct Lane: Sendable {
        let connection: SQLiteHandle
        let thread: ConnectionThread
    }
    /// Concurrent write transactions share one transaction on the writer (one COMMIT and one
    /// fsync per batch); nil when group commit is off.
    let groupCommit: GroupCommit?

    /// Pragmas every connection gets.
    static let commonPragmas = ["PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"]

    private init(path: String, writer: SQLiteHandle, readers: [Lane], threads: [ConnectionThread], groupCommit: Bool, logger: Logger) {
        self.path = path
        self.threads = threads
        let writerThread = threads[0]
        self.writerThread = writerThread
        let writerPool = LeasePool([writer])
        self.writer = writerPool
        self.readers = LeasePool(readers)
        self.readerCount = readers.count
        self.logger = logger
        self.groupCommit = groupCommit
            ? GroupCommit(begin: SQLDialect.sqlite.beginWrite, logger: logger) { use in
                try await writerPool.with { connection in try await use(SQLiteSession(connection, on: writerThread)) }
            } : nil
    }

    /// Opens (creating if needed) the database file at `path`.
    static func open(path: String, readers: Int = 4, groupCommit: Bool = true, logger: Logger) async throws -> SQLiteDriver {
        let readers = max(1, readers)
        let threads = (0...readers).map { _ in ConnectionThread() }
        var opened: [SQLiteHandle] = []
        do {
            let writer = try SQLiteHandle.open(path: path)
            opened.append(writer)
            let mode = try await SQLiteSession(writer).query("PRAGMA journal_mode = WAL", [])
            guard (try? mode.first?.text(0).lowercased()) == "wal" else {
                throw StoreError.unavailable("SQLite refused WAL mode for \(path)")
            }
            for pragma in commonPragmas { _ = try await SQLiteSession(writer).query(pragma, []) }
            var lanes: [Lane] = []
            for thread in threads.dropFirst() {
                let reader = try SQLiteHandle.open(path: path)
                opened.append(reader)
                for pragma in commonPragmas + ["PRAGMA query_only = ON"] { _ = try await SQLiteSession(reader).query(pragma, []) }
                lanes.append(Lane(connection: reader, thread: thread))
            }
            return SQLiteDriver(path: path, writer: writer, readers: lanes, threads: threads, groupCommit: groupCommit, logger: logger)
        } catch {
            for connection in opened { connection.close() }
            for thread in threads { try? await thread.shutdown() }
            throw SQLiteSession.translate(error)
        }
    }

    /// Refuses work once `shutdown` began: the connections' handles are gone.
    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw StoreError.unavailable("the SQLite store is shut down") }
    }

    func transaction<T: Sendable>(write: Bool, _ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try checkOpen()
        do {
            if write {
                return try await writerThread.run {
                    if let groupCommit { return try await groupCommit.run(body) }
                    return try await writer.with { connection in
                        try checkOpen()
                        return try await SQLiteSession(connection, on: writerThread).inTransaction(begin: dialect.beginWrite, logger: logger, body)
                    }
                }
            }
            return try await onReader { try await $0.inTransaction(begin: dialect.beginRead, logger: logger, body) }
        } catch {
            throw SQLiteStorage.diagnose(error, path: path)
        }
    }

    func reading<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try checkOpen()
        do {
            return try await onReader { try await body($0) }
        } catch {
            throw SQLiteStorage.diagnose(error, path: path)
        }
    }

    /// Runs `work` on a leased reader connection, on that connection's thread.
    private func onReader<T: Sendable>(_ work: @Sendable (SQLiteSession) async throws -> T) async throws -> T {
        try await readers.with { lane in
            try checkOpen()
            return try await lane.thread.run { try await work(SQLiteSession(lane.connection, on: lane.thread)) }
        }
    }

    func autocommit(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try checkOpen()
        do {
            return try await writerThread.run {
                try await writer.with { connection in
                    try checkOpen()
                    return try await SQLiteSession(connection, on: writerThread).query(sql, binds)
                }
            }
        } catch {
            throw SQLiteStorage.diagnose(error, path: path)
        }
    }

    /// Waits for the transactions in flight, then closes every connection. Idempotent.
    func shutdown() async {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        for connection in await writer.drain(count: 1) + readers.drain(count: readerCount).map(\.connection) {
            connection.close()
        }
        for thread in threads {
            do {
                try await thread.shutdown()
            } catch {
                logger.warning("stopping an SQLite connection thread failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
