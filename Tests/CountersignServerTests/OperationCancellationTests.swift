import Countersign
import CountersignJSON
import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

/// The affected member cancels a scheduled operation with a passkey assertion over a ceremony
/// bound to them and the operation (issue 8). Another member, another member's passkey, a
/// replayed ceremony and a cancellation after the due time are refused, and audited.
@Suite("Operation cancellation", .timeLimit(.minutes(3)))
struct OperationCancellationTests {
    /// The runner is idle (it looks once at start, then not for an hour), so an operation past
    /// its due time stays pending and the refusal after dueAt can be seen.
    static func idleRunner(_ configuration: inout ServerConfiguration) {
        Operations.configure(&configuration)
        configuration.operationPollInterval = 3600
    }

    @Test("The member cancels with a passkey; others, replays and late attempts are refused and audited", arguments: Engine.available)
    func cancelByPasskey(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Self.idleRunner) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let deletion = try await admin.schedule("/api/admin/keys/\(alice.kid)/delete")

            // Bob cannot see or cancel Alice's operation.
            expectError(try await bob.client.post("/api/operations/\(deletion)/cancel/options"), 404, "not_found")
            expectError(try await bob.cancelOperation(deletion), 404, "not_found")
            // Alice's ceremony answered by Bob's passkey is refused.
            let foreign = try await alice.cancelOperation(deletion, passkey: bob.authenticator)
            #expect(foreign.status == 400 || foreign.status == 403, "\(foreign)")
            // No assertion, no cancellation.
            expectError(try await alice.client.post("/api/operations/\(deletion)/cancel"), 400, "passkey_required")
            #expect(try await admin.operation(deletion)["state"] == "pending")

            // Alice cancels with her passkey.
            let options = try await alice.client.post("/api/operations/\(deletion)/cancel/options")
            try expectStatus(options, 200)
            #expect(options.object["options"]?.objectValue?["userVerification"] == "required")
            let assertion = try alice.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
            let body: JSONObject = ["ceremony": try #require(options.object["ceremony"]), "response": assertion]
            let cancelled = try await alice.client.post("/api/operations/\(deletion)/cancel", body)
            try expectStatus(cancelled, 200)
            #expect(cancelled.object["state"] == "cancelled" && cancelled.object["cancelledBy"] == .string(alice.id))
            #expect(try await alice.pendingOperations().isEmpty)

            // The same ceremony cannot cancel another operation (it was spent, and bound to the first).
            let next = try await admin.schedule("/api/admin/members/\(alice.id)/remove")
            expectError(try await alice.client.post("/api/operations/\(next)/cancel", body), 400, "ceremony_unknown")
            // A ceremony for one operation cannot cancel another.
            let other = try await alice.client.post("/api/operations/\(deletion)/cancel/options")
            expectError(other, 409, "operation_not_pending")
            let roles = try await admin.schedule("/api/admin/members/\(alice.id)/roles", ["roles": .array(["observer"])])
            let forRoles = try await alice.client.post("/api/operations/\(roles)/cancel/options")
            try expectStatus(forRoles, 200)
            let rolesAssertion = try alice.authenticator.assert(options: try #require(forRoles.object["options"]?.objectValue))
            expectError(
                try await alice.client.post("/api/operations/\(next)/cancel", ["ceremony": try #require(forRoles.object["ceremony"]), "response": rolesAssertion]),
                400, "ceremony_mismatch")

            // After the due time the member can no longer cancel.
            server.clock.advance(by: Operations.delay + 1)
            expectError(try await alice.client.post("/api/operations/\(next)/cancel/options"), 409, "operation_due")
            #expect(try await admin.operation(next)["state"] == "pending")

            // The key was never revoked; every refusal is on record, the cancellation too.
            #expect(try await alice.client.get("/api/keys/\(alice.kid)").object["revokedAt"] == .null)
            let refusals = try await auditEvents(alice.client, action: "operation.cancel_refused")
            #expect(refusals.count >= 6, "\(refusals.map(\.details))")
            #expect(refusals.contains { $0.details.objectValue?["code"] == "operation_due" })
            #expect(refusals.contains { $0.details.objectValue?["code"] == "ceremony_mismatch" })
            let cancellations = try await auditEvents(alice.client, action: "operation.cancelled")
            #expect(cancellations.map(\.actor) == [alice.id])
        }
    }
}
