import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Passkey login and registration ceremonies over HTTP: discoverable login, a ceremony finished by
/// another instance, and every way a ceremony or an invitation can be misused.
@Suite("Login and registration ceremonies")
struct LoginTests {
    /// Begins a discoverable login: the ceremony id and the request options.
    static func begin(_ client: APIClient) async throws -> (ceremony: JSONValue, options: JSONObject) {
        let reply = try await client.post("/api/login/options")
        try expectStatus(reply, 200)
        return (try #require(reply.object["ceremony"]), try #require(reply.object["options"]?.objectValue))
    }

    static func finish(_ client: APIClient, ceremony: JSONValue, response: JSONValue) async throws -> APIClient.Reply {
        try await client.post("/api/login/verify", ["ceremony": ceremony, "response": response])
    }

    @Test("A registered member logs in from a new browser with the passkey alone", arguments: Engine.available)
    func discoverableLogin(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            alice.client.dropSession()
            expectError(try await alice.client.get("/api/session"), 401)
            let login = try await alice.login()
            #expect(login.object["member"]?.objectValue?["id"]?.stringValue == alice.id)
            let session = try await alice.client.get("/api/session")
            try expectStatus(session, 200)
            #expect(session.object["member"]?.objectValue?["id"]?.stringValue == alice.id)
        }
    }

    @Test("A login begun on one instance finishes on another sharing the database", .enabled(if: Engine.available.contains(.postgres)))
    func ceremonyAcrossInstances() async throws {
        try await TestServer.with(.postgres) { first in
            let second = try await TestServer.start(.postgres, sharing: first)
            do {
                let alice = try await registeredMember(first)
                alice.client.dropSession()
                let (ceremony, options) = try await Self.begin(alice.client)
                alice.client.baseURL = second.baseURL
                let verified = try await Self.finish(alice.client, ceremony: ceremony, response: try alice.authenticator.assert(options: options))
                try expectStatus(verified, 200)
                // The session is in the shared database: the first instance knows it too.
                alice.client.baseURL = first.baseURL
                try expectStatus(try await alice.client.get("/api/session"), 200)
                await second.stop()
            } catch {
                await second.stop()
                throw error
            }
        }
    }

    @Test("An invitation registers one passkey: a second use is refused, even mid-ceremony", arguments: Engine.available)
    func invitationUsedTwice(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let invitation = try await AdminClient(server: server).invite(name: "alice", roles: ["partner"])
            let (first, second) = (try TestMember(name: "alice", server: server), try TestMember(name: "mallory", server: server))
            // Both begin before either finishes: the second to finish is refused.
            let optionsA = try await first.client.post("/api/registration/options", ["invite": .string(invitation.token)])
            let optionsB = try await second.client.post("/api/registration/options", ["invite": .string(invitation.token)])
            try expectStatus(optionsA, 200)
            try expectStatus(optionsB, 200)
            for (member, options, expected) in [(first, optionsA, 201), (second, optionsB, 409)] {
                let response = try member.authenticator.register(options: try #require(options.object["options"]?.objectValue))
                let verified = try await member.client.post(
                    "/api/registration/verify", ["ceremony": try #require(options.object["ceremony"]), "response": response])
                #expect(verified.status == expected, "\(verified)")
                if expected != 201 { expectError(verified, 409, "invitation_used") }
            }
            // Once used, the invitation does not even begin a ceremony.
            expectError(try await second.client.post("/api/registration/options", ["invite": .string(invitation.token)]), 403, "invitation_invalid")
        }
    }

    @Test("An unknown invitation is refused", arguments: Engine.available)
    func unknownInvitation(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let stranger = try TestMember(name: "mallory", server: server)
            let reply = try await stranger.client.post("/api/registration/options", ["invite": "not-an-invitation"])
            expectError(reply, 403, "invitation_invalid")
        }
    }
}
