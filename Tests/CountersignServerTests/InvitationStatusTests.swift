import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// POST /api/registration/status (issue 22): the invitation page says at once when an invitation
/// is used, expired or revoked; a wrong token learns nothing (one answer for every wrong token).
@Suite("Invitation status")
struct InvitationStatusTests {
    static func status(_ client: APIClient, _ token: String) async throws -> JSONObject {
        let reply = try await client.post("/api/registration/status", ["invite": .string(token)])
        try expectStatus(reply, 200)
        return reply.object
    }

    @Test("pending, used, revoked and expired invitations say so; a wrong token gets the same unknown answer", arguments: Engine.available)
    func states(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let anonymous = APIClient(baseURL: server.baseURL)

            let pending = try await admin.invite(name: "pat", roles: ["staff"])
            let fresh = try await Self.status(anonymous, pending.token)
            #expect(fresh["state"] == "pending" && fresh["recovery"] == false)
            #expect(fresh["expiresAt"]?.stringValue.flatMap(Timestamp.parse) != nil)
            #expect(Set(fresh.keys) == ["state", "expiresAt", "recovery"], "the answer tells more than the state: \(fresh)")

            // Used: the member registered with it.
            let used = try await admin.invite(name: "uma", roles: ["staff"])
            let uma = try TestMember(name: "uma", server: server)
            try await uma.register(invite: used.token)
            #expect(try await Self.status(anonymous, used.token)["state"] == "used")

            // Revoked by the admin.
            let revokedReply = try await admin.post("/api/admin/invitations", ["name": "rita", "roles": .array(["staff"])])
            try expectStatus(revokedReply, 201)
            let revokedID = try #require(revokedReply.object["id"]?.stringValue)
            let revokedToken = try #require(revokedReply.object["token"]?.stringValue)
            try expectStatus(try await admin.post("/api/admin/invitations/\(revokedID)/revoke", [:]), 200)
            #expect(try await Self.status(anonymous, revokedToken)["state"] == "revoked")

            // Wrong tokens: one answer, whatever they look like; nothing about anyone.
            let unknown: JSONObject = ["state": "unknown", "expiresAt": .null, "recovery": .null]
            // The pending token with its last character changed (to another that a 32-byte
            // base64url value can end with), so the wrong token never equals the real one.
            let altered = String(pending.token.dropLast()) + (pending.token.hasSuffix("A") ? "E" : "A")
            for token in [altered, "x", String(repeating: "a", count: 300), revokedID, used.member] {
                #expect(try await Self.status(anonymous, token) == unknown, "\(token)")
            }
            // Malformed requests are refused as every body is.
            expectError(try await anonymous.post("/api/registration/status", [:]), 400)
            expectError(try await anonymous.post("/api/registration/status", ["invite": .string(pending.token), "member": "x"]), 400)
            expectError(try await anonymous.post("/api/registration/status", ["invite": 1]), 400)

            // Expired: past the invitation's lifetime. The status changes nothing: still pending before.
            #expect(try await Self.status(anonymous, pending.token)["state"] == "pending")
            server.clock.advance(by: server.environment.configuration.invitationLifetime + 1)
            #expect(try await Self.status(anonymous, pending.token)["state"] == "expired")
        }
    }
}
