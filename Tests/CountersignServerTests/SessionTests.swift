import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Browser sessions over HTTP (docs/http-signatures.md): the cookie's attributes, logout, idle and absolute
/// expiry, the Origin check on state-changing requests, and the session probe.
@Suite("Sessions")
struct SessionTests {
    static let policy = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("The session cookie is HttpOnly, SameSite=Strict, Path=/ and Secure", arguments: Engine.available)
    func cookieAttributes(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            alice.client.dropSession()
            let login = try await alice.login()
            let cookie = try #require(login.headers["Set-Cookie"].first { $0.hasPrefix("countersign_session=") })
            let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.contains("httponly"), "\(cookie)")
            #expect(attributes.contains("samesite=strict"), "\(cookie)")
            #expect(attributes.contains("path=/"), "\(cookie)")
            #expect(attributes.contains("secure"), "\(cookie)")
        }
    }

    @Test("GET /api/session names the member; without a cookie it is 401", arguments: Engine.available)
    func sessionProbe(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let reply = try await alice.client.get("/api/session")
            try expectStatus(reply, 200)
            #expect(reply.object["member"]?.objectValue?["id"]?.stringValue == alice.id)
            alice.client.dropSession()
            expectError(try await alice.client.get("/api/session"), 401, "unauthenticated")
        }
    }

    @Test("A session unused for longer than the idle timeout ends", arguments: Engine.available)
    func idleExpiry(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.sessionIdleTimeout = 120 }) { server in
            let alice = try await registeredMember(server)
            try expectStatus(try await alice.client.get("/api/session"), 200)
            server.clock.advance(by: 121)
            expectError(try await alice.client.get("/api/session"), 401, "session_expired")
            // Expiry is final: the session is gone, not just asleep.
            expectError(try await alice.client.get("/api/session"), 401)
        }
    }

    @Test("A session in use outlives a short idle timeout", arguments: Engine.available)
    func activityKeepsSessionAlive(engine: Engine) async throws {
        // A request every 45 s for 3 minutes, under a 60 s idle timeout: each request must
        // restart the idle clock, although the server refreshes it lazily.
        try await TestServer.with(engine, configure: { $0.sessionIdleTimeout = 60 }) { server in
            let alice = try await registeredMember(server)
            for _ in 0..<4 {
                server.clock.advance(by: 45)
                try expectStatus(try await alice.client.get("/api/session"), 200)
            }
        }
    }

    @Test("A session ends at the absolute timeout however active it is", arguments: Engine.available)
    func absoluteExpiry(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.sessionAbsoluteTimeout = 300 }) { server in
            let alice = try await registeredMember(server)
            try expectStatus(try await alice.client.get("/api/session"), 200)
            server.clock.advance(by: 200)
            try expectStatus(try await alice.client.get("/api/session"), 200)
            server.clock.advance(by: 101)
            expectError(try await alice.client.get("/api/session"), 401, "session_expired")
        }
    }
}
