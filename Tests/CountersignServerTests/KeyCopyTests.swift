import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Encrypted key copies (issue 7): only the owner of a live, passkey-attested key stores, reads
/// or deletes its copy; sizes are strict; a revocation deletes the copy; and the ciphertext shows
/// up nowhere but in the owner's copy list.
@Suite("Key copies")
struct KeyCopyTests {
    @Test("The owner stores, replaces, lists and deletes a copy; each change is audited without the ciphertext", arguments: Engine.available)
    func lifecycle(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            #expect(try await alice.copies().isEmpty)
            let first = alice.copyBody()
            let stored = try await alice.putCopy(alice.kid, first)
            try expectStatus(stored, 201)
            #expect(stored.object["kid"]?.stringValue == alice.kid)
            #expect(stored.object["ciphertext"] == first["ciphertext"])
            #expect(stored.object["credentialId"]?.stringValue == alice.passkeyID)

            let second = alice.copyBody(ciphertext: 4096)
            try expectStatus(try await alice.putCopy(alice.kid, second), 201)
            let listed = try await alice.copies()
            #expect(listed.count == 1)
            for field in ["salt", "iv", "ciphertext", "alg", "kdf"] { #expect(listed.first?[field] == second[field], "\(field)") }

            let audit = try await auditEvents(alice.client, action: "key.copy_stored")
            #expect(audit.map(\.subject) == [alice.kid, alice.kid])
            #expect(audit.first?.details.objectValue?["credentialId"]?.stringValue == alice.passkeyID)

            // The ciphertext is nowhere else: key records, the JWK set, the audit log, events.
            let secrets = [first, second].compactMap { $0["ciphertext"]?.stringValue }
            for path in ["/api/keys", "/api/keys/\(alice.kid)", "/.well-known/jwks.json", "/api/audit?limit=1000", "/api/session"] {
                let reply = try await alice.client.get(path)
                #expect(reply.status == 200, "\(path): \(reply)")
                for secret in secrets { #expect(!reply.text.contains(secret), "\(path) shows a copy's ciphertext") }
            }
            let adminAudit = try await AdminClient(server: server).get("/api/admin/audit?limit=1000")
            for secret in secrets { #expect(!adminAudit.text.contains(secret)) }

            #expect(try await alice.client.delete("/api/keys/\(alice.kid)/copy").status == 204)
            #expect(try await alice.copies().isEmpty)
            expectError(try await alice.client.delete("/api/keys/\(alice.kid)/copy"), 404, "not_found")
            #expect(try await auditEvents(alice.client, action: "key.copy_deleted").map(\.subject) == [alice.kid])
        }
    }

    @Test("Another member can neither store, read nor delete my copy; a copy names my own passkey", arguments: Engine.available)
    func ownerOnly(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            try expectStatus(try await alice.putCopy(alice.kid, alice.copyBody()), 201)

            expectError(try await bob.putCopy(alice.kid, bob.copyBody()), 403, "key_of_another_member")
            expectError(try await bob.client.delete("/api/keys/\(alice.kid)/copy"), 403, "key_of_another_member")
            #expect(try await bob.copies().isEmpty)
            // Bob's own key cannot be sealed "by" Alice's passkey.
            expectError(try await bob.putCopy(bob.kid, bob.copyBody(credentialID: alice.authenticator.credentialID)), 400, "invalid_credential_id")
            expectError(try await bob.putCopy("no-such-kid", bob.copyBody()), 404, "not_found")
            expectError(try await bob.client.delete("/api/keys/no-such-kid/copy"), 404, "not_found")
            #expect(try await alice.copies().count == 1)
            #expect(try await auditEvents(alice.client, action: "key.refused").count >= 3)

            // Without a session, or across sites, nothing happens.
            let stranger = APIClient(baseURL: server.baseURL)
            expectError(try await stranger.get("/api/keys/copies"), 401, "unauthenticated")
            let crossSite = APIClient(baseURL: server.baseURL, origin: "https://evil.example")
            crossSite.setCookie(alice.client.cookie)
            expectError(try await crossSite.send(.PUT, "/api/keys/\(alice.kid)/copy", body: JCS.canonicalize(.object(alice.copyBody()))), 403, "origin_not_allowed")
            expectError(try await crossSite.delete("/api/keys/\(alice.kid)/copy"), 403, "origin_not_allowed")
            #expect(try await alice.copies().count == 1)
        }
    }

    @Test("Sizes, encodings, algorithms and fields are checked strictly", arguments: Engine.available)
    func strictBodies(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let cases: [(JSONObject, String)] = [
                (alice.copyBody(salt: 31), "invalid_salt"), (alice.copyBody(salt: 33), "invalid_salt"),
                (alice.copyBody(iv: 16), "invalid_iv"), (alice.copyBody(ciphertext: 16), "invalid_ciphertext"),
                (alice.copyBody(ciphertext: 4097), "invalid_ciphertext"),
                (alice.copyBody(setting: "salt", .string(Base64URL.encode([UInt8](repeating: 1, count: 32)) + "=")), "invalid_salt"),
                (alice.copyBody(setting: "iv", .string("AAAAAAAAAAAAAAA+")), "invalid_iv"),
                (alice.copyBody(setting: "alg", "A128GCM"), "unsupported_alg"),
                (alice.copyBody(setting: "kdf", "PBKDF2"), "unsupported_kdf"),
                (alice.copyBody(setting: "d", "secret"), "unknown_field"),
                (alice.copyBody(setting: "ciphertext", nil), "missing_field"),
            ]
            for (body, code) in cases {
                let reply = try await alice.putCopy(alice.kid, body)
                #expect(reply.status == 400 && reply.errorCode == code, "\(code): \(reply)")
            }
            #expect(try await alice.copies().isEmpty)
        }
    }

    @Test("A revoked or rotated key loses its copy and cannot get one; an admin-enrolled key never has one", arguments: Engine.available)
    func revocationDeletesCopy(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            try expectStatus(try await alice.putCopy(alice.kid, alice.copyBody()), 201)
            let next = try JWK.generate(for: .ed25519)
            try expectStatus(try await alice.rotate(to: next, replacing: alice.kid), 201)
            #expect(try await alice.copies().isEmpty, "rotation revoked the old key and its copy")
            expectError(try await alice.putCopy(alice.kid, alice.copyBody()), 409, "key_revoked")

            try expectStatus(try await alice.putCopy(next.thumbprint, alice.copyBody()), 201)
            try expectStatus(try await alice.revokeKey(next.thumbprint), 200)
            #expect(try await alice.copies().isEmpty, "revocation deleted the copy")
            let rows = try await server.store.read { try await $0.keyCopies(member: try MemberID(alice.id)) }
            #expect(rows.isEmpty)

            // A service member's key (enrolled by user token) has no passkey to seal a copy.
            let admin = AdminClient(server: server)
            let service = try #require(try await admin.post("/api/admin/members", ["name": "ledger", "roles": .array(["partner"])]).object["id"]?.stringValue)
            let key = try JWK.generate(for: .ed25519)
            try expectStatus(try await KeyEnrolment.enrol(server, token: try KeyEnrolment.token(member: service, key: key, adminKey: server.adminKey), key: key), 201)
            let body = alice.copyBody()
            expectError(try await MemberSigner(server: server, key: key).send(.PUT, "/api/keys/\(key.thumbprint)/copy", body), 403, "key_not_passkey_attested")
        }
    }
}
