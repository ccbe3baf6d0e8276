import CountersignClient
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// CountersignClient's admin methods against the real admin API (hmac-sha256 with the ADMIN_KEY):
/// members, invitations, stored policies and the admin audit view.
@Suite("CountersignClient admin")
struct ClientAdminRoutesTests {
    @Test("Members: create, list, show, roles, suspend, reinstate", arguments: Engine.available)
    func members(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = Self.admin(server)
            let bot = try await admin.createMember(name: "Ledger Bot", roles: ["service", "bank"])
            #expect(bot.status == "invited")
            #expect(bot.roles == ["bank", "service"])
            #expect(bot.passkeys == 0 && bot.keys.isEmpty)

            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            #expect(Set(try await admin.members().map(\.id)) == [bot.id, alice.id])
            let active = try await admin.members(status: "active")
            #expect(active.map(\.id) == [alice.id])
            #expect(active.first?.keys.map(\.kid) == [alice.kid])
            #expect(active.first?.keys.first?.method == "passkey")

            let change = try await admin.setRoles(of: bot.id, to: ["auditor"])
            #expect(change.kind == "member.roles" && change.state == "pending")
            try await AdminClient(server: server).waitForOperation(change.id)
            #expect(try await admin.member(bot.id).roles == ["auditor"])
            #expect(try await admin.suspendMember(alice.id).status == "suspended")
            let signed = CountersignClient(server: server.baseURL, credentials: .member(key: alice.signingKey))
            do {
                _ = try await signed.statements()
                Issue.record("a suspended member's signed request was accepted")
            } catch let error as CountersignClientError {
                #expect(error.code == "member_unauthenticated")
            }
            #expect(try await admin.reinstateMember(alice.id).status == "active")
            #expect(try await signed.statements().statements.isEmpty)
            do {
                _ = try await admin.member("mem_nobody")
                Issue.record("an unknown member was found")
            } catch let error as CountersignClientError {
                #expect(error.code == "not_found")
            }
        }
    }

    @Test("Invitations: for a new or an existing member, listed and revoked", arguments: Engine.available)
    func invitations(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = Self.admin(server)
            let first = try await admin.invite(.newMember(name: "Dana", roles: ["partner"]))
            let again = try await admin.invite(.existingMember(id: first.member))
            #expect(again.member == first.member)
            let listed = try await admin.invitations(member: first.member)
            #expect(listed.count == 2)
            #expect(listed.allSatisfy { $0.state == "pending" })
            let id = try #require(again.id)
            let revoked = try await admin.revokeInvitation(id)
            #expect(revoked.state == "revoked")
            #expect(revoked.revokedAt != nil)
            let dana = try TestMember(name: "dana", server: server)
            try await dana.register(invite: first.token)
            #expect(try await admin.member(first.member).status == "active")
        }
    }

    @Test("Stored policies with versions, and the admin audit view", arguments: Engine.available)
    func policiesAndAudit(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = Self.admin(server)
            let one = try JSONParser().parse(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
            let two = try JSONParser().parse(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            let stored = try await admin.storePolicy(name: "partners", policy: one)
            let replacement = try await admin.storePolicyVersion(stored.id, name: "partners", policy: two)
            #expect(replacement.kind == "policy.replace" && replacement.target == stored.id)
            try await AdminClient(server: server).waitForOperation(replacement.id)
            let listed = try await admin.policies()
            #expect(listed.map(\.id) == [stored.id])
            #expect(listed.first?.version == 2)
            let shown = try await admin.policy(stored.id)
            #expect(shown.versions.map(\.version) == [1, 2])
            #expect(shown.policy == shown.versions.last?.policy)

            let page = try await admin.adminAuditPage(after: 0, limit: 1000)
            #expect(page.events.filter { $0.action == "policy.stored" }.count == 2)
            #expect(page.next == nil)
        }
    }

    @Test("Webhooks: create, list, deliveries, delete; the server key that signs deliveries", arguments: Engine.available)
    func webhooks(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: Webhooks.fast) { server in
                let admin = Self.admin(server)
                let webhook = try await admin.createWebhook(url: receiver.baseURL + "/hooks/client", events: ["member.invited"])
                #expect(webhook.events == ["member.invited"])
                #expect(try await admin.webhooks().map(\.id) == [webhook.id])
                _ = try await admin.invite(.newMember(name: "Erin", roles: []))
                var deliveries: [WebhookDelivery] = []
                for _ in 0..<200 where deliveries.first?.state != "delivered" {
                    try await Task.sleep(for: .milliseconds(50))
                    deliveries = try await admin.deliveries(ofWebhook: webhook.id)
                }
                let delivery = try #require(deliveries.first)
                #expect(delivery.state == "delivered" && delivery.action == "member.invited")
                #expect(delivery.attempts.last?.status == 200)

                let key = try await CountersignClient(server: server.baseURL, credentials: .anonymous).serverKey()
                #expect(key.thumbprint == server.environment.secrets.serverKey.thumbprint)
                #expect(!key.isPrivate)

                try await admin.deleteWebhook(webhook.id)
                #expect(try await admin.webhooks().isEmpty)
                do {
                    _ = try await admin.createWebhook(url: "ftp://example.com/", events: ["*"])
                    Issue.record("an ftp URL was accepted")
                } catch let error as CountersignClientError {
                    #expect(error.code == "invalid_webhook_url")
                }
            }
        }
    }

    static func admin(_ server: TestServer) -> CountersignClient {
        CountersignClient(server: server.baseURL, credentials: .admin(key: server.adminKey))
    }
}
