import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Bodies built to exhaust memory or the parser's stack: refused with 413 or 400 before anything
/// is stored, and the server goes on serving.
@Suite("Attack: oversized and deeply nested bodies")
struct OversizedBodyAttacks {
    static let policy = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("An oversized body is refused 413 body_too_large and the server still serves", arguments: Engine.available)
    func oversized(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.maxBodyBytes = 4096 }) { server in
            let alice = try await registeredMember(server)
            let big = JSONValue.string(String(repeating: "x", count: 8192))
            let reply = try await alice.client.post(
                "/api/statements", ["title": "Big", "content": big, "policy": try JSONParser().parse(Array(Self.policy.utf8))])
            expectError(reply, 413, "body_too_large")
            // 8 MiB on a route whose own limit is 1 KiB: refused, or the connection is closed
            // while the client still sends (both fine); never a 2xx or a 5xx.
            let huge = [UInt8](repeating: UInt8(ascii: " "), count: 8 << 20)
            if let login = try? await alice.client.send(.POST, "/api/login/options", body: huge) {
                #expect([400, 413].contains(login.status), "\(login)")
            }
            let list = try await alice.client.get("/api/statements")
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
            try expectStatus(try await alice.client.get("/api/session"), 200)
        }
    }

    @Test("A deeply nested body is refused 400 invalid_json without a crash, and the server still serves", arguments: Engine.available)
    func deeplyNested(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            // 500,000 levels: a recursive parser without a depth limit would overflow its stack.
            let depth = 500_000
            for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
                let deep = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
                let body = #"{"title":"Deep","policy":\#(Self.policy),"content":\#(deep)}"#
                let reply = try await alice.client.send(.POST, "/api/statements", body: Array(body.utf8))
                #expect([400, 413].contains(reply.status), "\(reply)")
                expectError(reply, reply.status, reply.status == 400 ? "invalid_json" : "body_too_large")
            }
            // Nested just past the limit, small enough to be read: invalid_json.
            let justPast = String(repeating: "[", count: 81) + String(repeating: "]", count: 81)
            expectError(try await alice.client.send(.POST, "/api/statements", body: Array(#"{"content":\#(justPast)}"#.utf8)), 400, "invalid_json")
            let list = try await alice.client.get("/api/statements")
            try expectStatus(list, 200)
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
        }
    }
}
