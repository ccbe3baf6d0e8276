import Countersign
import CountersignJSON
@testable import CountersignServer
@testable import CountersignStore
import CountersignTestSupport
import Foundation
import Testing

/// Deadlines take effect when they pass, not when someone next looks (`StatementDeadlines`): an
/// expiry is recorded, audited and mailed with no read of the statement; a time lock's end
/// approves the statement; passes racing each other and a vote record each transition once.
@Suite("Statement deadlines", .timeLimit(.minutes(4)))
struct StatementDeadlineTests {
    private static func configure(_ configuration: inout ServerConfiguration) {
        configuration.deadlinePollInterval = 0.1
    }

    /// The audit events `action` about `statement`, read from the store (which does not settle
    /// the statement as reading it through the API would; and the admin's signed requests carry
    /// the real time, which the advanced server clock would find too old).
    private static func events(_ server: TestServer, _ action: String, about statement: String) async throws -> [AuditEvent] {
        try await server.store.read { try await $0.auditEvents(subject: statement, actions: [action]) }
    }

    @Test(
        "an expiry is recorded by the server at the deadline, audited once and mailed to the creator and the named members, with no read",
        .enabled(if: MailSink.isAvailable, MailSink.unavailable), arguments: Engine.available)
    func expiryIsRecordedAndMailed(engine: Engine) async throws {
        try await MailSink.with { sink in
            let mail = MailTesting.configure(port: sink.port)
            try await TestServer.with(engine, configure: { mail(&$0); Self.configure(&$0) }) { server in
                let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
                let (alice, bob, carol) = (team[0], team[1], team[2])
                for member in team { try await MailNotificationTests.confirmAddress(member, "\(member.name)@example.org", sink) }
                let policy = """
                    {"threshold":2,"expiresAfter":"PT1H","signers":[{"member":"\(bob.id)","weight":1},{"member":"\(carol.id)","weight":1}]}
                    """
                let id = try await alice.createStatement("Renew the lease", policy: policy)
                try expectStatus(try await bob.vote(.approve, on: id), 201)
                // Before the deadline nothing is due: a pass finds nothing to settle.
                #expect(try await server.environment.services.statementDeadlines.settleDue() == 0)

                server.clock.advance(by: 3600)
                for name in ["alice", "bob", "carol"] {
                    let mail = try await sink.waitForMail(to: "\(name)@example.org", subject: "a statement was expired")
                    #expect(mail.body.contains("/statements/\(id)") && !mail.body.contains("Renew"), "\(mail.body)")
                }
                // Audit events reach the table once the log's sequencer has taken them.
                try await eventually("the audited expiry") { try await !Self.events(server, "statement.expired", about: id).isEmpty }
                let expired = try await Self.events(server, "statement.expired", about: id)
                #expect(expired.count == 1)
                #expect(expired.first?.actor == "server")
                // Once final, the statement is never due again.
                #expect(try await server.store.read { try await $0.dueStatements(at: server.environment.now + 86400, limit: 10) }.isEmpty)
                let stored = try await server.store.read { try await $0.statement(try StatementID(id)) }
                #expect(stored?.status.state == .expired && stored?.status.decidedAt == stored?.expiresAt)
            }
        }
    }

    @Test("the end of a time lock approves the statement on its own; racing passes record it exactly once", arguments: Engine.available)
    func timelockEndApproves(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Self.configure) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let recorder = try await EventRecorder(server, as: alice)
            let policy = #"{"threshold":1,"timelock":"PT10M","signers":[{"member":"\#(bob.id)","weight":1}]}"#
            let id = try await alice.createStatement("Rotate the signing certificate", policy: policy)
            try expectStatus(try await bob.vote(.approve, on: id), 201)
            #expect(try await bob.client.get("/api/statements/\(id)").object["state"] == "timelocked")

            server.clock.advance(by: 600)
            // Several passes at once beside the background one: the row lock lets one record it.
            let deadlines = server.environment.services.statementDeadlines
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await deadlines.settleDue() } }
                try await group.waitForAll()
            }
            try await eventually("the approval after the time lock") {
                try await Self.events(server, "statement.approved", about: id).count == 1
            }
            // Every event of this statement is sequenced by now (the approval is its last).
            let approved = try await Self.events(server, "statement.approved", about: id)
            #expect(approved.count == 1)
            #expect(approved.first?.actor == "server")
            #expect(approved.first?.details.objectValue?["from"] == "timelocked")
            // The live update reaches an open page without anyone reading the statement.
            try await eventually("the approval on alice's stream") {
                recorder.events("statement").contains { $0.contains("statement.approved") && $0.contains(id) }
            }
            recorder.stop()
        }
    }

    @Test("a statement that cannot be settled (its stored document spoiled) does not hold back the others due after it", arguments: Engine.available)
    func spoiledStatementDoesNotBlock(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Self.configure) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let early = try await alice.createStatement("Early", policy: #"{"threshold":1,"expiresAfter":"PT1H","signers":[{"member":"\#(bob.id)","weight":1}]}"#)
            let late = try await alice.createStatement("Late", policy: #"{"threshold":1,"expiresAfter":"PT2H","signers":[{"member":"\#(bob.id)","weight":1}]}"#)
            let store = try #require(server.store as? SQLStore)
            _ = try await store.driver.autocommit("UPDATE statements SET document = $1 WHERE id = $2", [.blob([0x7B]), .text(early)])

            server.clock.advance(by: 7200)
            try await eventually("the late statement expired past the spoiled one") {
                try await server.store.read { try await $0.statement(try StatementID(late)) }?.status.state == .expired
            }
            #expect(try await server.store.read { try await $0.statement(try StatementID(early)) }?.status.state == .pending)
        }
    }
}
