import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The disk under an SQLite database fills up while the server runs (a small tmpfs and a filler
/// file): writes are refused with 503 storage_full and leave nothing half written, reads go on,
/// and once space is freed writes work again without a restart, nothing acknowledged lost.
@Suite("Faults: disk full", .serialized, .enabled(if: getuid() == 0))
struct DiskFullTests {
    /// Large enough that a few of them outgrow whatever room the WAL file already has.
    static let bulk = JSONValue.object(["text": .string(String(repeating: "countersign ", count: 25_000))])

    @Test("SQLite on a full disk: clear refusals, no partial write, reads go on, writes resume after space is freed")
    func sqliteDiskFull() async throws {
        let disk = try await Tmpfs.mount(megabytes: 24)
        var server: ServerProcess?
        do {
            let started = try await ServerProcess.start(dataDirectory: disk.mountPoint.appendingPathComponent("data"), databaseURL: nil)
            server = started
            try await exercise(started, disk)
        } catch {
            Issue.record(error)
        }
        server?.stop()
        await disk.unmount()
    }

    private func exercise(_ server: ServerProcess, _ disk: Tmpfs) async throws {
        let members = try await Team.make(server, names: ["ada", "bo", "cy"], roles: ["board"])
        let ledger = try await VoteLedger.prepare(members: members, statements: 2)
        var acknowledged: Set<String> = []
        for ballot in ledger.ballots.prefix(2) {
            try expectStatus(try #require(await ballot.submit()), 201)
            acknowledged.insert(ballot.key)
        }
        let policy = #"{"threshold":3,"signers":[{"role":"board","weight":1}]}"#
        var created = ledger.statements.count

        let filler = try await disk.fill()
        // Each write either commits whole or is refused with storage_full; a large one is refused soon.
        var refusedStatements = 0
        for index in 0..<80 where refusedStatements == 0 {
            let reply = try await members[0].client.post(
                "/api/statements", ["title": .string("Bulk \(index)"), "content": Self.bulk, "policy": try JSONParser().parse(Array(policy.utf8))])
            if reply.status == 201 {
                created += 1
            } else {
                expectUnavailable(reply, "storage_full")
                refusedStatements += 1
            }
        }
        try #require(refusedStatements == 1, "a full disk never refused a statement")
        #expect(try await members[1].client.post(
            "/api/statements", ["title": .string("Bulk again"), "content": Self.bulk, "policy": try JSONParser().parse(Array(policy.utf8))]).errorCode == "storage_full")
        var pending: [VoteLedger.Ballot] = []
        for ballot in ledger.ballots.dropFirst(2) {
            let reply = await ballot.submit()
            if reply?.status == 201 {
                acknowledged.insert(ballot.key)
            } else {
                expectUnavailable(reply, "storage_full")
                pending.append(ballot)
            }
        }

        // Reads go on: statements, the audit log, a consistent state.
        let reader = members[2].client
        try expectStatus(try await reader.get("/api/statements"), 200)
        try await ledger.verify(reader, acknowledged: acknowledged)
        #expect(try await AuditLog.actions(reader).filter { $0 == "statement.created" }.count == created)

        // Space freed: writes work again, same process.
        try FileManager.default.removeItem(at: filler)
        _ = try await members[0].createStatement("After the disk was full", policy: policy, content: Self.bulk)
        created += 1
        for ballot in pending {
            let reply = try #require(await ballot.submit())
            try expectStatus(reply, 201)
            acknowledged.insert(ballot.key)
        }
        let stored = try await ledger.verify(reader, acknowledged: acknowledged)
        #expect(stored.count == ledger.ballots.count)
        #expect(try await AuditLog.actions(reader).filter { $0 == "statement.created" }.count == created)
    }
}
