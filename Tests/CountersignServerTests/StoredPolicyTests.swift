import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Stored policies: the admin stores and versions them; a statement names one by id and freezes
/// its latest version into the document it signs.
@Suite("Stored policies")
struct StoredPolicyTests {
    @Test("Store, version, and create a statement with policyId", arguments: Engine.available)
    func storedPolicy(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let admin = AdminClient(server: server)
            let first = try JSONParser().parse(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            let stored = try await admin.post("/api/admin/policies", ["name": "Two partners", "policy": first])
            try expectStatus(stored, 201)
            let id = try #require(stored.object["id"]?.stringValue)
            #expect(id.hasPrefix("pol_"))
            #expect(stored.object["version"] == 1)

            let second = try JSONParser().parse(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
            // A new version replaces what statements use: a scheduled operation (no delay here).
            let versioned = try await admin.post("/api/admin/policies/\(id)", ["name": "Any partner", "policy": second])
            try expectStatus(versioned, 202)
            #expect(versioned.object["kind"] == "policy.replace" && versioned.object["target"] == .string(id))
            try await admin.waitForOperation(try #require(versioned.object["id"]?.stringValue))

            let listed = try await admin.get("/api/admin/policies")
            try expectStatus(listed, 200)
            let latest = try #require(listed.object["policies"]?.arrayValue)
            #expect(latest.count == 1)
            #expect(latest.first?.objectValue?["version"] == 2 && latest.first?.objectValue?["name"] == "Any partner")
            let shown = try await admin.get("/api/admin/policies/\(id)")
            #expect(shown.object["version"] == 2)
            #expect(shown.object["versions"]?.arrayValue?.compactMap { $0.objectValue?["policy"]?.objectValue?["threshold"] } == [2, 1])
            expectError(try await admin.get("/api/admin/policies/pol_doesnotexist0000000"), 404)

            let created = try await team[0].client.post(
                "/api/statements", ["title": "By stored policy", "content": .object(["n": 1]), "policyId": .string(id)])
            try expectStatus(created, 201)
            #expect(created.object["statement"]?.objectValue?["policy"]?.objectValue?["threshold"] == 1)
            #expect(created.object["threshold"] == 1)

            let unknown = try await team[0].client.post(
                "/api/statements", ["title": "Unknown", "content": .object([:]), "policyId": "pol_doesnotexist0000000"])
            #expect(unknown.status == 404)
            let both = try await team[0].client.post(
                "/api/statements", ["title": "Both", "content": .object([:]), "policyId": .string(id), "policy": first])
            #expect(both.status == 400)
            #expect(both.errorCode == "policy_required")

            let invalid = try await admin.post("/api/admin/policies", ["name": "Impossible", "policy": .object(["threshold": 0, "signers": .array([])])])
            #expect(invalid.status == 422)
            let notAdmin = try await AdminClient(server: server, adminKey: Array(repeating: 7, count: 32)).post(
                "/api/admin/policies", ["name": "Forged", "policy": first])
            #expect(notAdmin.status == 401)
            #expect(notAdmin.errorCode == "admin_unauthenticated")
        }
    }
}
