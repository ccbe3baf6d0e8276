import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// POST /api/admin/policies/explain: the admin page's stored-policy editor gets the words the
/// new-statement form shows, without a member session. A stored policy has no creator yet: it is
/// checked with none, and the reply says which creators could never get a statement approved
/// where the creator's own approval does not count.
@Suite("Policy explanation for the admin")
struct AdminPolicyExplanationTests {
    @Test("the admin gets the policy in words, the creator's part said honestly, stored or inline", arguments: Engine.available)
    func explainsForTheAdmin(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (team[0], team[1], team[2])
            let admin = AdminClient(server: server)

            // The same words as the member's explanation and the statement.
            let text = #"{"threshold":2,"signers":[{"member":"\#(alice.id)","weight":1},{"member":"\#(bob.id)","weight":1}],"expiresAfter":"P7D"}"#
            let policy = try JSONParser().parse(Array(text.utf8))
            let explained = try await admin.post("/api/admin/policies/explain", ["policy": policy])
            try expectStatus(explained, 200)
            let words = try #require(explained.object["text"]?.stringValue)
            #expect(words.contains("alice") && words.contains("bob") && !words.contains(alice.id), "names, not ids: \(words)")
            let asMember = try await alice.client.post("/api/policies/explain", ["policy": policy])
            #expect(asMember.object["text"]?.stringValue == words)
            #expect(explained.object["clauses"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "; ") == words)
            #expect(explained.object["dependsOnCreator"] == false)
            #expect(explained.object["creatorsWhoCannotBeApproved"] == .array([]))
            #expect(explained.object["creatorNote"]?.stringValue?.contains("changes nothing") == true)

            // The creator's approval does not count: "any 2 of alice and bob" can never be met by
            // a statement either of them creates. The member's explanation (alice as creator)
            // refuses it; the admin's names both, and counts carol's statements as possible.
            let noSelf = try JSONParser().parse(Array(#"{"threshold":2,"signers":[{"member":"\#(alice.id)","weight":1},{"member":"\#(bob.id)","weight":1}],"allowSelfApproval":false}"#.utf8))
            expectError(try await alice.client.post("/api/policies/explain", ["policy": noSelf]), 422, "policy_unreachable")
            let blocked = try await admin.post("/api/admin/policies/explain", ["policy": noSelf])
            try expectStatus(blocked, 200)
            #expect(blocked.object["dependsOnCreator"] == true)
            let names = try #require(blocked.object["creatorsWhoCannotBeApproved"]?.arrayValue).compactMap { $0.objectValue?["name"]?.stringValue }
            #expect(names == ["alice", "bob"])
            let note = try #require(blocked.object["creatorNote"]?.stringValue)
            #expect(note.contains("alice or bob") && note.contains("never be approved"), "\(note)")
            #expect(!note.contains(carol.name))

            // A role of three: whoever creates it, two others remain.
            let partners = try JSONParser().parse(#"{"threshold":2,"signers":[{"role":"partner","weight":1}],"allowSelfApproval":false}"#)
            let stored = try await admin.post("/api/admin/policies", ["name": "Two other partners", "policy": partners])
            try expectStatus(stored, 201)
            let id = try #require(stored.object["id"]?.stringValue)
            let byID = try await admin.post("/api/admin/policies/explain", ["policyId": .string(id)])
            try expectStatus(byID, 200)
            #expect(byID.object["dependsOnCreator"] == true && byID.object["creatorsWhoCannotBeApproved"] == .array([]))
            #expect(byID.object["text"]?.stringValue?.contains("partner") == true)

            // All three partners are needed: whichever of them creates it, it can never be met.
            let allPartners = try JSONParser().parse(#"{"threshold":3,"signers":[{"role":"partner","weight":1}],"allowSelfApproval":false}"#)
            let everyone = try await admin.post("/api/admin/policies/explain", ["policy": allPartners])
            try expectStatus(everyone, 200)
            let all = try #require(everyone.object["creatorsWhoCannotBeApproved"]?.arrayValue).compactMap { $0.objectValue?["id"]?.stringValue }
            #expect(all == [alice.id, bob.id, carol.id])

            // Refused as the member's explanation refuses, and nothing is stored.
            let unreachable = try JSONParser().parse(#"{"threshold":4,"signers":[{"role":"partner","weight":1}]}"#)
            expectError(try await admin.post("/api/admin/policies/explain", ["policy": unreachable]), 422, "policy_unreachable")
            expectError(try await admin.post("/api/admin/policies/explain", [:]), 400, "policy_required")
            expectError(try await admin.post("/api/admin/policies/explain", ["policy": policy, "name": "x"]), 400, "unknown_field")
            expectError(try await admin.post("/api/admin/policies/explain", ["policyId": "pol_doesnotexist0000000"]), 404)
            let listed = try await admin.get("/api/admin/policies")
            #expect(listed.object["policies"]?.arrayValue?.count == 1)
        }
    }

    @Test("only the admin: a member's session, no credentials or a wrong ADMIN_KEY are refused", arguments: Engine.available)
    func onlyTheAdmin(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let policy = try JSONParser().parse(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
            // A member's session (with the page's Origin) does not open an admin route: the
            // directory read by the admin's explanation stays the admin's.
            let asMember = try await team[0].client.post("/api/admin/policies/explain", ["policy": policy])
            #expect(asMember.status == 401)
            #expect(asMember.object["text"] == nil)
            expectError(try await APIClient(baseURL: server.baseURL).post("/api/admin/policies/explain", ["policy": policy]), 401)
            let forged = try await AdminClient(server: server, adminKey: Array(repeating: 7, count: 32)).post(
                "/api/admin/policies/explain", ["policy": policy])
            #expect(forged.status == 401 && forged.errorCode == "admin_unauthenticated")
        }
    }
}
