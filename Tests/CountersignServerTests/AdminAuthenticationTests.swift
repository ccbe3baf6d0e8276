import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Admin requests signed with RFC 9421 (docs/http-signatures.md): a wrong key, a replayed nonce and a stale
/// `created` are each refused 401 admin_unauthenticated, audited, and create nothing.
@Suite("Admin request authentication")
struct AdminAuthenticationTests {
    @Test("Wrong key, replayed nonce and a 10-minute-old request are refused and audited", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let admin = AdminClient(server: server)
            let body: JSONObject = ["name": "mallory"]

            let wrongKey = AdminClient(server: server, adminKey: Array(repeating: 0x17, count: 32))
            expectError(try await wrongKey.post("/api/admin/invitations", body), 401, "admin_unauthenticated")

            let nonce = UUID().uuidString
            try expectStatus(try await admin.post("/api/admin/invitations", ["name": "bob"], nonce: nonce), 201)
            expectError(try await admin.post("/api/admin/invitations", ["name": "bob"], nonce: nonce), 401, "admin_unauthenticated")

            let tenMinutesAgo = Int(Date().timeIntervalSince1970) - 600
            expectError(try await admin.post("/api/admin/invitations", body, created: tenMinutesAgo), 401, "admin_unauthenticated")

            let events = try await AuditLog.all(alice.client)
            #expect(events.filter { $0.action == "admin.refused" }.count == 3)
            // alice and bob were invited; mallory never was.
            #expect(events.filter { $0.action == "member.invited" }.count == 2)
        }
    }
}

/// Tampering with a signed admin request in transit, and members knocking on the admin door.
@Suite("Admin request tampering and members on admin routes")
struct AdminTamperingTests {
    @Test("A changed body or a changed path is refused 401 and creates nothing", arguments: Engine.available)
    func tampered(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let signed: JSONObject = ["name": "bob", "roles": .array(["observer"])]
            let changed: JSONObject = ["name": "bob", "roles": .array(["partner"])]
            // Body changed, its old Content-Digest kept: the digest check fails.
            expectError(try await admin.send(.POST, "/api/admin/members", changed, signedBody: signed), 401, "admin_unauthenticated")
            // Body changed with a fresh digest: the signature (over the old digest) fails.
            expectError(
                try await admin.send(.POST, "/api/admin/members", changed, signedBody: signed, recomputeDigest: true), 401,
                "admin_unauthenticated")
            // Signed for one route, sent to another.
            expectError(
                try await admin.send(.POST, "/api/admin/invitations", signed, signedPath: "/api/admin/members"), 401, "admin_unauthenticated")
            // A signed GET replayed against another member's path.
            let members = try await admin.get("/api/admin/members")
            try expectStatus(members, 200)
            #expect(members.object["members"]?.arrayValue?.isEmpty == true)
            expectError(try await admin.send(.GET, "/api/admin/members?status=active", nil, signedPath: "/api/admin/members"), 401)

            let audit = try await admin.get("/api/admin/audit")
            try expectStatus(audit, 200)
            let actions = audit.object["events"]?.arrayValue?.compactMap { $0.objectValue?["action"]?.stringValue } ?? []
            #expect(actions.filter { $0 == "admin.refused" }.count == 4)
            #expect(!actions.contains("member.created") && !actions.contains("member.invited"))
        }
    }

    @Test("A member cannot call admin routes with a session or with their own key", arguments: Engine.available)
    func membersAreNotAdmins(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let before = try await AdminClient(server: server).get("/api/admin/members")
            // The session cookie and the web app's Origin mean nothing to the admin API.
            expectError(try await alice.client.post("/api/admin/members", ["name": "eve"]), 401, "admin_unauthenticated")
            expectError(try await alice.client.get("/api/admin/members"), 401, "admin_unauthenticated")
            // A request signed with the member's own key under their kid.
            let signer = MemberSigner(server: server, key: alice.signingKey)
            expectError(try await signer.send(.POST, "/api/admin/members", ["name": "eve"]), 401, "admin_unauthenticated")
            expectError(try await signer.send(.POST, "/api/admin/members/\(alice.id)/roles", ["roles": .array(["admin"])]), 401)
            // The same key, claiming keyid "admin".
            let forged = MemberSigner(server: server, key: alice.signingKey, keyid: "admin")
            expectError(try await forged.send(.POST, "/api/admin/members", ["name": "eve"]), 401, "admin_unauthenticated")
            let after = try await AdminClient(server: server).get("/api/admin/members")
            #expect(after.object["members"] == before.object["members"])
        }
    }
}
