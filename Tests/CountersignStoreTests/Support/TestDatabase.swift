import Foundation
import Logging
@testable import CountersignStore

/// The engines the store tests run on: SQLite always, PostgreSQL when
/// COUNTERSIGN_TEST_POSTGRES_URL names a server (scripts/test starts one).
enum Engine: String, Sendable, CustomStringConvertible {
    case sqlite
    case postgresql

    var description: String { rawValue }

    /// The maintenance URL of the test PostgreSQL server, if any.
    static let postgresURL: String? = {
        let value = ProcessInfo.processInfo.environment["COUNTERSIGN_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    static let available: [Engine] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgresql]
}

let testLogger: Logger = {
    var logger = Logger(label: "countersign.store.tests")
    logger.logLevel = .warning
    return logger
}()

/// A fresh, empty database for one test: a temporary folder for SQLite, a new database on the
/// test server for PostgreSQL. Stores opened from it are shut down and the database is removed
/// by `withDatabase`.
final class TestDatabase: Sendable {
    let engine: Engine
    /// The SQLite file path or the PostgreSQL URL.
    let location: String

    private init(engine: Engine, location: String) {
        self.engine = engine
        self.location = location
    }

    /// Opens a store on this database (each call is a new instance with its own connections).
    func open() async throws -> SQLStore {
        switch engine {
        case .sqlite: try await StoreFactory.openSQLiteStore(path: location, logger: testLogger)
        // 60 s to first answer: a bound for a busy machine (the product's 10 s once ran out here
        // while two builds shared the cores), not a timing claim.
        case .postgresql: try await StoreFactory.openPostgresStore(url: location, maxConnections: 6, connectTimeout: .seconds(60), logger: testLogger)
        }
    }

    /// A plain driver on this database, for statements the store does not offer.
    func driver() async throws -> any SQLDriver {
        switch engine {
        case .sqlite: try await SQLiteDriver.open(path: location, readers: 1, logger: testLogger)
        case .postgresql: PostgresDriver(configuration: try PostgresURL(location).connectionConfiguration(), maxConnections: 2, logger: testLogger)
        }
    }

    private static func maintenance(_ url: String) throws -> PostgresDriver {
        PostgresDriver(configuration: try PostgresURL(url).connectionConfiguration(), maxConnections: 1, logger: testLogger)
    }

    /// Runs `body` with a fresh database on `engine` and removes the database afterwards.
    static func with(_ engine: Engine, _ body: (TestDatabase) async throws -> Void) async throws {
        let name = "cs_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try await body(TestDatabase(engine: engine, location: folder.appendingPathComponent("countersign.sqlite").path))
        case .postgresql:
            guard let server = Engine.postgresURL else { throw StoreError.invalidConfiguration("no test PostgreSQL") }
            let admin = try maintenance(server)
            _ = try await admin.autocommit("CREATE DATABASE \(name)", [])
            var components = URLComponents(string: server)
            components?.path = "/" + name
            let location = components?.string ?? server
            do {
                try await body(TestDatabase(engine: engine, location: location))
            } catch {
                _ = try? await admin.autocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", [])
                await admin.shutdown()
                throw error
            }
            _ = try await admin.autocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", [])
            await admin.shutdown()
        }
    }
}

/// Runs `body` with one store on a fresh database; shuts it down afterwards.
func withStore(_ engine: Engine, _ body: (SQLStore, TestDatabase) async throws -> Void) async throws {
    try await TestDatabase.with(engine) { database in
        let store = try await database.open()
        do {
            try await body(store, database)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
