import CountersignJSON
import CountersignTestSupport
import Foundation
import NIOHTTP1
import Testing

/// Attacks from another web origin on a logged-in browser, and on the session cookie itself.
@Suite("Attack: browser sessions")
struct BrowserAttacks {
    /// The state-changing operations of the OpenAPI document (method, path with its parameters
    /// filled in) that a browser's cookie could carry: everything but the admin routes and key
    /// enrolment, which authenticate by their own signature or token.
    static func cookieRoutes(_ server: TestServer) async throws -> [(method: String, path: String)] {
        let document = try await APIClient(baseURL: server.baseURL, origin: nil).get("/openapi.yaml")
        try expectStatus(document, 200)
        var routes: [(String, String)] = []
        var path: String?
        for line in document.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let current = path, let method = ["post", "put", "patch", "delete"].first(where: { line == "    \($0):" }) {
                let filled = current.replacingOccurrences(of: #"\{[^}]+\}"#, with: "AAAAAAAAAAAAAAAAAAAAAA", options: .regularExpression)
                routes.append((method.uppercased(), filled))
            } else if !line.hasPrefix(" "), !line.isEmpty {
                path = nil
            }
        }
        return routes.filter { route in route.1.hasPrefix("/api/") && !["/api/admin/", "/api/keys/enrol"].contains { route.1.hasPrefix($0) } }
    }

    @Test("A cross-site request (foreign, absent or null Origin) is refused on every state-changing cookie route", arguments: Engine.available)
    func crossSite(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let routes = try await Self.cookieRoutes(server)
            // The document lists the routes a cross-site page would aim at.
            for expected in ["/api/statements", "/api/logout", "/api/keys", "/api/login/verify"] {
                #expect(routes.contains { $0.path == expected }, "\(expected) missing from \(routes.map(\.path))")
            }
            let auditBefore = try await AuditLog.actions(alice.client).count
            let body: JSONObject = ["title": "Sneaky", "content": .object([:]), "policy": .object(["threshold": 1])]
            for (method, path) in routes {
                for origin in ["https://evil.example", nil, "null", "https://countersign.test.evil.example"] as [String?] {
                    alice.client.origin = origin
                    let reply = try await alice.client.send(.init(rawValue: method), path, body: JCS.canonicalize(.object(body)))
                    expectError(reply, 403, origin == nil ? "origin_required" : "origin_not_allowed")
                }
            }
            alice.client.origin = TestServer.origin
            // Nothing happened: no statement, no audit event, the session survived the refused logout.
            try expectStatus(try await alice.client.get("/api/session"), 200)
            let list = try await alice.client.get("/api/statements")
            try expectStatus(list, 200)
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
            #expect(try await AuditLog.actions(alice.client).count == auditBefore)
        }
    }

    @Test("Session fixation: a client-chosen session id is never adopted, login issues a fresh id, logout ends it server-side", arguments: Engine.available)
    func sessionFixation(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            alice.client.dropSession()
            // The attacker plants a session id in the victim's browser before the login.
            let planted = "countersign_session=" + Base64URL.encode([UInt8](repeating: 0x41, count: 32))
            alice.client.setCookie(planted)
            expectError(try await alice.client.get("/api/session"), 401)
            let login = try await alice.login()
            let issued = try #require(alice.client.cookie)
            #expect(issued != planted)
            #expect(login.headers["Set-Cookie"].contains { $0.hasPrefix(issued + ";") })
            // The planted id still means nothing; the issued one is alice's.
            let attacker = APIClient(baseURL: server.baseURL)
            attacker.setCookie(planted)
            expectError(try await attacker.get("/api/session"), 401)
            try expectStatus(try await alice.client.get("/api/session"), 200)
            // A second login issues yet another id.
            let first = issued
            try await alice.login()
            #expect(alice.client.cookie != first)
            // Logout ends the session on the server: a copy of the cookie is refused afterwards.
            let current = alice.client.cookie
            try expectStatus(try await alice.client.post("/api/logout"), 200)
            #expect(alice.client.cookie == nil, "logout must clear the cookie in the browser")
            attacker.setCookie(current)
            expectError(try await attacker.get("/api/session"), 401)
        }
    }
}
