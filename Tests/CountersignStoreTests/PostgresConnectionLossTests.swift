import Foundation
import PostgresNIO
import Testing
@testable import CountersignStore

/// A PostgreSQL session the server ends (a restart, `pg_terminate_backend`, a failover): the store
/// fails clearly and reconnects by itself, and never waits for an answer that cannot come.
@Suite("PostgreSQL connection loss", .enabled(if: Engine.postgresURL != nil), .timeLimit(.minutes(1)))
struct PostgresConnectionLossTests {
    /// postgres-nio drops a query written to a closed channel and never answers it; without
    /// ConnectionWatch this test waits until its time limit.
    @Test("a query on a connection the server ended fails as unavailable instead of waiting for good")
    func queryAfterTheServerEndedTheSession() async throws {
        try await TestDatabase.with(.postgresql) { database in
            let configuration = try PostgresURL(database.location).connectionConfiguration()
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: testLogger)
            let session = PostgresSession(connection: connection, watch: ConnectionWatch(connection), logger: testLogger)
            await #expect(throws: StoreError.self) {
                _ = try await session.query("SELECT pg_terminate_backend(pg_backend_pid())", [])
            }
            try await connection.closeFuture.get()
            await #expect(throws: StoreError.unavailable("the PostgreSQL connection is closed")) {
                _ = try await session.query("SELECT 1", [])
            }
        }
    }

    @Test("a pooled connection the server ended is replaced on a later lease")
    func pooledConnectionReplaced() async throws {
        try await TestDatabase.with(.postgresql) { database in
            let configuration = try PostgresURL(database.location).connectionConfiguration()
            let driver = PostgresDriver(configuration: configuration, maxConnections: 1, logger: testLogger)
            let other = PostgresDriver(configuration: configuration, maxConnections: 1, logger: testLogger)
            let before = try await driver.autocommit("SELECT pg_backend_pid()", [])[0].int(0)
            _ = try await other.autocommit("SELECT pg_terminate_backend($1::int)", [.integer(before)])
            // The one slot's connection is gone; within a few leases (the close is noticed
            // asynchronously) a new session answers, from another backend.
            var after: Int64?
            for _ in 0..<50 where after == nil {
                after = try? await driver.autocommit("SELECT pg_backend_pid()", [])[0].int(0)
                if after == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(after != nil && after != before)
            await driver.shutdown()
            await other.shutdown()
        }
    }
}
