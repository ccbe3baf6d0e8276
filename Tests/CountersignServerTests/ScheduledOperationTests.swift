import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Delayed dangerous operations (issue 8, docs/operations.md and 6): each kind is scheduled by the
/// admin (202), announced (audit, webhook, SSE to the affected members only), listed with its due
/// time, and run once when due on the test clock.
@Suite("Scheduled operations", .timeLimit(.minutes(4)))
struct ScheduledOperationTests {
    static let twoPartners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    @Test("Every kind is scheduled, announced, listed with its due time, and runs when due", arguments: Engine.available)
    func scheduledAnnouncedRun(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: { Webhooks.fast(&$0); Operations.configure(&$0) }) { server in
                let admin = AdminClient(server: server)
                try expectStatus(try await admin.registerWebhook(url: receiver.baseURL + "/ops", events: ["operation.scheduled", "operation.executed"]), 201)
                let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
                let (alice, bob) = (team[0], team[1])
                let spare = try await alice.addPasskey(on: server)
                let observer = try await Team.join(server, name: "olga", roles: ["observer"])
                let policy = try await admin.post("/api/admin/policies", ["name": "Partners", "policy": try JSONParser().parse(Self.twoPartners)])
                let policyID = try #require(policy.object["id"]?.stringValue)
                let aliceEvents = try await EventRecorder(server, as: alice)
                let olgaEvents = try await EventRecorder(server, as: observer)
                defer { aliceEvents.stop(); olgaEvents.stop() }

                let keyDelete = try await admin.schedule("/api/admin/keys/\(alice.kid)/delete")
                let passkeyDelete = try await admin.schedule("/api/admin/passkeys/\(Base64URL.encode(spare.credentialID))/delete")
                let roles = try await admin.schedule("/api/admin/members/\(bob.id)/roles", ["roles": .array(["partner", "treasurer"])])
                let one = try JSONParser().parse(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
                let replace = try await admin.schedule("/api/admin/policies/\(policyID)", ["name": "Any partner", "policy": one])
                let ids = [keyDelete, passkeyDelete, roles, replace]

                // Refusals at scheduling: a second pending operation on the same target, unknown
                // targets, invalid roles and policies.
                expectError(try await admin.post("/api/admin/keys/\(alice.kid)/delete", [:]), 409, "operation_pending")
                expectError(try await admin.post("/api/admin/keys/nokid/delete", [:]), 404, "not_found")
                expectError(try await admin.post("/api/admin/members/mem_nobody/remove", [:]), 404, "not_found")
                expectError(try await admin.post("/api/admin/passkeys/AAAA/delete", [:]), 404, "not_found")
                expectError(try await admin.post("/api/admin/members/\(bob.id)/roles", ["roles": .array(["Not A Role"])]), 400, "invalid_roles")
                expectError(
                    try await admin.post("/api/admin/policies/\(policyID)", ["name": "x", "policy": .object(["threshold": 3, "signers": .array([])])]),
                    422)

                // The admin sees them pending with their due time.
                let pending = try await admin.get("/api/admin/operations?state=pending")
                try expectStatus(pending, 200)
                let listed = try #require(pending.object["operations"]?.arrayValue).compactMap(\.objectValue)
                #expect(Set(listed.compactMap { $0["id"]?.stringValue }) == Set(ids))
                for operation in listed {
                    let scheduled = try #require(operation["scheduledAt"]?.stringValue.flatMap(Timestamp.parse))
                    let due = try #require(operation["dueAt"]?.stringValue.flatMap(Timestamp.parse))
                    #expect(due.timeIntervalSince(scheduled) == Operations.delay)
                }
                let shownKey = try await admin.operation(keyDelete)
                #expect(shownKey["kind"] == "key.delete" && shownKey["member"] == .string(alice.id) && shownKey["target"] == .string(alice.kid))
                expectError(try await admin.get("/api/admin/operations?state=bogus"), 400, "invalid_query")

                // Each member sees what affects them: the policy names both partners by role.
                #expect(Set(try await alice.pendingOperations()) == [keyDelete, passkeyDelete, replace])
                #expect(Set(try await bob.pendingOperations()) == [roles, replace])
                #expect(try await observer.pendingOperations().isEmpty)

                // Announced: audit, webhook, and SSE to the affected member only.
                let scheduledEvents = try await auditEvents(alice.client, action: "operation.scheduled")
                #expect(Set(scheduledEvents.compactMap { $0.details.objectValue?["id"]?.stringValue }) == Set(ids))
                try await eventually("webhook deliveries of the announcements") {
                    Set(try receiver.received.filter { $0.status == 200 }.compactMap { request -> String? in
                        let body = try JSONParser().parse(request.body).objectValue
                        return body?["event"]?.objectValue?["details"]?.objectValue?["id"]?.stringValue
                    }).isSuperset(of: ids)
                }
                try await eventually("the SSE announcements to alice") {
                    let blocks = aliceEvents.events("operation")
                    return [keyDelete, passkeyDelete, replace].allSatisfy { id in blocks.contains { $0.contains(id) } }
                }
                #expect(!aliceEvents.events("operation").contains { $0.contains(roles) }, "bob's role change is not announced to alice")

                // Nothing runs before it is due; then each runs once.
                #expect(try await admin.operation(keyDelete)["state"] == "pending")
                server.clock.advance(by: Operations.delay + 1)
                for id in ids { try await admin.waitForOperation(id) }
                #expect(try await alice.client.get("/api/keys/\(alice.kid)").object["revokedAt"]?.stringValue != nil)
                let passkeys = try await alice.client.get("/api/passkeys")
                let deleted = try #require(passkeys.object["passkeys"]?.arrayValue).compactMap(\.objectValue)
                    .first { $0["id"]?.stringValue == Base64URL.encode(spare.credentialID) }
                #expect(deleted?["revokedAt"]?.stringValue != nil)
                #expect(try await admin.get("/api/admin/members/\(bob.id)").object["roles"] == .array(["partner", "treasurer"]))
                let replaced = try await admin.get("/api/admin/policies/\(policyID)")
                #expect(replaced.object["version"] == 2 && replaced.object["name"] == "Any partner")
                let statement = try await bob.createStatement(policy: Self.twoPartners)
                expectError(try await alice.vote(.approve, on: statement), 422, "vote_key_revoked")

                let actions = try await AuditLog.actions(alice.client)
                for action in ["key.deleted", "passkey.deleted", "member.roles_changed"] {
                    #expect(actions.filter { $0 == action }.count == 1, "\(action)")
                }
                #expect(actions.filter { $0 == "operation.executed" }.count == ids.count)
                #expect(try await admin.get("/api/admin/operations?state=done").object["operations"]?.arrayValue?.count == ids.count)
                try await eventually("the SSE report of the key's deletion") {
                    aliceEvents.events("operation").contains { $0.contains("operation.executed") && $0.contains(keyDelete) }
                }
                #expect(olgaEvents.events("operation").isEmpty, "an unaffected member hears of no operation")
            }
        }
    }

    @Test("An operation whose target is gone when due fails, audited; the admin withdraws its own", arguments: Engine.available)
    func failsAndWithdrawn(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.configure) { server in
            let admin = AdminClient(server: server)
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let deletion = try await admin.schedule("/api/admin/keys/\(alice.kid)/delete")
            try expectStatus(try await alice.revokeKey(alice.kid), 200)
            server.clock.advance(by: Operations.delay + 1)
            let failed = try await admin.waitForOperation(deletion, state: "failed")
            #expect(failed["result"]?.objectValue?["code"] == "key_revoked")
            #expect(try await auditEvents(alice.client, action: "operation.failed").count == 1)
            #expect(try await auditEvents(alice.client, action: "key.deleted").isEmpty)

            let removal = try await admin.schedule("/api/admin/members/\(alice.id)/remove")
            let withdrawn = try await admin.post("/api/admin/operations/\(removal)/cancel", [:])
            try expectStatus(withdrawn, 200)
            #expect(withdrawn.object["state"] == "cancelled" && withdrawn.object["cancelledBy"] == "admin")
            expectError(try await admin.post("/api/admin/operations/\(removal)/cancel", [:]), 409, "operation_not_pending")
            expectError(try await admin.post("/api/admin/operations/op_unknown/cancel", [:]), 404, "not_found")
            server.clock.advance(by: Operations.delay + 1)
            try await alice.login()
            #expect(try await admin.operation(removal)["state"] == "cancelled")
        }
    }
}
