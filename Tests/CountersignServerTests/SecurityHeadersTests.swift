import AsyncHTTPClient
import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

/// HTTP hardening: the security headers on every kind of response, HSTS only for https origins,
/// and the secure defaults of the configuration.
@Suite("HTTP security headers and secure defaults")
struct SecurityHeadersTests {
    /// One path of each kind: API JSON, an API error, an unknown route, a web page, a static
    /// asset, the OpenAPI document, health and metrics.
    static let paths = [
        "/api/session", "/api/statements", "/api/no-such-route", "/", "/login", "/assets/app.css", "/openapi.yaml", "/healthz",
        "/metrics", "/no-such-page",
    ]

    static func expectHardened(_ reply: APIClient.Reply, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let header = { (name: String) in reply.headers[name].first ?? "" }
        #expect(header("X-Content-Type-Options") == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(header("X-Frame-Options") == "DENY", "\(what)", sourceLocation: sourceLocation)
        #expect(header("Referrer-Policy") == "no-referrer", "\(what)", sourceLocation: sourceLocation)
        #expect(header("Content-Security-Policy").contains("frame-ancestors 'none'"), "\(what)", sourceLocation: sourceLocation)
        #expect(header("Content-Security-Policy").contains("script-src 'self';"), "\(what)", sourceLocation: sourceLocation)
        #expect(header("Cross-Origin-Opener-Policy") == "same-origin", "\(what)", sourceLocation: sourceLocation)
        #expect(header("Permissions-Policy").contains("camera=()"), "\(what)", sourceLocation: sourceLocation)
        if what.hasPrefix("/api/") {
            #expect(header("Cache-Control") == "no-store", "\(what)", sourceLocation: sourceLocation)
        } else {
            #expect(!header("Cache-Control").isEmpty, "\(what)", sourceLocation: sourceLocation)
        }
    }

    @Test("Every kind of response carries the security headers, with HSTS for https origins", arguments: Engine.available)
    func everyRouteKind(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            for path in Self.paths {
                let reply = try await alice.client.get(path)
                Self.expectHardened(reply, path)
                #expect(reply.headers["Strict-Transport-Security"].first?.hasPrefix("max-age=") == true, "\(path)")
            }
            // A refused state change and an admin reply too.
            let refused = try await alice.client.send(.POST, "/api/logout", body: [], headers: [("Origin", "https://evil.example")])
            expectError(refused, 403, "origin_not_allowed")
            Self.expectHardened(refused, "/api/logout refused")
            Self.expectHardened(try await AdminClient(server: server).get("/api/admin/members"), "/api/admin/members")
            // The event stream never ends: only its head is read.
            var request = HTTPClientRequest(url: server.baseURL + "/api/events")
            request.headers.add(name: "Cookie", value: try #require(alice.client.cookie))
            let stream = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(stream.status.code == 200)
            Self.expectHardened(APIClient.Reply(status: 200, headers: stream.headers, body: []), "/api/events")
        }
    }

    @Test("No HSTS when an origin is plain http (development)", arguments: [Engine.sqlite])
    func noHSTSOverHTTP(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.origins = ["http://localhost:8080", TestServer.origin] }) { server in
            let reply = try await APIClient(baseURL: server.baseURL).get("/healthz")
            Self.expectHardened(reply, "/healthz")
            #expect(reply.headers["Strict-Transport-Security"].isEmpty)
        }
    }

    @Test("Defaults are secure: loopback only, limits on, connection idle timeout, private webhook targets refused")
    func secureDefaults() {
        let configuration = ServerConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.maxBodyBytes == 2 * 1024 * 1024)
        #expect(configuration.maxJSONDepth <= 100)
        #expect(configuration.maxHeaderBytes <= 64 * 1024)
        #expect(configuration.connectionIdleTimeout > 0 && configuration.connectionIdleTimeout <= 120)
        #expect(configuration.ceremonyRequestsPerMinute == 60)
        #expect(configuration.adminFailuresPerMinute == 10)
        #expect(configuration.webhookAllowPrivateTargets == false)
        #expect(configuration.sessionIdleTimeout <= 3600)
        #expect(configuration.dangerousOperationDelay >= 24 * 3600)
    }
}
