import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Two instances on one PostgreSQL whose clocks disagree by less than the allowed skew (60 s, the
/// RFC 9421 future allowance): work started on one finishes on the other, signed requests made with
/// one's time pass the other, a scheduled operation runs once and never before it is due on the
/// clock of the instance running it; a request beyond the allowance is refused clearly.
@Suite("Faults: clock skew", .serialized, .enabled(if: Engine.available.contains(.postgres)))
struct ClockSkewTests {
    /// How far the second instance's clock runs ahead of the first's.
    static let skew: TimeInterval = 30

    @Test("two instances 30 s apart: statements, votes, signed requests and operations work across them")
    func withinWindow() async throws {
        let first = try await TestServer.start(.postgres, configure: Operations.configure)
        let second: TestServer
        do {
            second = try await TestServer.start(.postgres, sharing: first, configure: Operations.configure)
        } catch {
            await first.stop()
            throw error
        }
        second.clock.advance(by: Self.skew)
        do {
            try await exercise(first, second)
        } catch {
            Issue.record(error)
        }
        await second.stop()
        await first.stop()
    }

    private func exercise(_ first: TestServer, _ second: TestServer) async throws {
        let members = try await Team.make(first, names: ["ada", "bo"], roles: ["board"])
        let (ada, bo) = (members[0], members[1])
        let policy = #"{"threshold":2,"signers":[{"role":"board","weight":1}]}"#

        // Created on the slow instance, voted on both; created on the fast one, voted on the slow one.
        let early = try await ada.createStatement("Made on the slow clock", policy: policy)
        try expectStatus(try await ada.vote(.approve, on: early), 201)
        bo.client.baseURL = second.baseURL
        try expectStatus(try await bo.vote(.approve, on: early), 201)
        let late = try await bo.createStatement("Made on the fast clock", policy: policy)
        bo.client.baseURL = first.baseURL
        try expectStatus(try await bo.vote(.approve, on: late), 201)
        try expectStatus(try await ada.vote(.approve, on: late), 201)
        for statement in [early, late] {
            #expect(try await ada.view(statement)["state"] == "approved", "\(statement)")
        }

        // Signed admin requests stamped with one instance's time pass the other, both ways.
        let slowNow = Int(first.clock.now.timeIntervalSince1970)
        let fastNow = Int(second.clock.now.timeIntervalSince1970)
        try expectStatus(try await AdminClient(server: second).post(
            "/api/admin/invitations", ["name": "cy", "roles": .array(["board"])], created: slowNow), 201)
        try expectStatus(try await AdminClient(server: first).post(
            "/api/admin/invitations", ["name": "di", "roles": .array(["board"])], created: fastNow), 201)
        // Beyond the allowance (60 s ahead of the receiver), refused with a clear code.
        let tooFar = try await AdminClient(server: first).post(
            "/api/admin/invitations", ["name": "ed", "roles": .array(["board"])], created: slowNow + 90)
        expectError(tooFar, 401)
        #expect(tooFar.text.contains("future"), "\(tooFar)")

        // An operation scheduled on the slow instance (due 60 s later on its clock) runs once, on the
        // instance whose clock reaches the due time first, and not before that clock says it is due.
        let admin = AdminClient(server: first)
        let id = try await admin.schedule("/api/admin/members/\(bo.id)/roles", ["roles": .array(["board", "treasurer"])])
        let scheduled = try await admin.operation(id)
        let due = try #require(scheduled["dueAt"]?.stringValue.flatMap(Timestamp.parse))
        #expect(scheduled["state"] == "pending")
        // Both clocks move 35 s: the fast one (65 s on) is past the due time, the slow one (35 s) not.
        first.clock.advance(by: 35)
        second.clock.advance(by: 35)
        try await admin.waitForOperation(id)
        let executed = try await admin.auditEvents("operation.executed").filter {
            $0["details"]?.objectValue?["id"]?.stringValue == id
        }
        #expect(executed.count == 1, "the operation ran exactly once")
        let ranAt = try #require(executed.first?["at"]?.stringValue.flatMap(Timestamp.parse))
        #expect(ranAt >= due, "ran before it was due on the clock of the instance that ran it")
        #expect(due.timeIntervalSince(first.clock.now) <= Self.skew, "early by at most the skew on the slow clock")
        #expect(try await admin.operation(id)["state"] == "done")
    }
}
