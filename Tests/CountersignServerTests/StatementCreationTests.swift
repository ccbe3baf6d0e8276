import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// POST /api/statements refusals: unreachable or invalid policies, missing and unknown fields, and
/// a creator that only the session decides.
@Suite("Statement creation")
struct StatementCreationTests {
    static func body(_ policy: String, title: String? = "Title", extra: JSONObject = [:]) throws -> JSONObject {
        var object: JSONObject = ["content": .object(["n": 1]), "policy": try JSONParser().parse(Array(policy.utf8))]
        if let title { object["title"] = .string(title) }
        for key in extra.keys { object[key] = extra[key] }
        return object
    }

    @Test("Bad statements are refused with the reason and none is stored", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let partners = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#
            // Three partners needed; there is one.
            expectError(try await alice.client.post("/api/statements", try Self.body(#"{"threshold":3,"signers":[{"role":"partner","weight":1}]}"#)), 422, "policy_unreachable")
            // Not a policy at all.
            expectError(try await alice.client.post("/api/statements", try Self.body(#"{"threshold":"two","signers":[]}"#)), 422)
            expectError(try await alice.client.post("/api/statements", try Self.body(partners, title: nil)), 400, "missing_field")
            expectError(try await alice.client.post("/api/statements", try Self.body(partners, extra: ["colour": "red"])), 400, "unknown_field")
            // The creator is never the body's to say.
            expectError(try await alice.client.post("/api/statements", try Self.body(partners, extra: ["creator": "mem_someoneelse"])), 400, "unknown_field")
            let list = try await alice.client.get("/api/statements")
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
            #expect(try await AuditLog.actions(alice.client).contains("statement.created") == false)
        }
    }
}
