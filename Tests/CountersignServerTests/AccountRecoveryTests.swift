import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Account recovery (issue 8, docs/operations.md): the admin issues a recovery invitation; the member
/// registers a new passkey, which waits (login refused) for the recovery delay; any old passkey
/// can cancel; otherwise the new passkey becomes the only one, keys the old passkeys attested are
/// revoked from that moment, and evidence of earlier approvals still verifies offline.
@Suite("Account recovery", .timeLimit(.minutes(4)))
struct AccountRecoveryTests {
    static let twoPartners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    /// Starts a recovery of `member`: the operation id and the invitation token.
    static func start(_ admin: AdminClient, _ member: String) async throws -> (operation: String, token: String) {
        let reply = try await admin.post("/api/admin/members/\(member)/recover", [:])
        try expectStatus(reply, 202)
        let operation = try #require(reply.object["operation"]?.objectValue)
        #expect(operation["kind"] == "member.recover" && operation["state"] == "pending")
        #expect(operation["dueAt"] == .null, "a recovery waits for the registration")
        let invitation = try #require(reply.object["invitation"]?.objectValue)
        #expect(invitation["link"]?.stringValue?.contains("/invite#") == true)
        return (try #require(operation["id"]?.stringValue), try #require(invitation["token"]?.stringValue))
    }

    /// The lost-phone member on a new device: registers with the recovery token; the reply has
    /// the recovery and sets no session.
    static func registerNewDevice(
        _ server: TestServer, name: String, member: String, token: String, operation: String
    ) async throws -> TestMember {
        let device = try TestMember(name: name, server: server)
        let options = try await device.client.post("/api/registration/options", ["invite": .string(token)])
        try expectStatus(options, 200)
        let response = try device.authenticator.register(options: try #require(options.object["options"]?.objectValue))
        let verified = try await device.client.post(
            "/api/registration/verify", ["ceremony": try #require(options.object["ceremony"]), "response": response])
        try expectStatus(verified, 201)
        #expect(verified.object["member"]?.objectValue?["id"] == .string(member), "the recovered member, not a new one")
        #expect(verified.object["recovery"]?.objectValue?["operation"] == .string(operation))
        let due = try #require(verified.object["recovery"]?.objectValue?["dueAt"]?.stringValue.flatMap(Timestamp.parse))
        #expect(due.timeIntervalSince(server.clock.now) <= Operations.recoveryDelay)
        #expect(device.client.cookie == nil, "no session before the recovery runs")
        return device
    }

    /// A login attempt with `member`'s passkey; the verify reply.
    static func tryLogin(_ member: TestMember) async throws -> APIClient.Reply {
        let options = try await member.client.post("/api/login/options")
        try expectStatus(options, 200)
        let response = try member.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
        return try await member.client.post("/api/login/verify", ["ceremony": try #require(options.object["ceremony"]), "response": response])
    }

    @Test("Cancelled from an old passkey: the new passkey never logs in", arguments: Engine.available)
    func cancelledFromOldPasskey(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let admin = AdminClient(server: server)
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let (operation, token) = try await Self.start(admin, alice.id)
            expectError(try await admin.post("/api/admin/members/\(alice.id)/recover", [:]), 409, "operation_pending")
            let thief = try await Self.registerNewDevice(server, name: "mallory", member: alice.id, token: token, operation: operation)
            expectError(try await Self.tryLogin(thief), 403, "passkey_pending_recovery")
            #expect(try await admin.operation(operation)["dueAt"]?.stringValue != nil)

            // The real Alice sees the recovery and cancels it with her old passkey.
            #expect(try await alice.pendingOperations() == [operation])
            let listed = try #require(try await alice.client.get("/api/passkeys").object["passkeys"]?.arrayValue).compactMap(\.objectValue)
            #expect(listed.first { $0["id"]?.stringValue == Base64URL.encode(thief.authenticator.credentialID) }?["pendingRecovery"] == .string(operation))
            let cancelled = try await alice.cancelOperation(operation)
            try expectStatus(cancelled, 200)
            server.clock.advance(by: Operations.recoveryDelay + 1)
            #expect(try await admin.operation(operation)["state"] == "cancelled")
            expectError(try await Self.tryLogin(thief), 400, "passkey_unknown")
            try await alice.login()
            #expect(try await alice.client.get("/api/keys/\(alice.kid)").object["revokedAt"] == .null)
            let actions = try await AuditLog.actions(alice.client)
            #expect(actions.contains("member.recovery_started") && actions.contains("member.recovery_registered"))
            #expect(!actions.contains("member.recovered"))
        }
    }

    @Test("Completed: the new passkey logs in and approves with a new key; the old key is refused; old evidence verifies", arguments: Engine.available)
    func completed(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let before = try await bob.createStatement("Before the loss", policy: Self.twoPartners)
            try expectStatus(try await alice.vote(.approve, on: before), 201)
            try expectStatus(try await bob.vote(.approve, on: before), 201)

            let (operation, token) = try await Self.start(admin, alice.id)
            let device = try await Self.registerNewDevice(server, name: "alice", member: alice.id, token: token, operation: operation)
            expectError(try await Self.tryLogin(device), 403, "passkey_pending_recovery")

            server.clock.advance(by: Operations.recoveryDelay + 1)
            let done = try await admin.waitForOperation(operation)
            #expect(done["result"]?.objectValue?["keys"] == .array([.string(alice.kid)]))

            // Old session ended, old passkey gone; the new passkey logs in and attests a new key.
            expectError(try await alice.client.get("/api/keys"), 401)
            expectError(try await Self.tryLogin(alice), 400, "passkey_unknown")
            try await device.login()
            try expectStatus(try await device.attestKey(), 201)
            let passkeys = try #require(try await device.client.get("/api/passkeys").object["passkeys"]?.arrayValue).compactMap(\.objectValue)
            #expect(passkeys.filter { $0["revokedAt"] == .null }.map { $0["id"]?.stringValue } == [Base64URL.encode(device.authenticator.credentialID)])

            let after = try await bob.createStatement("After the recovery", policy: Self.twoPartners)
            expectError(try await device.vote(.approve, on: after, key: alice.signingKey), 422, "vote_key_revoked")
            try expectStatus(try await device.vote(.approve, on: after), 201)
            try expectStatus(try await bob.vote(.approve, on: after), 201)
            #expect(try await bob.view(after)["state"] == "approved")

            // The evidence of the earlier approval verifies offline and shows the revocation.
            let evidence = try await bob.client.get("/api/statements/\(before)/evidence")
            try expectStatus(evidence, 200)
            let keys = try #require(evidence.object["keys"]?.arrayValue).compactMap(\.objectValue)
            let old = try #require(keys.first { $0["jwk"]?.objectValue?["kid"]?.stringValue == alice.kid })
            #expect(old["revokedAt"]?.stringValue == done["result"]?.objectValue?["revokedAt"]?.stringValue)
            let report = try await OfflineVerification.verify(bundle: evidence.body, server: server)
            #expect(report.exitCode == 0, "countersign verify: \(report.output)")
            #expect(try await auditEvents(bob.client, action: "member.recovered").count == 1)
        }
    }
}
