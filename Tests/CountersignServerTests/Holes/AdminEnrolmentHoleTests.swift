import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Issue 18.2: a user token (the ADMIN_KEY) must not give anyone a key that votes as a passkey
/// member at once. For a member with a passkey, enrolment is a scheduled operation: announced,
/// cancellable with the member's passkey, the key valid only from the due time or from the
/// member's confirmation. Members without a passkey keep immediate enrolment; removed and
/// suspended members cannot enrol.
@Suite("Hole: a user token enrols a key for a passkey member at once", .timeLimit(.minutes(4)))
struct AdminEnrolmentHoleTests {
    static let onePartner = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("The key waits for the delay, is announced, and votes only once the member confirms it", arguments: Engine.available)
    func confirmedByPasskey(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let statement = try await bob.createStatement(policy: Self.onePartner)
            let (reply, key) = try await KeyEnrolment.enrol(server, for: alice.id)
            try expectStatus(reply, 202)
            let operation = try #require(reply.object["operation"]?.objectValue)
            let operationID = try #require(operation["id"]?.stringValue)
            #expect(operation["kind"] == "key.enrol" && operation["target"] == .string(key.thumbprint))
            let validFrom = try #require(reply.object["validFrom"]?.stringValue.flatMap(Timestamp.parse))
            #expect(validFrom.timeIntervalSince(server.clock.now) > Operations.delay - 5)

            // Not valid yet: neither a vote nor a signed request counts as Alice's.
            expectError(try await alice.vote(.approve, on: statement, key: key), 422, "vote_key_not_valid")
            expectError(try await MemberSigner(server: server, key: key).send(.GET, "/api/keys"), 401)
            #expect(try await alice.view(statement)["weight"] == 0)
            // Announced to Alice.
            #expect(try await alice.pendingOperations() == [operationID])
            let announced = try await AdminClient(server: server).auditEvents("operation.scheduled")
            #expect(announced.contains { $0["details"]?.objectValue?["audience"] == .array([.string(alice.id)]) })

            // Bob cannot confirm it; Alice can, with her passkey.
            expectError(try await bob.client.post("/api/operations/\(operationID)/confirm/options"), 404)
            let confirmed = try await Self.confirm(alice, operationID)
            try expectStatus(confirmed, 200)
            #expect(confirmed.object["state"] == "done")
            try expectStatus(try await alice.vote(.approve, on: statement, key: key), 201)
            try expectStatus(try await MemberSigner(server: server, key: key).send(.GET, "/api/keys"), 200)
            #expect(try await AdminClient(server: server).auditEvents("key.activated").count == 1)
        }
    }

    @Test("Cancelled by the member's passkey, the key never becomes valid", arguments: Engine.available)
    func cancelledByPasskey(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let (alice, bob, key, operationID) = try await Self.scheduledEnrolment(server)
            try expectStatus(try await alice.cancelOperation(operationID), 200)
            let record = try await alice.client.get("/api/keys/\(key.thumbprint)")
            #expect(record.object["revokedAt"]?.stringValue != nil)
            // Past the due time, still nothing.
            server.clock.advance(by: Operations.delay + 5)
            let statement = try await bob.createStatement(policy: Self.onePartner)
            expectError(try await alice.vote(.approve, on: statement, key: key), 422)
            expectError(try await MemberSigner(server: server, key: key).send(.GET, "/api/keys"), 401)
        }
    }

    @Test("Unconfirmed, the key is valid once the delay has passed", arguments: Engine.available)
    func validAfterDelay(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let (alice, bob, key, operationID) = try await Self.scheduledEnrolment(server)
            server.clock.advance(by: Operations.delay + 1)
            try await AdminClient(server: server).waitForOperation(operationID)
            let statement = try await bob.createStatement(policy: Self.onePartner)
            try expectStatus(try await alice.vote(.approve, on: statement, key: key), 201)
        }
    }

    @Test("Members without a passkey enrol at once; removed and suspended members cannot enrol", arguments: Engine.available)
    func serviceMembersAndStatuses(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let admin = AdminClient(server: server)
            let service = try #require(try await admin.post("/api/admin/members", ["name": "ledger", "roles": .array(["partner"])]).object["id"]?.stringValue)
            let (immediate, _) = try await KeyEnrolment.enrol(server, for: service)
            try expectStatus(immediate, 201)
            #expect(immediate.object["operation"] == .null)

            let suspended = try #require(try await admin.post("/api/admin/members", ["name": "paused", "roles": .array(["partner"])]).object["id"]?.stringValue)
            try expectStatus(try await admin.post("/api/admin/members/\(suspended)/suspend", [:]), 200)
            expectError(try await KeyEnrolment.enrol(server, for: suspended).0, 403, "member_suspended")

            let leaving = try await Team.join(server, name: "leaving", roles: ["partner"])
            let removal = try await admin.post("/api/admin/members/\(leaving.id)/remove", [:])
            try expectStatus(removal, 202)
            server.clock.advance(by: Operations.delay + 1)
            try await admin.waitForOperation(try #require(removal.object["id"]?.stringValue))
            expectError(try await KeyEnrolment.enrol(server, for: leaving.id).0, 403, "member_removed")
        }
    }

    /// Alice and Bob, partners with passkeys, and a key the admin enrolled for Alice: the key and
    /// the id of the `key.enrol` operation it waits for.
    static func scheduledEnrolment(_ server: TestServer) async throws -> (TestMember, TestMember, JWK, String) {
        let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
        let (reply, key) = try await KeyEnrolment.enrol(server, for: team[0].id)
        try expectStatus(reply, 202)
        return (team[0], team[1], key, try #require(reply.object["operation"]?.objectValue?["id"]?.stringValue))
    }

    /// Confirms the operation with an assertion by the member's first passkey.
    static func confirm(_ member: TestMember, _ id: String) async throws -> APIClient.Reply {
        let options = try await member.client.post("/api/operations/\(id)/confirm/options")
        guard options.status == 200 else { return options }
        let response = try member.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
        return try await member.client.post("/api/operations/\(id)/confirm", ["ceremony": try #require(options.object["ceremony"]), "response": response])
    }
}
