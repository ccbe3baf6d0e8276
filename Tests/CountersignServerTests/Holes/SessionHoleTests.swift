import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Issue 18.6: sessions end with what they were made with. Revoking a passkey ends the sessions
/// it opened (and no other); "sign out everywhere" ends all of the member's sessions.
@Suite("Hole: sessions outlive their passkey")
struct SessionHoleTests {
    /// A new browser signed in with `passkey`.
    static func signIn(_ server: TestServer, with passkey: SoftwareAuthenticator) async throws -> APIClient {
        let browser = APIClient(baseURL: server.baseURL)
        let options = try await browser.post("/api/login/options")
        let assertion = try passkey.assert(options: try #require(options.object["options"]?.objectValue))
        try expectStatus(try await browser.post("/api/login/verify", ["ceremony": try #require(options.object["ceremony"]), "response": assertion]), 200)
        return browser
    }

    @Test("Revoking a passkey ends the sessions it opened; sign out everywhere ends the rest", arguments: Engine.available)
    func revocationEndsSessions(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let spare = try await alice.addPasskey(on: server)
            let laptop = try await Self.signIn(server, with: spare)
            let phone = try await Self.signIn(server, with: alice.authenticator)
            try expectStatus(try await laptop.get("/api/session"), 200)

            // The first passkey revokes the spare one: the laptop's session, opened by the spare
            // passkey, ends; the sessions the first passkey opened go on.
            try expectStatus(try await alice.revokePasskey(Base64URL.encode(spare.credentialID)), 200)
            expectError(try await laptop.get("/api/session"), 401)
            try expectStatus(try await phone.get("/api/session"), 200)
            try expectStatus(try await alice.client.get("/api/session"), 200)

            // Sign out everywhere from the registration's browser: every session ends.
            let ended = try await alice.client.post("/api/logout/everywhere")
            try expectStatus(ended, 200)
            #expect(ended.object["sessions"] == 2)
            expectError(try await phone.get("/api/session"), 401)
            expectError(try await alice.client.get("/api/session"), 401)
            #expect(try await AdminClient(server: server).auditEvents("session.ended_everywhere").count == 1)
        }
    }

    @Test("Sign out everywhere needs a session and a same-origin request", arguments: Engine.available)
    func signOutEverywhereIsProtected(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            expectError(try await APIClient(baseURL: server.baseURL).post("/api/logout/everywhere"), 401)
            let foreign = APIClient(baseURL: server.baseURL, origin: "https://evil.example")
            foreign.setCookie(alice.client.cookie)
            expectError(try await foreign.post("/api/logout/everywhere"), 403)
            try expectStatus(try await alice.client.get("/api/session"), 200)
        }
    }
}
