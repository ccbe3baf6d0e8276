import Countersign
import CountersignJSON
@testable import CountersignServer
import CountersignStore
import CountersignTestSupport
import Foundation
import Testing

/// Issue 18.1: a second invitation must not add a passkey to an active account. An invitation
/// registers a member's first passkey only; using one ends the member's other pending
/// invitations; a member adds further passkeys themselves, asserted by one they have.
@Suite("Hole: a second invitation adds a passkey")
struct InvitationHoleTests {
    /// Registration options for `token` with a fresh passkey; the reply and the passkey.
    static func begin(_ server: TestServer, token: String) async throws -> (APIClient.Reply, TestMember) {
        let device = try TestMember(name: "second device", server: server)
        return (try await device.client.post("/api/registration/options", ["invite": .string(token)]), device)
    }

    @Test("Two invitations: after the first is used, the second is refused and audited", arguments: Engine.available)
    func secondInvitationRefused(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let first = try await admin.invite(name: "alice", roles: ["partner"])
            let secondReply = try await admin.post("/api/admin/invitations", ["member": .string(first.member)])
            try expectStatus(secondReply, 201)
            let second = try #require(secondReply.object["token"]?.stringValue)
            let third = try #require(try await admin.post("/api/admin/invitations", ["member": .string(first.member)]).object["token"]?.stringValue)

            // The third invitation's ceremony is begun before the first is used (a race).
            let (raced, racer) = try await Self.begin(server, token: third)
            try expectStatus(raced, 200)

            let alice = try TestMember(name: "alice", server: server)
            try await alice.register(invite: first.token)

            // The second invitation was ended by the first's use.
            let (late, _) = try await Self.begin(server, token: second)
            expectError(late, 403, "invitation_invalid")
            // The raced ceremony finishes after the first registration: its invitation was ended.
            let response = try racer.authenticator.register(options: try #require(raced.object["options"]?.objectValue))
            let verified = try await racer.client.post(
                "/api/registration/verify", ["ceremony": try #require(raced.object["ceremony"]), "response": response])
            expectError(verified, 403, "invitation_invalid")
            #expect(racer.client.cookie == nil, "no session for the refused registration")

            // An invitation still pending for an active member (left by a version before this rule)
            // registers nothing either.
            let legacyToken = "legacy-\(UUID().uuidString)"
            let now = Date()
            try await server.store.write { tx in
                try await tx.insertInvitation(InvitationRecord(
                    tokenHash: InvitationToken.hash(legacyToken), member: try MemberID(alice.id), createdAt: now,
                    expiresAt: now.addingTimeInterval(3600)))
            }
            let (legacy, _) = try await Self.begin(server, token: legacyToken)
            expectError(legacy, 403, "invitation_member_has_passkey")

            let passkeys = try await alice.client.get("/api/passkeys")
            #expect(passkeys.object["passkeys"]?.arrayValue?.count == 1)
            let refusals = try await admin.auditEvents("registration.refused")
            #expect(refusals.contains { $0["details"]?.objectValue?["code"] == "invitation_member_has_passkey" }, "\(refusals)")
            #expect(refusals.filter { $0["details"]?.objectValue?["code"] == "invitation_invalid" }.count == 2, "\(refusals)")
            #expect(try await admin.auditEvents("invitation.ended").count == 2)
        }
    }

    @Test("A member adds a passkey with an assertion by one they have; another member's passkey cannot assert it", arguments: Engine.available)
    func memberAddsPasskey(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            // Bob's passkey cannot vouch for a passkey on Alice's account.
            let stranger = SoftwareAuthenticator(origin: TestServer.origin)
            expectError(try await alice.addPasskey(stranger, asserting: bob.authenticator), 403, "passkey_of_another_member")
            // Without a session or signature, nothing.
            expectError(try await APIClient(baseURL: server.baseURL).post("/api/passkeys/add/options"), 401)

            let spare = try await alice.addPasskey(on: server)
            let listed = try await alice.client.get("/api/passkeys")
            #expect(listed.object["passkeys"]?.arrayValue?.count == 2)
            // The new passkey signs in.
            let device = APIClient(baseURL: server.baseURL)
            let options = try await device.post("/api/login/options")
            let assertion = try spare.assert(options: try #require(options.object["options"]?.objectValue))
            try expectStatus(try await device.post("/api/login/verify", ["ceremony": try #require(options.object["ceremony"]), "response": assertion]), 200)
            let added = try await AdminClient(server: server).auditEvents("passkey.added")
            #expect(added.count == 1)
            #expect(added.first?["details"]?.objectValue?["assertedBy"]?.stringValue == alice.passkeyID)
            #expect(try await AdminClient(server: server).auditEvents("passkey.add_refused").count == 1)
        }
    }
}
