import CountersignJSON
import CountersignTestSupport
import Foundation
import NIOHTTP1
import Testing

/// "`//api/...` skips the Origin check": the router drops empty and dot segments, the middlewares
/// that decide on a path read its raw text. Every state-changing cookie route of the OpenAPI
/// document, sent in every odd spelling from a foreign origin with a session cookie and a
/// text/plain body (a request a cross-site page can make without a preflight), must be refused
/// with 400 before it reaches the route, and change nothing.
@Suite("Attack: odd path spellings", .timeLimit(.minutes(5)))
struct PathSpellingAttacks {
    /// The odd spellings of an /api/ path: empty, dot and dot-dot segments, encoded slashes,
    /// backslashes and dots.
    static func spellings(of path: String) -> [String] {
        let rest = String(path.dropFirst("/api/".count))
        return [
            "/" + path, "/." + path, "/api//" + rest, "/x/.." + path, "/api%2f" + rest, "/api%2F" + rest,
            "/api%5c" + rest, "/%2e/api/" + rest, path + "/", "/api/./" + rest,
        ]
    }

    @Test("//api/... skips the Origin check: every odd spelling of every state-changing route is refused with 400", arguments: Engine.available)
    func doubleSlashSkipsOriginCheck(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let routes = try await BrowserAttacks.cookieRoutes(server)
            #expect(routes.contains { $0.method == "POST" && $0.path == "/api/statements" }, "\(routes)")
            let statement = try await alice.createStatement(policy: #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
            let auditBefore = try await AuditLog.actions(alice.client).count
            let body = Array(#"{"title":"Sneaky","content":{},"policy":{"threshold":1}}"#.utf8)
            alice.client.origin = "https://evil.example"
            var sent = 0
            for (method, path) in routes {
                let filled = path.replacingOccurrences(of: "AAAAAAAAAAAAAAAAAAAAAA", with: statement)
                for spelling in Self.spellings(of: filled) {
                    let reply = try await alice.client.send(
                        .init(rawValue: method), spelling, body: body, headers: [("Content-Type", "text/plain")])
                    expectError(reply, 400, "path_not_canonical")
                    sent += 1
                }
            }
            #expect(sent >= routes.count * 10)
            alice.client.origin = TestServer.origin
            // Nothing changed: the session survived the refused logouts, the one statement is
            // still pending and alone, no audit event was written.
            try expectStatus(try await alice.client.get("/api/session"), 200)
            let list = try await alice.client.get("/api/statements")
            try expectStatus(list, 200)
            #expect(list.object["statements"]?.arrayValue?.count == 1)
            let shown = try await alice.client.get("/api/statements/\(statement)")
            try expectStatus(shown, 200)
            #expect(shown.object["state"]?.stringValue == "pending", "\(shown)")
            #expect(try await AuditLog.actions(alice.client).count == auditBefore)
        }
    }
}
