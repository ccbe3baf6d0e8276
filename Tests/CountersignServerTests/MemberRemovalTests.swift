import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// A member who leaves (issue 8): removal is a scheduled operation; when it runs their keys are
/// revoked from that moment, passkeys and sessions go, logins, votes and signed requests are
/// refused (403 member_removed), and their past votes stay in evidence.
@Suite("Member removal", .timeLimit(.minutes(3)))
struct MemberRemovalTests {
    @Test("Removal revokes keys; past votes stay in evidence; new logins, votes and requests are refused", arguments: Engine.available)
    func removal(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let policy = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#
            let before = try await bob.createStatement("Before", policy: policy)
            try expectStatus(try await alice.vote(.approve, on: before), 201)
            try expectStatus(try await bob.vote(.approve, on: before), 201)
            let open = try await bob.createStatement("Open", policy: policy)
            try expectStatus(try await alice.vote(.approve, on: open), 201)

            let removal = try await admin.schedule("/api/admin/members/\(alice.id)/remove")
            #expect(try await alice.pendingOperations() == [removal])
            server.clock.advance(by: Operations.delay + 1)
            let done = try await admin.waitForOperation(removal)
            #expect(done["result"]?.objectValue?["keys"] == .array([.string(alice.kid)]))

            let member = try await admin.get("/api/admin/members/\(alice.id)")
            #expect(member.object["status"] == "removed")
            #expect(member.object["keys"]?.arrayValue?.first?.objectValue?["revokedAt"]?.stringValue != nil)
            expectError(try await alice.client.get("/api/statements"), 401)
            let options = try await alice.client.post("/api/login/options")
            let assertion = try alice.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
            let login = try await alice.client.post("/api/login/verify", ["ceremony": try #require(options.object["ceremony"]), "response": assertion])
            expectError(login, 403, "member_removed")
            expectError(try await MemberSigner(server: server, key: alice.signingKey).send(.GET, "/api/statements"), 403, "member_removed")
            #expect(try await admin.auditEvents("request.refused").contains { $0["details"]?.objectValue?["code"] == "member_removed" })
            #expect(try await admin.auditEvents("login.refused").contains { $0["details"]?.objectValue?["code"] == "member_removed" })
            expectError(try await admin.post("/api/admin/members/\(alice.id)/remove", [:]), 409, "member_removed")
            expectError(try await admin.post("/api/admin/members/\(alice.id)/recover", [:]), 409, "member_removed")

            // The undecided statement keeps the vote received before the removal, marked with the
            // key's revocation; bob's approval still completes it.
            let view = try await bob.view(open)
            let vote = try #require(view["votes"]?.arrayValue?.compactMap(\.objectValue).first { $0["member"] == .string(alice.id) })
            #expect(vote["keyRevokedAt"]?.stringValue == done["result"]?.objectValue?["revokedAt"]?.stringValue)
            try expectStatus(try await bob.vote(.approve, on: open), 201)
            #expect(try await bob.view(open)["state"] == "approved")

            // The earlier approval still counts and its evidence verifies offline.
            #expect(try await bob.view(before)["state"] == "approved")
            let evidence = try await bob.client.get("/api/statements/\(before)/evidence")
            try expectStatus(evidence, 200)
            let report = try await OfflineVerification.verify(bundle: evidence.body, server: server)
            #expect(report.exitCode == 0, "countersign verify: \(report.output)")
            #expect(try await auditEvents(bob.client, action: "member.removed").count == 1)
        }
    }
}
