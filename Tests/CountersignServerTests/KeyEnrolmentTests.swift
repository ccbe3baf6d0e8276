import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Keys enrolled by the admin's user token (docs/http-signatures.md, the Sigpair model): POST /api/keys/enrol
/// with a token signed by the ADMIN_KEY, refused with any other key, and refused by policies that
/// demand passkey-attested keys.
@Suite("Key enrolment by user token")
struct KeyEnrolmentTests {
    @Test("A user token enrols an Ed25519 key for an invited member", arguments: Engine.available)
    func enrolWithToken(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let invitation = try await AdminClient(server: server).invite(name: "build-bot", roles: ["service"])
            let key = try JWK.generate(for: .ed25519)
            let reply = try await KeyEnrolment.enrol(server, token: try KeyEnrolment.token(member: invitation.member, key: key, adminKey: server.adminKey), key: key)
            try expectStatus(reply, 201)
            #expect(reply.object["kid"]?.stringValue == key.thumbprint)
            #expect(reply.object["member"]?.stringValue == invitation.member)
            #expect(reply.object["method"]?.stringValue == "admin-token")
            let record = try KeyAttestationRecord(json: try #require(reply.object["attestation"]))
            #expect(try record.verify(adminKey: server.adminKey) == .verified)
        }
    }

    @Test("A user token signed with another key is refused 401", arguments: Engine.available)
    func forgedToken(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let invitation = try await AdminClient(server: server).invite(name: "build-bot", roles: ["service"])
            let key = try JWK.generate(for: .ed25519)
            let forged = try KeyEnrolment.token(member: invitation.member, key: key, adminKey: Array(repeating: 0x42, count: 32))
            expectError(try await KeyEnrolment.enrol(server, token: forged, key: key), 401)
            let jwks = try await APIClient(baseURL: server.baseURL).get("/.well-known/jwks.json")
            #expect(jwks.object["keys"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("A policy demanding passkey attestation refuses a vote with an admin-enrolled key", arguments: Engine.available)
    func passkeyPolicyRefusesEnrolledKey(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let cliKey = try JWK.generate(for: .ed25519)
            // Bob has a passkey: the enrolment is scheduled (202), with no delay in this server.
            try expectStatus(try await KeyEnrolment.enrol(server, token: try KeyEnrolment.token(member: bob.id, key: cliKey, adminKey: server.adminKey), key: cliKey), 202)
            let id = try await alice.createStatement(
                policy: #"{"threshold":1,"signers":[{"role":"partner","weight":1}],"keyAttestation":"passkey"}"#)
            expectError(try await bob.vote(.approve, on: id, key: cliKey), 422, "vote_key_not_passkey")
            #expect(try await alice.view(id)["weight"] == 0)
            // The same member's passkey-attested key counts.
            let approved = try await bob.vote(.approve, on: id)
            try expectStatus(approved, 201)
            #expect(approved.object["state"] == "approved")
        }
    }

    @Test("An expired user token, or one for another public key, is refused and enrols nothing", arguments: Engine.available)
    func expiredAndMismatchedTokens(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let member = try #require(try await AdminClient(server: server).post("/api/admin/members", ["name": "ci"]).object["id"]?.stringValue)
            let key = try JWK.generate(for: .ed25519)
            let raw = try #require(key.publicKey.jsonObject()["x"]?.base64URLBytes)
            let longAgo = Date().addingTimeInterval(-7200)
            let expired = try UserToken(userID: member, issuedAt: longAgo, expiresAt: longAgo.addingTimeInterval(3600), publicKey: raw)
                .signed(adminKey: server.adminKey)
            expectError(try await KeyEnrolment.enrol(server, token: expired, key: key), 401)

            let other = try JWK.generate(for: .ed25519)
            let forOther = try KeyEnrolment.token(member: member, key: other, adminKey: server.adminKey)
            expectError(try await KeyEnrolment.enrol(server, token: forOther, key: key), 400, "enrolment_key_mismatch")

            let jwks = try await APIClient(baseURL: server.baseURL).get("/.well-known/jwks.json")
            #expect(jwks.object["keys"]?.arrayValue?.isEmpty == true)
            let refused = try await AdminClient(server: server).get("/api/admin/audit")
            let actions = refused.object["events"]?.arrayValue?.compactMap { $0.objectValue?["action"]?.stringValue } ?? []
            #expect(actions.filter { $0 == "key.refused" }.count == 2)
        }
    }

    @Test("A service member created by the admin becomes active with its enrolled key and signs requests", arguments: Engine.available)
    func serviceMember(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let member = try #require(try await admin.post("/api/admin/members", ["name": "ledger", "roles": .array(["bank"])]).object["id"]?.stringValue)
            let key = try JWK.generate(for: .ed25519)
            let signer = MemberSigner(server: server, key: key)
            try expectStatus(try await KeyEnrolment.enrol(server, token: try KeyEnrolment.token(member: member, key: key, adminKey: server.adminKey), key: key), 201)
            let shown = try await admin.get("/api/admin/members/\(member)")
            #expect(shown.object["status"] == "active")
            #expect(shown.object["keys"]?.arrayValue?.first?.objectValue?["method"] == "admin-token")
            let created = try await signer.send(.POST, "/api/statements", [
                "title": "Wire", "content": .object(["amount": 100]), "policy": .object(["threshold": 1, "signers": .array([.object(["role": "bank", "weight": 1])])]),
            ])
            try expectStatus(created, 201)
        }
    }
}
