import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Attacks on the passkey ceremonies through the login routes: each tampered assertion is refused
/// with its WebAuthn code, no session is created, the passkey's counter is not moved, and the
/// refusal is audited.
@Suite("Attack: WebAuthn ceremonies")
struct WebAuthnAttacks {
    /// Begins a login, answers it with `tampering`, and checks the refusal changed nothing.
    static func expectLoginRefused(
        _ server: TestServer, _ alice: TestMember, tampering: SoftwareAuthenticator.Tampering, code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        alice.client.dropSession()
        let sessionsBefore = try await AdminClient(server: server).auditEvents("session.created").count
        let refusalsBefore = try await AdminClient(server: server).auditEvents("login.refused").count
        let (ceremony, options) = try await LoginTests.begin(alice.client)
        let forged = try alice.authenticator.assert(options: options, tampering: tampering)
        let refused = try await LoginTests.finish(alice.client, ceremony: ceremony, response: forged)
        expectError(refused, 400, code, sourceLocation: sourceLocation)
        #expect(refused.headers["Set-Cookie"].isEmpty, sourceLocation: sourceLocation)
        expectError(try await alice.client.get("/api/session"), 401, sourceLocation: sourceLocation)
        #expect(try await AdminClient(server: server).auditEvents("session.created").count == sessionsBefore, sourceLocation: sourceLocation)
        #expect(try await AdminClient(server: server).auditEvents("login.refused").count == refusalsBefore + 1, sourceLocation: sourceLocation)
    }

    @Test("An assertion made for another origin is refused", arguments: Engine.available)
    func originMismatch(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            for origin in ["https://evil.example", "http://countersign.test", "https://countersign.test:8443", "null"] {
                try await Self.expectLoginRefused(server, alice, tampering: .init(origin: origin), code: "webauthn_origin_not_allowed")
            }
            // The genuine passkey still logs in afterwards.
            try await alice.login()
        }
    }

    @Test("An assertion whose rpIdHash names another relying party is refused", arguments: Engine.available)
    func rpIDMismatch(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            for rpID in ["evil.example", "test", "sub.countersign.test"] {
                try await Self.expectLoginRefused(server, alice, tampering: .init(rpID: rpID), code: "webauthn_rp_id_mismatch")
            }
            try await alice.login()
        }
    }

    @Test("A signature counter that goes back (a cloned authenticator) is refused", arguments: Engine.available)
    func counterRegression(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            try await alice.login()
            try await alice.login()  // the stored counter is now 2
            for counter: UInt32 in [2, 1] {
                try await Self.expectLoginRefused(server, alice, tampering: .init(counter: counter), code: "webauthn_sign_count_not_increased")
            }
            try await alice.login()
        }
    }

    @Test("A client-chosen WebAuthn challenge is refused", arguments: Engine.available)
    func clientChosenChallenge(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            alice.client.dropSession()
            // The options route takes no challenge from the client...
            let chosen = Base64URL.encode([UInt8](repeating: 7, count: 32))
            expectError(try await alice.client.post("/api/login/options", ["challenge": .string(chosen)]), 400, "unknown_field")
            // ...and an assertion over a challenge of the client's choosing does not finish the
            // server's ceremony.
            let (ceremony, options) = try await LoginTests.begin(alice.client)
            let forged = try alice.authenticator.assert(options: options, challengeOverride: [UInt8](repeating: 7, count: 32))
            let refused = try await LoginTests.finish(alice.client, ceremony: ceremony, response: forged)
            expectError(refused, 400, "webauthn_challenge_mismatch")
            #expect(refused.headers["Set-Cookie"].isEmpty)
            #expect(try await AdminClient(server: server).auditEvents("session.created").isEmpty)
            #expect(try await AdminClient(server: server).auditEvents("login.refused").count == 1)
        }
    }

    @Test("A reused challenge (a ceremony finished twice) is refused", arguments: Engine.available)
    func ceremonyReuse(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let (ceremony, options) = try await LoginTests.begin(alice.client)
            try expectStatus(try await LoginTests.finish(alice.client, ceremony: ceremony, response: try alice.authenticator.assert(options: options)), 200)
            let again = try await LoginTests.finish(alice.client, ceremony: ceremony, response: try alice.authenticator.assert(options: options))
            expectError(again, 400, "ceremony_unknown")
            #expect(again.headers["Set-Cookie"].isEmpty)
            #expect(try await AdminClient(server: server).auditEvents("session.created").count == 1)
        }
    }

    @Test("A pending ceremony expires: refused after its lifetime, and swept from the store", arguments: Engine.available)
    func expiredCeremony(engine: Engine) async throws {
        try await TestServer.with(engine, configure: {
            $0.ceremonyLifetime = 60
            $0.housekeepingInterval = 0.2
        }) { server in
            let alice = try await registeredMember(server)
            let (ceremony, options) = try await LoginTests.begin(alice.client)
            server.clock.advance(by: 61)
            let late = try await LoginTests.finish(alice.client, ceremony: ceremony, response: try alice.authenticator.assert(options: options))
            expectError(late, 400, "ceremony_unknown")
            #expect(late.headers["Set-Cookie"].isEmpty)
            #expect(try await AdminClient(server: server).auditEvents("session.created").isEmpty)
            // Abandoned ceremonies do not pile up: the housekeeper deletes expired ones.
            for _ in 0..<5 { _ = try await LoginTests.begin(alice.client) }
            server.clock.advance(by: 61)
            try await eventually("the expired ceremonies are swept") { try await Self.expiredCeremonies(server) == 0 }
        }
    }

    @Test("An attestation challenge not bound to the key is refused: a ceremony begun for one key cannot attest another", arguments: Engine.available)
    func ceremonyForAnotherKey(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let announced = JSONValue.object(alice.signingKey.publicKey.jsonObject())
            let options = try await alice.client.post("/api/keys/attestation/options", ["jwk": announced])
            try expectStatus(options, 200)
            let other = JSONValue.object(try JWK.generate(for: .ed25519).publicKey.jsonObject())
            let response = try alice.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
            let reply = try await alice.client.post(
                "/api/keys", ["ceremony": try #require(options.object["ceremony"]), "jwk": other, "response": response])
            expectError(reply, 400, "attestation_key_mismatch")
            #expect(try await AuditLog.actions(alice.client).filter { $0 == "key.refused" }.count == 1)
            #expect(!(try await AuditLog.actions(alice.client).contains("key.attested")))
            let jwks = try await alice.client.get("/.well-known/jwks.json")
            #expect(jwks.object["keys"]?.arrayValue?.isEmpty == true)
        }
    }

    /// How many expired ceremonies the store still holds, counted by deleting them in a
    /// transaction that is then rolled back (so the count itself sweeps nothing).
    static func expiredCeremonies(_ server: TestServer) async throws -> Int {
        struct RolledBack: Error { let count: Int }
        let now = server.clock.now
        do {
            try await server.store.write { tx -> Void in throw RolledBack(count: try await tx.deleteExpiredCeremonies(now: now)) }
        } catch let rolledBack as RolledBack {
            return rolledBack.count
        }
        return 0
    }
}
