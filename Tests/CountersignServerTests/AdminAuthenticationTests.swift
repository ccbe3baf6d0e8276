import CountersignJOSE
import Foundation
import Testing

/// Admin requests signed with RFC 9421 (DESIGN.md 6): a wrong key, a replayed nonce and a stale
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
