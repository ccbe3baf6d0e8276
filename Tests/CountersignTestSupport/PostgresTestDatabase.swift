import Foundation
import Logging
import PostgresNIO

/// A throwaway PostgreSQL database on the server the test command started
/// (COUNTERSIGN_TEST_POSTGRES_URL), created per test and dropped afterwards.
package struct PostgresTestDatabase: Sendable {
    package let name: String
    package let url: String

    package static var serverURL: String? {
        let value = ProcessInfo.processInfo.environment["COUNTERSIGN_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    package static func create() async throws -> PostgresTestDatabase {
        guard let serverURL, var components = URLComponents(string: serverURL) else {
            throw TestServerFailure("COUNTERSIGN_TEST_POSTGRES_URL is not set")
        }
        let name = "cs_server_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await maintenance("CREATE DATABASE \(name)")
        components.path = "/" + name
        guard let url = components.string else { throw TestServerFailure("cannot build a database URL") }
        return PostgresTestDatabase(name: String(name), url: url)
    }

    package func drop() async {
        try? await Self.maintenance("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one statement on the server's maintenance database.
    package static func maintenance(_ sql: String) async throws {
        guard let serverURL, let components = URLComponents(string: serverURL), let host = components.host else {
            throw TestServerFailure("COUNTERSIGN_TEST_POSTGRES_URL is not a URL")
        }
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres", password: components.password,
            database: String(components.path.dropFirst()).isEmpty ? "postgres" : String(components.path.dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "test-postgres"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test-postgres"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
