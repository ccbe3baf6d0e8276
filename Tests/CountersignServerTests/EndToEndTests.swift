import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The whole story over real HTTP, on each database: the admin invites three members, each
/// registers a passkey and attests an Ed25519 key, the creator posts a 2-of-3 statement, two
/// approve, and the statement is approved exactly at the second approval; the evidence verifies
/// offline with `countersign verify` and its envelope with joserfc. Replays, double votes and
/// unattested keys are refused.
@Suite("End to end over HTTP")
struct EndToEndTests {
    @Test("Invite, register, attest, approve 2 of 3, verify the evidence", arguments: Engine.available)
    func twoOfThree(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (team[0], team[1], team[2])

            let policy = try JSONParser().parse(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            let created = try await alice.client.post(
                "/api/statements", ["title": "Series A term sheet", "content": .object(["amount": 2_500_000, "currency": "EUR"]), "policy": policy])
            try expectStatus(created, 201)
            let id = try #require(created.object["statement"]?.objectValue?["id"]?.stringValue)
            #expect(created.object["state"] == "pending")
            // The creator is the session's member, never a field of the body.
            #expect(created.object["statement"]?.objectValue?["creator"]?.stringValue == alice.id)

            let first = try await alice.vote(.approve, on: id)
            try expectStatus(first, 201)
            #expect(first.object["state"] == "pending")
            #expect(first.object["weight"] == 1)

            // A second vote by the same member is refused, and changes nothing.
            let again = try await alice.vote(.approve, on: id)
            #expect(again.status == 409)
            #expect(again.errorCode == "already_voted")

            let second = try await bob.vote(.approve, on: id)
            try expectStatus(second, 201)
            #expect(second.object["state"] == "approved")
            #expect(second.object["weight"] == 2)

            // Final: carol's approval is refused.
            let late = try await carol.vote(.approve, on: id)
            #expect(late.status == 409)
            #expect(late.errorCode == "statement_final")

            // Exactly one audit event says the statement was approved, right after bob's vote.
            let audit = try await alice.client.get("/api/audit?after=0&limit=1000")
            try expectStatus(audit, 200)
            let events = try #require(audit.object["events"]?.arrayValue).compactMap(\.objectValue)
            let approvals = events.filter { $0["action"] == "statement.approved" && $0["subject"]?.stringValue == id }
            #expect(approvals.count == 1)
            #expect(approvals.first?["actor"]?.stringValue == bob.id)

            // The evidence bundle verifies offline; its envelope verifies with joserfc.
            let evidence = try await alice.client.get("/api/statements/\(id)/evidence")
            try expectStatus(evidence, 200)
            let report = try await OfflineVerification.verify(bundle: evidence.body, server: server)
            #expect(report.exitCode == 0, "countersign verify: \(report.output)")
            let envelope = try await alice.client.get("/api/statements/\(id)/envelope")
            try expectStatus(envelope, 200)
            let keys = [alice, bob].map { JSONValue.object($0.signingKey.publicKey.jsonObject()) }
            try await OfflineVerification.verifyWithJoserfc(envelope: envelope.body, keys: keys, expectedSignatures: 2)
        }
    }

    @Test("An unattested key and another member's key are refused", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let policy = try JSONParser().parse(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            var ids: [String] = []
            for title in ["First", "Second"] {
                let reply = try await alice.client.post("/api/statements", ["title": .string(title), "content": .object(["n": 1]), "policy": policy])
                try expectStatus(reply, 201)
                ids.append(try #require(reply.object["statement"]?.objectValue?["id"]?.stringValue))
            }
            // (An approval moved to another statement: `Attack: signatures and votes`.)
            // A key no passkey attested.
            let stray = try JWK.generate(for: .ed25519)
            let unattested = try await bob.vote(.approve, on: ids[1], key: stray)
            #expect(unattested.status == 422)
            #expect(unattested.errorCode == "vote_unknown_key")

            // alice's signature submitted in bob's session.
            let (payload2, digest2) = try await alice.document(of: ids[1])
            let alices = try alice.signature(.approve, statement: ids[1], payload: payload2, digest: digest2)
            let stolen = try await bob.submit(.approve, alices, on: ids[1])
            #expect(stolen.status == 403)
            #expect(stolen.errorCode == "vote_key_of_another_member")

            // None of that counted, and each refusal is in the audit log.
            let view = try await alice.client.get("/api/statements/\(ids[1])")
            #expect(view.object["weight"] == 0)
            #expect(view.object["votes"]?.arrayValue?.isEmpty == true)
            let audit = try await alice.client.get("/api/audit?after=0&limit=1000")
            let refused = try #require(audit.object["events"]?.arrayValue).compactMap(\.objectValue).filter { $0["action"] == "vote.refused" }
            #expect(refused.count == 2)
        }
    }
}
