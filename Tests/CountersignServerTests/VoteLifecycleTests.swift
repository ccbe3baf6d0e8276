import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// What happens to a statement after its creation, over HTTP: rejection and its envelope,
/// withdrawal of a vote, and cancellation by the creator only.
@Suite("Rejection, withdrawal and cancellation")
struct VoteLifecycleTests {
    /// Unanimity among three partners: one rejection makes approval unreachable.
    static let unanimous = #"{"threshold":3,"signers":[{"role":"partner","weight":1}]}"#
    static let twoOfThree = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    @Test("A rejection that makes approval unreachable rejects; the rejection envelope carries it", arguments: Engine.available)
    func rejection(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: Self.unanimous)
            try expectStatus(try await alice.vote(.approve, on: id), 201)
            let rejected = try await bob.vote(.reject, on: id)
            try expectStatus(rejected, 201)
            #expect(rejected.object["state"] == "rejected")

            let digest = try #require(try await alice.view(id)["digest"]?.stringValue)
            let envelope = try await alice.client.get("/api/statements/\(id)/envelope?kind=rejections")
            try expectStatus(envelope, 200)
            let payload = try #require(envelope.object["payload"]?.base64URLBytes)
            let expected = JCS.canonicalize(.object(["countersign": "rejection/v1", "statement": .string(id), "digest": .string(digest)]))
            #expect(payload == expected)
            let signatures = try #require(envelope.object["signatures"]?.arrayValue)
            #expect(signatures.count == 1)
            let header = try #require(signatures.first?.objectValue?["protected"]?.base64URLBytes)
            #expect(try JSONParser().parse(header).objectValue?["kid"]?.stringValue == bob.kid)
            // The approvals envelope holds alice's approval only.
            let approvals = try await alice.client.get("/api/statements/\(id)/envelope")
            #expect(approvals.object["signatures"]?.arrayValue?.count == 1)
        }
    }

    @Test("A withdrawn vote stops counting; a second withdrawal is refused", arguments: Engine.available)
    func withdrawal(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let alice = team[0]
            let id = try await alice.createStatement(policy: Self.twoOfThree)
            let voted = try await alice.vote(.approve, on: id)
            #expect(voted.object["weight"] == 1)
            let withdrawn = try await alice.client.delete("/api/statements/\(id)/votes/me")
            try expectStatus(withdrawn, 200)
            #expect(withdrawn.object["weight"] == 0)
            #expect(withdrawn.object["state"] == "pending")
            #expect(withdrawn.object["votes"]?.arrayValue?.isEmpty == true)
            expectError(try await alice.client.delete("/api/statements/\(id)/votes/me"), 409)
            #expect(try await alice.view(id)["weight"] == 0)
        }
    }

    @Test("The creator cancels; afterwards votes are refused; nobody else may cancel", arguments: Engine.available)
    func cancellation(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: Self.twoOfThree)
            expectError(try await bob.client.post("/api/statements/\(id)/cancel"), 403, "not_creator")
            #expect(try await alice.view(id)["state"] == "pending")
            let cancelled = try await alice.client.post("/api/statements/\(id)/cancel")
            try expectStatus(cancelled, 200)
            #expect(cancelled.object["state"] == "cancelled")
            expectError(try await bob.vote(.approve, on: id), 409, "statement_final")
            expectError(try await alice.client.post("/api/statements/\(id)/cancel"), 409, "statement_final")
        }
    }
}
