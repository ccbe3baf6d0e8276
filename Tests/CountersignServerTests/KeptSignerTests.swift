import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// A signed vote may take its signer from the signers of earlier requests (`KeptSigners`), and
/// confirms it under the vote's lock. After a suspension, a revocation or a removal, the next
/// signed vote of that key is answered exactly as authentication from the store answers it; a
/// refused vote of a kept signer is refused and audited once.
@Suite("Kept signers of signed votes")
struct KeptSignerTests {
    static let twoPartners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    @Test("suspended, revoked, removed after a vote kept their signer: the next signed vote gets authentication's refusal", arguments: Engine.available)
    func staleSigners(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob", "carol", "dave"], roles: ["partner"])
            let (alice, bob, carol, dave) = (team[0], team[1], team[2], team[3])
            let first = try await dave.createStatement("First", policy: #"{"threshold":3,"signers":[{"role":"partner","weight":1}]}"#)
            let second = try await dave.createStatement("Second", policy: Self.twoPartners)

            // Signed while they still may read it; sent after.
            var entries: [String: JSONObject] = [:]
            for member in [alice, bob, carol] { entries[member.id] = try await Self.approval(by: member, of: second) }
            // Each signs a vote on the first statement: their signers are now kept.
            for member in [alice, bob, carol] { try expectStatus(try await Self.signedVote(member, on: first, server: server), 201) }

            // Suspended: refused as authentication refuses a suspended member's key, not by the vote.
            try expectStatus(try await admin.post("/api/admin/members/\(alice.id)/suspend", [:]), 200)
            expectError(try await Self.send(try #require(entries[alice.id]), by: alice, on: second, server: server), 401, "member_unauthenticated")

            // Revoked: authentication's 401, not the vote's 422 vote_key_revoked.
            try expectStatus(try await bob.revokeKey(bob.kid), 200)
            expectError(try await Self.send(try #require(entries[bob.id]), by: bob, on: second, server: server), 401, "member_unauthenticated")

            // Removed: authentication's 403 member_removed.
            let removal = try await admin.schedule("/api/admin/members/\(carol.id)/remove")
            server.clock.advance(by: Operations.delay + 1)
            _ = try await admin.waitForOperation(removal)
            expectError(try await Self.send(try #require(entries[carol.id]), by: carol, on: second, server: server), 403, "member_removed")

            let view = try await dave.view(second)
            #expect(view["votes"]?.arrayValue?.isEmpty == true, "\(view)")
            #expect(try await admin.auditEvents("vote.refused").isEmpty)
            let refused = try await admin.auditEvents("request.refused")
            #expect(refused.count == 3, "\(refused)")

            // Reinstated, alice's kept signer (from before the suspension) is read again and her vote counts.
            try expectStatus(try await admin.post("/api/admin/members/\(alice.id)/reinstate", [:]), 200)
            try expectStatus(try await Self.send(try #require(entries[alice.id]), by: alice, on: second, server: server), 201)
        }
    }

    @Test("a kept signer's refused vote is refused once, audited once, its nonce spent", arguments: Engine.available)
    func refusalOfAKeptSigner(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await bob.createStatement("Once", policy: Self.twoPartners)
            try expectStatus(try await Self.signedVote(alice, on: id, server: server), 201)
            let nonce = UUID().uuidString
            expectError(try await Self.signedVote(alice, on: id, server: server, nonce: nonce), 409, "already_voted")
            expectError(try await Self.signedVote(alice, on: id, server: server, nonce: nonce), 401, "member_unauthenticated")
            let admin = AdminClient(server: server)
            #expect(try await admin.auditEvents("vote.refused").count == 1)
            #expect(try await admin.auditEvents("vote.approve").count == 1)
        }
    }

    /// `member`'s approval of `statement`, sent as a request signed with the member's key.
    static func signedVote(_ member: TestMember, on statement: String, server: TestServer, nonce: String? = nil) async throws -> APIClient.Reply {
        try await send(try await approval(by: member, of: statement), by: member, on: statement, server: server, nonce: nonce)
    }

    /// `member`'s signed approval entry for `statement`, as read now.
    static func approval(by member: TestMember, of statement: String) async throws -> JSONObject {
        let (payload, digest) = try await member.document(of: statement)
        return try member.signature(.approve, statement: statement, payload: payload, digest: digest)
    }

    static func send(_ entry: JSONObject, by member: TestMember, on statement: String, server: TestServer, nonce: String? = nil) async throws -> APIClient.Reply {
        try await MemberSigner(server: server, key: member.signingKey).send(
            .POST, "/api/statements/\(statement)/approvals", ["signature": .object(entry)], nonce: nonce)
    }
}
