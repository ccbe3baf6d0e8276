import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Malformed requests and unknown routes (oversized bodies and rate limits are in the attack
/// suite): each refused with a 4xx JSON error of the API's shape, and nothing stored.
@Suite("Request errors and limits")
struct RequestLimitTests {
    static let policy = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

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
}
