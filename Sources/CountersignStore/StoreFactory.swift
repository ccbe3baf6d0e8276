import Foundation
import Logging

/// Opens the configured store and brings its schema up to date.
public enum StoreFactory {
    /// Opens the store named by `databaseURL`: SQLite at `dataDirectory/countersign.sqlite` when it is
    /// nil or empty (the folder is created if needed), PostgreSQL for `postgres://` and
    /// `postgresql://` URLs. Any other URL throws `StoreError.invalidConfiguration`. `groupCommit`
    /// (SQLite): concurrent write transactions share one transaction and one COMMIT (`GroupCommit`);
    /// PostgreSQL runs concurrent transactions on its pool's connections either way.
    public static func open(databaseURL: String?, dataDirectory: URL, groupCommit: Bool = true, logger: Logger) async throws -> any Store {
        let url = databaseURL?.trimmingCharacters(in: .whitespaces) ?? ""
        if url.isEmpty {
            do {
                try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.invalidConfiguration("cannot create data directory \(dataDirectory.path): \(error)")
            }
            return try await openSQLiteStore(
                path: dataDirectory.appendingPathComponent("countersign.sqlite").path, groupCommit: groupCommit, logger: logger)
        }
        return try await openPostgres(url: url, logger: logger)
    }

    /// Opens (creating if needed) an SQLite database file.
    public static func openSQLite(path: String, logger: Logger) async throws -> any Store {
        try await openSQLiteStore(path: path, logger: logger)
    }

    /// Opens a PostgreSQL database from a `postgres://user:password@host:port/database` URL
    /// (`?sslmode=disable|prefer|require`; default `disable` on loopback hosts, `require` elsewhere).
    /// `maxConnections` bounds the connection pool.
    public static func openPostgres(url: String, maxConnections: Int = 20, logger: Logger) async throws -> any Store {
        try await openPostgresStore(url: url, maxConnections: maxConnections, logger: logger)
    }

    static func openSQLiteStore(path: String, groupCommit: Bool = true, logger: Logger) async throws -> SQLStore {
        guard !path.isEmpty else { throw StoreError.invalidConfiguration("empty SQLite path") }
        return try await SQLStore.open(driver: try await SQLiteDriver.open(path: path, groupCommit: groupCommit, logger: logger), logger: logger)
    }

    /// Opening checks the database answers within `connectTimeout`, so a wrong URL fails at start
    /// rather than on the first request.
    static func openPostgresStore(
        url: String, maxConnections: Int = 20, connectTimeout: Duration = .seconds(10), logger: Logger
    ) async throws -> SQLStore {
        let parsed = try PostgresURL(url)
        let driver = PostgresDriver(
            configuration: try parsed.connectionConfiguration(), maxConnections: maxConnections,
            preparedStatements: parsed.preparedStatements, logger: logger)
        do {
            _ = try await withDeadline(connectTimeout, "no answer from PostgreSQL at \(parsed.host):\(parsed.port) within \(connectTimeout)") {
                try await driver.autocommit("SELECT 1", [])
            }
        } catch {
            await driver.shutdown()
            throw error
        }
        return try await SQLStore.open(driver: driver, logger: logger)
    }
}
