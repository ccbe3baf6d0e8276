import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Issue 18.4: step-up accepts only a passkey that is live for the member (not waiting for a
/// recovery, not revoked), from any configured origin, and checks and advances its counter like
/// a login; evidence carries the passkeys step-ups used, so a step-up by a second passkey
/// verifies offline.
@Suite("Hole: step-up by a passkey waiting for recovery", .timeLimit(.minutes(4)))
struct StepUpHoleTests {
    static let stepUp = #"{"threshold":1,"signers":[{"role":"partner","weight":1}],"stepUp":true}"#
    static let secondOrigin = "https://app.countersign.test"

    @Test("A passkey registered by a pending recovery does not satisfy step-up", arguments: Engine.available)
    func pendingRecoveryPasskeyRefused(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let (operation, token) = try await AccountRecoveryTests.start(admin, alice.id)
            let device = try await AccountRecoveryTests.registerNewDevice(server, name: "thief", member: alice.id, token: token, operation: operation)
            let id = try await bob.createStatement(policy: Self.stepUp)
            let entry = try await alice.stepUpSignature(.approve, on: id, passkey: device.authenticator)
            expectError(try await alice.submit(.approve, entry, on: id), 422, "vote_step_up_invalid")
            #expect(try await alice.view(id)["weight"] == 0)
            // The member's live passkey does.
            try expectStatus(try await alice.submit(.approve, try await alice.stepUpSignature(.approve, on: id), on: id), 201)
        }
    }

    @Test("A step-up from the second configured origin is accepted; a counter that does not grow is refused", arguments: Engine.available)
    func originsAndCounter(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.origins = [TestServer.origin, Self.secondOrigin] }) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (team[0], team[1], team[2])
            let first = try await carol.createStatement(policy: Self.stepUp)
            let second = try await carol.createStatement("Another", policy: Self.stepUp)
            // The authenticator's counter has grown with every assertion so far; 1 is behind it.
            let cloned = try await bob.stepUpSignature(.approve, on: first, tampering: .init(counter: 1))
            expectError(try await bob.submit(.approve, cloned, on: first), 422, "vote_step_up_invalid")
            let fromApp = try await alice.stepUpSignature(.approve, on: first, tampering: .init(origin: Self.secondOrigin))
            try expectStatus(try await alice.submit(.approve, fromApp, on: first), 201)
            // The counter the step-up reported was stored: an assertion replaying it is refused.
            let replayed = try await alice.stepUpSignature(.approve, on: second, tampering: .init(counter: alice.authenticator.counter))
            expectError(try await alice.submit(.approve, replayed, on: second), 422, "vote_step_up_invalid")
        }
    }

    @Test("A step-up by the member's second passkey verifies offline from the evidence bundle", arguments: Engine.available)
    func secondPasskeyInEvidence(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let spare = try await alice.addPasskey(on: server)
            let id = try await bob.createStatement(policy: Self.stepUp)
            try expectStatus(try await alice.submit(.approve, try await alice.stepUpSignature(.approve, on: id, passkey: spare), on: id), 201)
            let reply = try await alice.client.get("/api/statements/\(id)/evidence")
            try expectStatus(reply, 200)
            let passkeys = try #require(reply.object["passkeys"]?.arrayValue)
            #expect(passkeys.compactMap { $0.objectValue?["credentialId"]?.stringValue } == [Base64URL.encode(spare.credentialID)])
            let bundle = try EvidenceBundle(json: reply.body)
            let report = bundle.verify(trustedServerKeys: [server.environment.secrets.serverKey.publicKey])
            #expect(report.isApproved, "\(report.signatures.compactMap(\.failure))")
            // Without the passkey list the step-up cannot be checked offline.
            var stripped = reply.object
            stripped["passkeys"] = nil
            let without = try EvidenceBundle(json: JCS.canonicalize(.object(stripped)))
                .verify(trustedServerKeys: [server.environment.secrets.serverKey.publicKey])
            #expect(!without.allVerified)
        }
    }
}
