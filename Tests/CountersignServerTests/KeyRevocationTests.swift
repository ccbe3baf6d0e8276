import Countersign
import CountersignClient
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Self-service key revocation (issue 8): a passkey assertion over a purpose-bound ceremony, or,
/// for a key the admin enrolled, a request that key signs. Votes are judged by the key's status
/// when they were received, and evidence of earlier approvals still verifies offline.
@Suite("Key revocation")
struct KeyRevocationTests {
    static let twoPartners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    @Test("A revoked key's earlier vote still counts, a later vote is refused, evidence verifies offline", arguments: Engine.available)
    func revokeByPasskey(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let earlier = try await alice.createStatement(policy: Self.twoPartners)
            try expectStatus(try await alice.vote(.approve, on: earlier), 201)

            let revoked = try await alice.revokeKey(alice.kid)
            try expectStatus(revoked, 200)
            let revokedAt = try #require(revoked.object["revokedAt"]?.stringValue)
            expectError(try await alice.revokeKey(alice.kid), 409, "key_revoked")

            // The earlier vote still counts, and the statement says its key was revoked later.
            let view = try await alice.view(earlier)
            #expect(view["state"]?.stringValue == "pending")
            #expect(view["weight"]?.integerValue == 1)
            let vote = try #require(view["votes"]?.arrayValue?.first?.objectValue)
            #expect(vote["keyRevokedAt"]?.stringValue == revokedAt)
            try expectStatus(try await bob.vote(.approve, on: earlier), 201)
            #expect(try await alice.view(earlier)["state"]?.stringValue == "approved")

            // A later vote with the revoked key is refused and audited; so is a signed request.
            let later = try await bob.createStatement(policy: Self.twoPartners)
            expectError(try await alice.vote(.approve, on: later), 422, "vote_key_revoked")
            let refusals = try await auditEvents(alice.client, action: "vote.refused")
            #expect(refusals.contains { $0.subject == later && $0.details.objectValue?["code"]?.stringValue == "vote_key_revoked" })
            expectError(try await MemberSigner(server: server, key: alice.signingKey).send(.GET, "/api/statements"), 401, "member_unauthenticated")

            let events = try await auditEvents(alice.client, action: "key.revoked")
            #expect(events.map(\.subject) == [alice.kid])
            #expect(events.first?.details.objectValue?["by"]?.stringValue == "passkey")
            #expect(events.first?.details.objectValue?["credentialId"]?.stringValue == alice.passkeyID)

            // The evidence of the approval verifies offline and shows the revocation.
            let evidence = try await bob.client.get("/api/statements/\(earlier)/evidence")
            try expectStatus(evidence, 200)
            let keys = try #require(evidence.object["keys"]?.arrayValue).compactMap(\.objectValue)
            let aliceKey = try #require(keys.first { $0["jwk"]?.objectValue?["kid"]?.stringValue == alice.kid || $0["member"]?.stringValue == alice.id })
            #expect(aliceKey["revokedAt"]?.stringValue == revokedAt)
            let report = try await OfflineVerification.verify(bundle: evidence.body, server: server)
            #expect(report.exitCode == 0, "countersign verify: \(report.output)")
        }
    }

    @Test("Unknown, foreign, wrong and spent ceremonies are refused", arguments: Engine.available)
    func ceremonyRefusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            expectError(try await alice.client.post("/api/keys/\(bob.kid)/revoke/options"), 403, "key_of_another_member")
            expectError(try await alice.client.post("/api/keys/no-such-kid/revoke/options"), 404, "not_found")
            expectError(try await alice.client.post("/api/keys/\(alice.kid)/revoke"), 400, "passkey_required")

            // A ceremony that was never answered (cancelled in the browser) cannot be replaced by
            // a login ceremony, nor by a revocation ceremony for another target.
            let cancelled = try await alice.client.post("/api/keys/\(alice.kid)/revoke/options")
            try expectStatus(cancelled, 200)
            #expect(cancelled.object["options"]?.objectValue?["userVerification"]?.stringValue == "required")
            let login = try await alice.client.post("/api/login/options")
            let loginAssertion = try alice.authenticator.assert(options: try #require(login.object["options"]?.objectValue))
            expectError(try await alice.client.post(
                "/api/keys/\(alice.kid)/revoke", ["ceremony": try #require(login.object["ceremony"]), "response": loginAssertion]), 400, "ceremony_unknown")
            let other = try await alice.client.post("/api/passkeys/\(alice.passkeyID)/revoke/options")
            try expectStatus(other, 200)
            let otherAssertion = try alice.authenticator.assert(options: try #require(other.object["options"]?.objectValue))
            expectError(try await alice.client.post(
                "/api/keys/\(alice.kid)/revoke", ["ceremony": try #require(other.object["ceremony"]), "response": otherAssertion]), 400, "ceremony_mismatch")
            // Bob's passkey cannot answer Alice's ceremony.
            let options = try await alice.client.post("/api/keys/\(alice.kid)/revoke/options")
            let bobs = try bob.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
            let foreign = try await alice.client.post("/api/keys/\(alice.kid)/revoke", ["ceremony": try #require(options.object["ceremony"]), "response": bobs])
            #expect(foreign.status == 400 || foreign.status == 403, "\(foreign)")

            #expect(try await alice.client.get("/api/keys/\(alice.kid)").object["revokedAt"] == .null)
            #expect(try await auditEvents(alice.client, action: "key.refused").count >= 3)
            #expect(try await auditEvents(alice.client, action: "key.revoked").isEmpty)
        }
    }

    @Test("A service member revokes its admin-token key by a request that key signs", arguments: Engine.available)
    func serviceMemberRevokesBySignature(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let member = try #require(try await admin.post("/api/admin/members", ["name": "ledger", "roles": .array(["partner"])]).object["id"]?.stringValue)
            let key = try JWK.generate(for: .ed25519)
            let token = try KeyEnrolment.token(member: member, key: key, adminKey: server.adminKey)
            try expectStatus(try await KeyEnrolment.enrol(server, token: token, key: key), 201)
            let client = CountersignClient(server: server.baseURL, credentials: .member(key: key))
            #expect(try await client.keys().map(\.kid) == [key.thumbprint])

            let signer = MemberSigner(server: server, key: key)
            expectError(try await signer.send(.POST, "/api/keys/\(key.thumbprint)/revoke/options"), 409, "no_passkey")
            let revoked = try await client.revokeOwnKey(key.thumbprint)
            #expect(revoked.revokedAt != nil)
            expectError(try await signer.send(.GET, "/api/keys"), 401, "member_unauthenticated")
            let audit = try await admin.get("/api/admin/audit?limit=1000")
            try expectStatus(audit, 200)
            let events = try #require(audit.object["events"]?.arrayValue).compactMap(\.objectValue)
                .filter { $0["action"]?.stringValue == "key.revoked" && $0["subject"]?.stringValue == key.thumbprint }
            #expect(events.count == 1)
            #expect(events.first?["details"]?.objectValue?["by"]?.stringValue == "key-signature")
        }
    }

    @Test("A passkey-attested key cannot revoke itself by signature; it needs the passkey", arguments: Engine.available)
    func attestedKeyNeedsPasskey(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let signer = MemberSigner(server: server, key: alice.signingKey)
            expectError(try await signer.send(.POST, "/api/keys/\(alice.kid)/revoke"), 403, "passkey_required")
            #expect(try await alice.client.get("/api/keys/\(alice.kid)").object["revokedAt"] == .null)
        }
    }

    @Test("Votes racing the revocation of their key are either received before it or refused", arguments: Engine.available)
    func votesRacingRevocation(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            var statements: [String] = []
            for index in 0..<6 { statements.append(try await alice.createStatement("Race \(index)", policy: KeyRotationTests.onePartner)) }
            let documents = try await withThrowingTaskGroup(of: (String, [UInt8], String).self) { group in
                for id in statements { group.addTask { let (payload, digest) = try await alice.document(of: id); return (id, payload, digest) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (id, payload, digest) in documents {
                    let entry = try alice.signature(.approve, statement: id, payload: payload, digest: digest)
                    group.addTask { try await alice.submit(.approve, entry, on: id).status }
                }
                group.addTask { try await alice.revokeKey(alice.kid).status == 200 ? 0 : -1 }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.contains(0), "the revocation succeeded")
            #expect(statuses.filter { $0 != 0 }.allSatisfy { $0 == 201 || $0 == 422 }, "\(statuses)")
            let key = try await alice.client.get("/api/keys/\(alice.kid)")
            let revokedAt = try #require(key.object["revokedAt"]?.stringValue.flatMap(Timestamp.parse))
            for id in statements {
                for vote in try await alice.view(id)["votes"]?.arrayValue ?? [] {
                    let received = try #require(vote.objectValue?["receivedAt"]?.stringValue.flatMap(Timestamp.parse))
                    #expect(received < revokedAt, "a vote counted with the key was received before its revocation")
                }
            }
        }
    }
}
