import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Rotation (issue 8): POST /api/keys with "replaces" attests a new key and retires the old one in
/// one transaction; both are listed with their validity periods, the old key signs no new vote.
@Suite("Key rotation")
struct KeyRotationTests {
    static let onePartner = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("The old key is refused for new votes, the new key works, both are listed", arguments: Engine.available)
    func rotation(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let newKey = try JWK.generate(for: .ed25519)
            let rotated = try await alice.rotate(to: newKey, replacing: alice.kid)
            try expectStatus(rotated, 201)
            let validFrom = try #require(rotated.object["validFrom"]?.stringValue)

            let listed = try await alice.client.get("/api/keys")
            try expectStatus(listed, 200)
            let keys = try #require(listed.object["keys"]?.arrayValue).compactMap(\.objectValue)
            #expect(keys.map { $0["kid"]?.stringValue } == [newKey.thumbprint, alice.kid], "newest first")
            #expect(keys.first?["revokedAt"] == .null)
            let oldRevokedAt = try #require(keys.last?["revokedAt"]?.stringValue)
            // Recorded as of the next whole second: votes received in the rotation's second, before it, stay valid.
            #expect(Timestamp.parse(oldRevokedAt).map { Int($0.timeIntervalSince1970) } == Timestamp.parse(validFrom).map { Int($0.timeIntervalSince1970) + 1 })

            let statement = try await alice.createStatement(policy: Self.onePartner)
            expectError(try await alice.vote(.approve, on: statement), 422, "vote_key_revoked")
            try expectStatus(try await alice.vote(.approve, on: statement, key: newKey), 201)
            #expect(try await alice.view(statement)["state"]?.stringValue == "approved")

            let rotations = try await auditEvents(alice.client, action: "key.rotated")
            #expect(rotations.map(\.subject) == [alice.kid])
            #expect(rotations.first?.details.objectValue?["replacedBy"]?.stringValue == newKey.thumbprint)
            let refused = try await auditEvents(alice.client, action: "vote.refused")
            #expect(refused.contains { $0.details.objectValue?["code"]?.stringValue == "vote_key_revoked" })
            expectError(try await MemberSigner(server: server, key: alice.signingKey).send(.GET, "/api/keys"), 401, "member_unauthenticated")
            try expectStatus(try await MemberSigner(server: server, key: newKey).send(.GET, "/api/keys"), 200)
        }
    }

    @Test("Replacing another member's key or a revoked key is refused and stores nothing", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let candidate = try JWK.generate(for: .ed25519)
            expectError(try await alice.rotate(to: candidate, replacing: bob.kid), 403, "key_of_another_member")
            expectError(try await alice.rotate(to: candidate, replacing: "no-such-kid"), 404, "not_found")
            expectError(try await alice.client.get("/api/keys/\(candidate.thumbprint)"), 404, "not_found")
            #expect(try await alice.client.get("/api/keys/\(bob.kid)").object["revokedAt"] == .null)

            try expectStatus(try await alice.rotate(to: candidate, replacing: alice.kid), 201)
            let third = try JWK.generate(for: .ed25519)
            expectError(try await alice.rotate(to: third, replacing: alice.kid), 409, "key_revoked")
            #expect(try await auditEvents(alice.client, action: "key.refused").count == 3)
        }
    }
}
