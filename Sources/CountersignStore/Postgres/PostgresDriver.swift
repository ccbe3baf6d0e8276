import Foundation
import Logging
import PostgresNIO

/// PostgreSQL through postgres-nio's `PostgresClient` and its connection pool. The client runs in a
/// task this driver owns (`client.run()`), cancelled by `shutdown`.
final class PostgresDriver: SQLDriver {
    let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.runner = Task { await client.run() }
        self.logger = logger
    }

    func transaction<T: Sendable>(write: Bool, _ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        let begin = write ? dialect.beginWrite : dialect.beginRead
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                do {
                    return try await PostgresSession(connection: connection, logger: logger).inTransaction(begin: begin, logger: logger, body)
                } catch {
                    // Already a StoreError, or the body's own error: not the pool's to translate.
                    throw PassThrough(error: error)
                }
            }
        } catch let passThrough as PassThrough {
            throw passThrough.error
        } catch {
            throw PostgresSession.translate(error)
        }
    }

    /// Carries an error out of the lease unchanged.
    private struct PassThrough: Error {
        let error: any Error
    }

    func autocommit(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await PostgresSession(connection: connection, logger: logger).query(sql, binds)
            }
        } catch {
            throw PostgresSession.translate(error)
        }
    }

    func shutdown() async {
        runner.cancel()
        await runner.value
    }
}
