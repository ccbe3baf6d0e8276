import Foundation
import Logging
import Synchronization

/// `Store` over either engine: the same queries (`SQLTransaction`) on an `SQLDriver`.
final class SQLStore: Store {
    let driver: any SQLDriver
    private let logger: Logger
    /// Shared by this store's transactions (`SQLTransaction.allMembers`).
    private let directory = MemberDirectoryCache()
    /// Called after each committed write that appended audit events (`onAuditAppended`).
    private let appendObservers = Mutex<[@Sendable () -> Void]>([])

    var engine: String { driver.dialect.engine }

    /// Migrates the database behind `driver` and wraps it; closes the driver when migration fails.
    static func open(driver: any SQLDriver, logger: Logger) async throws -> SQLStore {
        do {
            try await Migrator.migrate(driver, logger: logger)
        } catch {
            await driver.shutdown()
            throw error
        }
        return SQLStore(driver: driver, logger: logger)
    }

    private init(driver: any SQLDriver, logger: Logger) {
        self.driver = driver
        self.logger = logger
    }

    func write<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T {
        let appended = Mutex(false)
        let result = try await run(write: true) { transaction in
            let result = try await body(transaction)
            appended.withLock { $0 = transaction.appendedAudit }
            return result
        }
        if appended.withLock({ $0 }) {
            for observer in appendObservers.withLock({ $0 }) { observer() }
        }
        return result
    }

    func onAuditAppended(_ observer: @escaping @Sendable () -> Void) {
        appendObservers.withLock { $0.append(observer) }
    }

    func read<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T {
        try await run(write: false, body)
    }

    func readEach<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T {
        let (dialect, directory) = (driver.dialect, directory)
        return try await driver.reading { connection in
            try await Self.perform(body, on: connection, dialect: dialect, directory: directory)
        }
    }

    private func run<T: Sendable>(write: Bool, _ body: @Sendable (SQLTransaction) async throws -> T) async throws -> T {
        let (dialect, directory) = (driver.dialect, directory)
        return try await driver.transaction(write: write) { connection in
            try await Self.perform(body, on: connection, dialect: dialect, directory: directory)
        }
    }

    /// Runs `body` with the store's queries on `connection`.
    private static func perform<T: Sendable>(
        _ body: @Sendable (SQLTransaction) async throws -> T, on connection: any SQLConnection, dialect: SQLDialect,
        directory: MemberDirectoryCache
    ) async throws -> T {
        let transaction = SQLTransaction(connection: connection, dialect: dialect, directory: directory)
        let result = try await body(transaction)
        // A statement failed and the body carried on: never commit as if all went well.
        if let failure = transaction.failure { throw failure }
        // The writes held for the commit (`DeferredWrites`); their failure fails the commit.
        try await transaction.sendHeldWrites()
        return result
    }

    func ping() async -> Bool {
        do {
            return try await driver.autocommit("SELECT 1", []).first?.int(0) == 1
        } catch {
            logger.warning("database ping failed", metadata: ["engine": "\(engine)", "error": "\(error)"])
            return false
        }
    }

    func shutdown() async {
        await driver.shutdown()
    }
}
