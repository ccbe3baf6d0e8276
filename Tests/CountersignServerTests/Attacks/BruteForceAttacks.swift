import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Guessing attacks: ceremonies (login) and admin signatures are rate limited per client
/// address; past the limit even correct credentials get 429, and after the window they work.
@Suite("Attack: brute force")
struct BruteForceAttacks {
    @Test("Brute force on login is rate limited: 429 past the limit, even for the right passkey, until the window passes", arguments: Engine.available)
    func login(engine: Engine) async throws {
        // Registration takes 2 ceremony requests, the login begun below 1, the 2 guesses 2.
        try await TestServer.with(engine, configure: { $0.ceremonyRequestsPerMinute = 5 }) { server in
            let alice = try await registeredMember(server)
            alice.client.dropSession()
            let (ceremony, options) = try await LoginTests.begin(alice.client)
            for _ in 0..<2 {
                let guess = try alice.authenticator.assert(options: options, challengeOverride: Array(repeating: 9, count: 32))
                expectError(try await LoginTests.finish(alice.client, ceremony: ceremony, response: guess), 400)
            }
            expectError(try await alice.client.post("/api/login/options"), 429, "rate_limited")
            let right = try alice.authenticator.assert(options: options)
            let refused = try await LoginTests.finish(alice.client, ceremony: ceremony, response: right)
            expectError(refused, 429, "rate_limited")
            #expect(refused.headers["Set-Cookie"].isEmpty)
            expectError(try await alice.client.get("/api/session"), 401)
            #expect(try await AdminClient(server: server).auditEvents("session.created").isEmpty)
            server.clock.advance(by: 61)
            try await alice.login()
        }
    }

    @Test("Brute force on admin signatures is rate limited: 429 past 10 failures, even for the ADMIN_KEY, until the window passes", arguments: Engine.available)
    func admin(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            for guess in 0..<10 {
                let wrong = AdminClient(server: server, adminKey: Array(repeating: UInt8(guess), count: 32))
                expectError(try await wrong.post("/api/admin/invitations", ["name": "mallory"]), 401, "admin_unauthenticated")
            }
            let wrong = AdminClient(server: server, adminKey: Array(repeating: 0xEE, count: 32))
            expectError(try await wrong.post("/api/admin/invitations", ["name": "mallory"]), 429, "rate_limited")
            expectError(try await admin.post("/api/admin/invitations", ["name": "bob"]), 429, "rate_limited")
            server.clock.advance(by: 61)
            try expectStatus(try await admin.post("/api/admin/invitations", ["name": "carol"]), 201)
            // Only carol was invited; the refusals are audited.
            #expect(try await admin.auditEvents("member.invited").count == 1)
            #expect(try await admin.auditEvents("admin.refused").count >= 10)
        }
    }
}
