import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `Prefer: return=minimal` on a vote (docs/api.md, "A compact answer to a vote"): a receipt
/// signed by the server key that names exactly the accepted signature, instead of the view.
@Suite("Vote receipts")
struct VoteReceiptRouteTests {
    @Test("With return=minimal a vote answers a signed receipt of exactly that signature; without it, the view", arguments: Engine.available)
    func minimal(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: VoteLifecycleTests.twoOfThree)
            let (payload, digest) = try await alice.document(of: id)

            let entry = try alice.signature(.approve, statement: id, payload: payload, digest: digest)
            let body = JCS.canonicalize(.object(["signature": .object(entry)]))
            let reply = try await alice.client.send(
                .POST, "/api/statements/\(id)/approvals", body: body, headers: [("Prefer", "respond-async, return=minimal")])
            try expectStatus(reply, 201)
            #expect(reply.headers["Preference-Applied"].first == "return=minimal")
            #expect(reply.object["statement"] == nil, "the view is not sent: \(reply)")
            let compact = try #require(reply.object["receipt"]?.stringValue)
            let receipt = try VoteReceipt.verify(compact, serverKey: server.environment.secrets.serverKey.publicKey)
            #expect(receipt.statement == id && receipt.digest == digest && receipt.kind == .approve)
            #expect(receipt.state == .pending && receipt.weight == 1 && receipt.threshold == 2)
            #expect(receipt.member == alice.id)
            let signature = try JWS.Signature(entry: entry)
            #expect(receipt.vote == Receipt.signatureHash(signature))
            #expect(reply.object["vote"] == .object(receipt.payload))

            // The second approval decides it; without the preference the answer is the view.
            let full = try await bob.vote(.approve, on: id)
            try expectStatus(full, 201)
            #expect(full.headers["Preference-Applied"].isEmpty)
            #expect(full.object["state"] == "approved" && full.object["statement"] != nil)
        }
    }

    @Test("A refused vote is refused the same with return=minimal", arguments: Engine.available)
    func refusal(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let alice = team[0]
            let id = try await alice.createStatement(policy: VoteLifecycleTests.twoOfThree)
            let (payload, digest) = try await alice.document(of: id)
            var entry = try alice.signature(.approve, statement: id, payload: payload, digest: digest)
            entry["signature"] = .string(Base64URL.encode([UInt8](repeating: 0, count: 64)))
            let body = JCS.canonicalize(.object(["signature": .object(entry)]))
            let reply = try await alice.client.send(.POST, "/api/statements/\(id)/approvals", body: body, headers: [("Prefer", "return=minimal")])
            expectError(reply, 422, "vote_signature_invalid")
            #expect(reply.headers["Preference-Applied"].isEmpty)
        }
    }
}
