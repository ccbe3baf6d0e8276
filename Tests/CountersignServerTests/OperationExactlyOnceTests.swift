import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Scheduled operations run exactly once: after a restart (the schedule is in the database) and
/// with two instances on one PostgreSQL whose runners race for the same due operations.
@Suite("Operations run exactly once", .timeLimit(.minutes(4)))
struct OperationExactlyOnceTests {
    @Test("An operation scheduled before a restart runs once after it", arguments: Engine.available)
    func acrossRestart(engine: Engine) async throws {
        let first = try await TestServer.start(engine, configure: Operations.configure)
        var server = first
        do {
            let alice = try await Team.join(first, name: "alice", roles: ["partner"])
            let bob = try await Team.join(first, name: "bob", roles: ["partner"])
            let deletion = try await AdminClient(server: first).schedule("/api/admin/keys/\(alice.kid)/delete")
            let roles = try await AdminClient(server: first).schedule("/api/admin/members/\(bob.id)/roles", ["roles": .array(["observer"])])
            server = try await first.restarted(engine, configure: Operations.configure)
            // The new process's clock starts again from the real time: move it past the due time.
            server.clock.advance(by: Operations.delay + 1)
            let admin = AdminClient(server: server)
            try await admin.waitForOperation(deletion)
            try await admin.waitForOperation(roles)
            server = try await server.restarted(engine, configure: Operations.configure)
            server.clock.advance(by: Operations.delay + 1)
            // A third start finds nothing left to run: each effect is on record once.
            let audit = AdminClient(server: server)
            try await audit.waitForOperation(deletion)
            #expect(try await audit.auditEvents("key.deleted").count == 1)
            #expect(try await audit.auditEvents("member.roles_changed").count == 1)
            let executed = try await audit.auditEvents("operation.executed").compactMap { $0["details"]?.objectValue?["id"]?.stringValue }
            #expect(executed.sorted() == [deletion, roles].sorted())
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("Two instances on one PostgreSQL run each due operation once")
    func twoInstances() async throws {
        guard Engine.available.contains(.postgres) else { return }
        let first = try await TestServer.start(.postgres, configure: Operations.configure)
        var second: TestServer?
        do {
            second = try await TestServer.start(.postgres, sharing: first, configure: Operations.configure)
            let team = try await Team.make(first, names: ["a", "b", "c", "d"], roles: ["partner"])
            let admin = AdminClient(server: first)
            var ids: [String] = []
            for member in team {
                ids.append(try await admin.schedule("/api/admin/keys/\(member.kid)/delete"))
                ids.append(try await admin.schedule("/api/admin/members/\(member.id)/roles", ["roles": .array(["observer"])]))
            }
            // Both runners find every operation due at once.
            first.clock.advance(by: Operations.delay + 1)
            second?.clock.advance(by: Operations.delay + 1)
            for id in ids { try await admin.waitForOperation(id) }
            #expect(try await admin.auditEvents("operation.executed").count == ids.count)
            #expect(try await admin.auditEvents("key.deleted").count == team.count)
            #expect(try await admin.auditEvents("member.roles_changed").count == team.count)
            #expect(try await admin.auditEvents("operation.failed").isEmpty)
        } catch {
            await second?.stop()
            await first.stop()
            throw error
        }
        await second?.stop()
        await first.stop()
    }
}
