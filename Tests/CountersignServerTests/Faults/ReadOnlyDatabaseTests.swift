import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The database turns read-only under a running server (PostgreSQL: default_transaction_read_only
/// set on the database and the server's sessions cut, as a failover to a standby looks): writes are
/// refused with 503 storage_read_only and leave nothing behind, reads go on, and writes resume by
/// themselves once the database accepts them again.
/// Cutting the sessions while requests run is what once stranded requests for good (a query
/// written as its connection closed was never answered; see ConnectionWatch).
@Suite("Faults: read-only database", .serialized, .enabled(if: Engine.available.contains(.postgres)))
struct ReadOnlyDatabaseTests {
    @Test("PostgreSQL turned read-only: clear refusals, no partial write, reads go on, writes resume")
    func postgresReadOnly() async throws {
        try await TestServer.with(.postgres) { server in
            let database = try #require(server.database)
            let members = try await Team.make(server, names: ["ada", "bo"], roles: ["board"])
            let ledger = try await VoteLedger.prepare(members: members, statements: 2)
            var acknowledged: Set<String> = []
            try expectStatus(try #require(await ledger.ballots[0].submit()), 201)
            acknowledged.insert(ledger.ballots[0].key)
            let policy = #"{"threshold":2,"signers":[{"role":"board","weight":1}]}"#

            // The acknowledged vote's audit event is sequenced (the log's sequencer does it within
            // moments of the write; here at once, so that the read-only window does not fall between
            // the two: an event still pending then waits for writes to return, and is kept).
            _ = try await server.environment.log.integrate()
            try await Self.setReadOnly(database, true)
            // The first request may still meet a session being cut (store_unavailable); then the
            // refusals name the condition.
            try await eventually("writes refused as read-only") {
                let reply = try await members[0].client.post(
                    "/api/statements", ["title": .string("While read-only"), "content": .object(["n": 1]), "policy": try JSONParser().parse(Array(policy.utf8))])
                #expect(reply.status == 503, "\(reply)")
                return reply.errorCode == "storage_read_only"
            }
            expectUnavailable(await ledger.ballots[1].submit(), "storage_read_only")
            expectError(try await members[1].client.post(
                "/api/statements", ["title": .string("Again"), "content": .object(["n": 2]), "policy": try JSONParser().parse(Array(policy.utf8))]),
                503, "storage_read_only")

            // Reads go on, and show nothing of the refused writes.
            let reader = members[1].client
            let list = try await reader.get("/api/statements")
            try expectStatus(list, 200)
            #expect(try await AuditLog.actions(reader).filter { $0 == "statement.created" }.count == ledger.statements.count)
            try await ledger.verify(reader, acknowledged: acknowledged)

            // Writable again: the server's new sessions accept writes without a restart.
            try await Self.setReadOnly(database, false)
            try await eventually("writes accepted again") {
                let reply = await ledger.ballots[1].submit()
                return reply?.status == 201
            }
            acknowledged.insert(ledger.ballots[1].key)
            for ballot in ledger.ballots.dropFirst(2) {
                try expectStatus(try #require(await ballot.submit()), 201)
                acknowledged.insert(ballot.key)
            }
            _ = try await members[0].createStatement("After", policy: policy)
            let stored = try await ledger.verify(reader, acknowledged: acknowledged)
            #expect(stored.count == ledger.ballots.count)
            #expect(try await AuditLog.actions(reader).filter { $0 == "statement.created" }.count == ledger.statements.count + 1)
        }
    }

    /// Sets default_transaction_read_only on `database` and cuts its sessions so that the server's
    /// new ones get the setting, as a switch to a read-only standby does.
    static func setReadOnly(_ database: PostgresTestDatabase, _ readOnly: Bool) async throws {
        try await PostgresTestDatabase.maintenance("ALTER DATABASE \(database.name) SET default_transaction_read_only = \(readOnly ? "on" : "off")")
        try await PostgresTestDatabase.maintenance(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database.name)' AND pid <> pg_backend_pid()")
    }
}
