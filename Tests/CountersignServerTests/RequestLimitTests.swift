import CountersignJOSE
import Foundation
import Testing

/// Malformed and oversized requests, unknown routes and the ceremony rate limit: each refused
/// with a 4xx JSON error of the API's shape, and nothing stored.
@Suite("Request errors and limits")
struct RequestLimitTests {
    static let policy = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("A body over the limit is 413 body_too_large", arguments: Engine.available)
    func bodyTooLarge(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.maxBodyBytes = 4096 }) { server in
            let alice = try await registeredMember(server)
            let big = JSONValue.string(String(repeating: "x", count: 8192))
            let reply = try await alice.client.post(
                "/api/statements", ["title": "Big", "content": big, "policy": try JSONParser().parse(Array(Self.policy.utf8))])
            expectError(reply, 413, "body_too_large")
            let list = try await alice.client.get("/api/statements")
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("Too deep, malformed or non-object JSON is 400 invalid_json", arguments: Engine.available)
    func invalidJSON(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            let bodies = [
                #"{"title":"Deep","policy":\#(Self.policy),"content":\#(deep)}"#,
                #"{"title":"Broken","content":"#,
                #"{"title":"Dup","title":"Dup","content":1,"policy":\#(Self.policy)}"#,
                "[1,2,3]",
            ]
            for body in bodies {
                expectError(try await alice.client.send(.POST, "/api/statements", body: Array(body.utf8)), 400, "invalid_json")
            }
            let list = try await alice.client.get("/api/statements")
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("An unknown route is a 404 JSON error", arguments: Engine.available)
    func unknownRoute(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let client = APIClient(baseURL: server.baseURL)
            for path in ["/api/nothing-here", "/api/statements/st_x/nothing"] {
                let reply = try await client.get(path)
                expectError(reply, 404, "not_found")
                #expect(reply.headers["Content-Type"].first?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test("The fourth ceremony request in a minute is 429 rate_limited", arguments: Engine.available)
    func ceremonyRateLimit(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.ceremonyRequestsPerMinute = 3 }) { server in
            let client = APIClient(baseURL: server.baseURL)
            for _ in 0..<3 { try expectStatus(try await client.post("/api/login/options"), 200) }
            expectError(try await client.post("/api/login/options"), 429, "rate_limited")
        }
    }
}
