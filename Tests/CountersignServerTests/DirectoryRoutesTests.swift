import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// What the web app reads to draft a statement: GET /api/members, GET /api/policies, and
/// POST /api/policies/explain (the server's own words for a policy, checked as creation checks it).
@Suite("Member directory, stored policies and policy explanation")
struct DirectoryRoutesTests {
    @Test("GET /api/members lists active members as {id,name,roles} only; a session is required", arguments: Engine.available)
    func members(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            // A member who has not registered yet is not a possible signer and is not listed.
            let pending = try await AdminClient(server: server).post("/api/admin/members", ["name": "service"])
            try expectStatus(pending, 201)

            let reply = try await team[0].client.get("/api/members")
            try expectStatus(reply, 200)
            let listed = try #require(reply.object["members"]?.arrayValue).compactMap(\.objectValue)
            #expect(Set(listed.compactMap { $0["id"]?.stringValue }) == Set(team.map(\.id)))
            for entry in listed {
                #expect(entry.keys.sorted() == ["id", "name", "roles"], "\(entry)")
                #expect(entry["roles"] == .array(["partner"]))
            }

            expectError(try await APIClient(baseURL: server.baseURL).get("/api/members"), 401, "unauthenticated")
        }
    }

    @Test("GET /api/policies shows members the latest version of each stored policy", arguments: Engine.available)
    func policies(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let admin = AdminClient(server: server)
            let policy = try JSONParser().parse(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            let stored = try await admin.post("/api/admin/policies", ["name": "Two partners", "policy": policy])
            try expectStatus(stored, 201)
            let id = try #require(stored.object["id"]?.stringValue)
            let newer = try JSONParser().parse(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
            // A new version is a dangerous operation: scheduled (delay 0 here), then run.
            let replacement = try await admin.schedule("/api/admin/policies/\(id)", ["name": "One partner", "policy": newer])
            _ = try await admin.waitForOperation(replacement)

            let reply = try await team[1].client.get("/api/policies")
            try expectStatus(reply, 200)
            let listed = try #require(reply.object["policies"]?.arrayValue).compactMap(\.objectValue)
            #expect(listed.count == 1)
            #expect(listed.first?["id"]?.stringValue == id)
            #expect(listed.first?["version"] == 2 && listed.first?["name"] == "One partner")
            #expect(listed.first?["policy"]?.objectValue?["threshold"] == 1)

            expectError(try await APIClient(baseURL: server.baseURL).get("/api/policies"), 401, "unauthenticated")
        }
    }

    @Test("POST /api/policies/explain gives the words the created statement shows, and refuses what creation refuses", arguments: Engine.available)
    func explain(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let text = #"{"threshold":2,"signers":[{"member":"\#(alice.id)","weight":1},{"member":"\#(bob.id)","weight":1},{"role":"partner","weight":1}],"required":["\#(bob.id)"],"expiresAfter":"P7D","stepUp":true}"#
            let policy = try JSONParser().parse(Array(text.utf8))
            let explained = try await alice.client.post("/api/policies/explain", ["policy": policy])
            try expectStatus(explained, 200)
            let words = try #require(explained.object["text"]?.stringValue)
            #expect(words.contains("alice") && words.contains("bob"), "names, not ids: \(words)")
            #expect(words.contains("step-up"))
            #expect(explained.object["clauses"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "; ") == words)

            let statement = try await alice.createStatement(policy: text)
            #expect(try await alice.view(statement)["policyText"]?.stringValue == words)

            // Refused exactly as creation would refuse it, and nothing is created.
            let before = try await alice.client.get("/api/statements")
            let unreachable = try JSONParser().parse(#"{"threshold":3,"signers":[{"member":"\#(alice.id)","weight":1},{"member":"\#(bob.id)","weight":1}]}"#)
            expectError(try await alice.client.post("/api/policies/explain", ["policy": unreachable]), 422, "policy_unreachable")
            let invalid = try JSONParser().parse(#"{"threshold":1,"signers":[{"wait":"soon","weight":1}]}"#)
            let refused = try await alice.client.post("/api/policies/explain", ["policy": invalid])
            expectError(refused, 422)
            expectError(try await alice.client.post("/api/policies/explain", [:]), 400, "policy_required")
            expectError(try await alice.client.post("/api/policies/explain", ["policy": policy, "title": "x"]), 400, "unknown_field")
            expectError(try await alice.client.post("/api/policies/explain", ["policyId": "pol_doesnotexist0000000"]), 404)
            let after = try await alice.client.get("/api/statements")
            #expect(before.object["statements"] == after.object["statements"])

            expectError(try await APIClient(baseURL: server.baseURL).post("/api/policies/explain", ["policy": policy]), 401, "unauthenticated")
            let noOrigin = APIClient(baseURL: server.baseURL, origin: nil)
            noOrigin.setCookie(alice.client.cookie)
            expectError(try await noOrigin.post("/api/policies/explain", ["policy": policy]), 403, "origin_required")
        }
    }
}
