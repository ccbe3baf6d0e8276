import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign admin members|invitations|policies|webhooks|audit` against a running server, with
/// their --json output checked against what the server then holds.
@Suite("countersign admin commands")
struct AdminCommandsTests {
    @Test("Members, invitations, policies, webhooks and the audit log from the command line", arguments: Engine.available)
    func adminCommands(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: { Webhooks.fast(&$0); Operations.immediate(&$0) }) { server in
                let admin = AdminClient(server: server)
                let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let cli = CountersignCLI(server: server, folder: folder)

                let created = try cli.json(try await cli.admin(["members", "create", "--name", "Ledger", "--role", "bank", "--json"]))
                let id = try #require(created["id"]?.stringValue)
                #expect(created["status"] == "invited")
                let roles = try cli.json(try await cli.admin(["members", "roles", id, "--role", "bank", "--role", "custodian", "--json"]))
                #expect(roles["kind"] == "member.roles" && roles["state"] == "pending")
                #expect(roles["details"]?.objectValue?["roles"] == .array(["bank", "custodian"]))
                try await admin.waitForOperation(try #require(roles["id"]?.stringValue))
                let listed = try await cli.admin(["members", "list"])
                #expect(listed.exitCode == 0 && listed.output.contains(id) && listed.output.contains("custodian"), "\(listed.output)")

                let invitation = try cli.json(try await cli.admin(["invite", "--member", id, "--json"]))
                #expect(invitation["member"]?.stringValue == id)
                let invitations = try await cli.admin(["invitations", "list", "--member", id, "--json"])
                let pending = try #require(try JSONParser().parse(Array(invitations.output.utf8)).arrayValue?.first?.objectValue)
                #expect(pending["state"] == "pending")
                let revoked = try cli.json(try await cli.admin(["invitations", "revoke", "--json", "--", try #require(pending["id"]?.stringValue)]))
                #expect(revoked["state"] == "revoked")

                let suspended = try cli.json(try await cli.admin(["members", "suspend", id, "--json"]))
                #expect(suspended["status"] == "suspended")
                let again = try await cli.admin(["members", "suspend", id])
                #expect(again.exitCode == 1 && again.output.contains("already suspended"), "\(again.output)")
                let reinstated = try cli.json(try await cli.admin(["members", "reinstate", id, "--json"]))
                #expect(reinstated["status"] == "invited")

                let policyFile = try cli.write(#"{"threshold":1,"signers":[{"role":"bank","weight":1}]}"#, name: "policy.json")
                let stored = try cli.json(try await cli.admin(["policies", "store", "--name", "Bank alone", "--file", policyFile, "--json"]))
                let policyID = try #require(stored["id"]?.stringValue)
                let next = try cli.json(try await cli.admin(["policies", "store", "--id", policyID, "--name", "Bank alone v2", "--file", policyFile, "--json"]))
                #expect(next["kind"] == "policy.replace")
                try await admin.waitForOperation(try #require(next["id"]?.stringValue))
                let shown = try cli.json(try await cli.admin(["policies", "show", policyID, "--json"]))
                #expect(shown["versions"]?.arrayValue?.count == 2)

                let hook = try cli.json(try await cli.admin(["webhooks", "add", "--url", receiver.baseURL + "/cli", "--event", "member.suspended", "--json"]))
                let hookID = try #require(hook["id"]?.stringValue)
                _ = try cli.json(try await cli.admin(["members", "suspend", id, "--json"]))
                // The receiver answers before the outbox records the delivery: wait for the record
                // itself, not for the receiver (on a busy machine the two are far apart).
                try await eventually("the suspension delivered", within: 120) { receiver.received.contains { $0.status == 200 } }
                var delivery: JSONObject = [:]
                try await eventually("the delivery recorded as delivered", within: 120) {
                    let deliveries = try await cli.admin(["webhooks", "deliveries", hookID, "--json"])
                    delivery = try JSONParser().parse(Array(deliveries.output.utf8)).arrayValue?.first?.objectValue ?? [:]
                    return delivery["state"] == "delivered"
                }
                #expect(delivery["action"] == "member.suspended" && delivery["state"] == "delivered")
                let removed = try await cli.admin(["webhooks", "remove", hookID])
                #expect(removed.exitCode == 0, "\(removed.output)")

                let audit = try await cli.admin(["audit", "--limit", "5", "--json"])
                let events = try #require(try JSONParser().parse(Array(audit.output.utf8)).arrayValue, "\(audit.output)")
                #expect(events.count == 5)
                #expect(events.last?.objectValue?["action"] == "webhook.deleted")

                let wrongKey = folder.appendingPathComponent("wrong.key")
                try Data((String(repeating: "cd", count: 32) + "\n").utf8).write(to: wrongKey)
                let refused = try await cli.run(["admin", "members", "list", "--server", server.baseURL, "--admin-key-file", wrongKey.path])
                #expect(refused.exitCode == 1 && refused.output.contains("admin_unauthenticated"), "\(refused.output)")
            }
        }
    }
}
