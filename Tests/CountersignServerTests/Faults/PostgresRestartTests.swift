import CountersignTestSupport
import Foundation
import Testing

/// PostgreSQL restarted (and briefly stopped) under the server's feet, on a cluster of the test's
/// own: Countersign reconnects by itself, keeps every vote it acknowledged exactly once, refuses
/// clearly while the database is away, and a refused vote retried later counts once.
///
/// The time limit turns a stranded request (the server then cannot stop either) into a failure
/// instead of a hung run.
@Suite(
    "Faults: PostgreSQL restart", .serialized, .timeLimit(.minutes(4)),
    .enabled(if: PostgresCluster.available, "needs PostgreSQL's server binaries (initdb, pg_ctl)"))
struct PostgresRestartTests {
    @Test("a PostgreSQL restart under load loses no acknowledged vote and needs no Countersign restart")
    func restartUnderLoad() async throws {
        let cluster = try await PostgresCluster.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-pgrestart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var server: ServerProcess?
        do {
            let started = try await ServerProcess.start(dataDirectory: directory.appendingPathComponent("data"), databaseURL: cluster.url())
            server = started
            try await exercise(started, cluster)
        } catch {
            Issue.record(error)
        }
        server?.stop()
        await cluster.destroy()
        try? FileManager.default.removeItem(at: directory)
    }

    private func exercise(_ server: ServerProcess, _ cluster: PostgresCluster) async throws {
        let members = try await Team.make(server, names: (0..<16).map { "voter\($0)" }, roles: ["board"])
        let ledger = try await VoteLedger.prepare(members: members, statements: 6)
        let loaded = Array(ledger.ballots.prefix(64))
        let outage = Array(ledger.ballots[64..<68])
        let after = Array(ledger.ballots[68...])

        // 64 approvals, 16 in flight; PostgreSQL restarts (fast: every session cut) once 16 are answered.
        var restart: Task<Void, any Error>?
        var acknowledged: Set<String> = []
        var refused: [VoteLedger.Ballot] = []
        await withTaskGroup(of: (VoteLedger.Ballot, APIClient.Reply?).self) { group in
            var next = 0
            func add() {
                guard next < loaded.count else { return }
                let ballot = loaded[next]
                next += 1
                group.addTask { (ballot, await ballot.submit()) }
            }
            for _ in 0..<16 { add() }
            while let (ballot, reply) = await group.next() {
                if reply?.status == 201 {
                    acknowledged.insert(ballot.key)
                } else {
                    // Refused during the restart: a clear 503, never a 500 or a dropped answer.
                    expectUnavailable(reply, "store_unavailable")
                    refused.append(ballot)
                }
                if acknowledged.count + refused.count == 16, restart == nil {
                    restart = Task { try await cluster.restart() }
                }
                add()
            }
        }
        try await restart?.value

        // Then stopped outright for longer than a connect timeout: votes are refused at once with
        // 503 store_unavailable, nothing half done.
        try await cluster.stop()
        for ballot in outage {
            expectUnavailable(await ballot.submit(), "store_unavailable")
            refused.append(ballot)
        }
        try await Task.sleep(for: .seconds(11))
        #expect(try await members[0].client.get("/readyz").status == 503, "not ready without its database")
        try await cluster.startAgain()

        // Back without restarting Countersign: each refused vote, submitted again, counts once (201,
        // or 409 already_voted when the refused attempt had in fact committed before its answer was
        // lost; or 409 statement_final when it had, and the other members' votes have since approved
        // the statement: its policy needs every member's approval, and `verify` checks it is stored).
        let reader = members[0].client
        for ballot in refused {
            var last: APIClient.Reply?
            defer { if !acknowledged.contains(ballot.key) { Issue.record("the last answer to \(ballot.key): \(String(describing: last))") } }
            try await eventually("vote of \(ballot.key) accepted after the database came back", within: 90) {
                guard let reply = await ballot.submit() else { return false }
                last = reply
                if reply.status == 201 || reply.errorCode == "already_voted" || reply.errorCode == "statement_final" {
                    acknowledged.insert(ballot.key)
                    return true
                }
                return false
            }
        }
        for ballot in after {
            let reply = await ballot.submit()
            #expect(reply?.status == 201, "vote after the restart: \(String(describing: reply))")
            if reply?.status == 201 { acknowledged.insert(ballot.key) }
        }
        // The same signature again is refused clearly, and still counts once: 409 already_voted, or
        // statement_final when every member's vote has by now decided its statement.
        if let again = loaded.first(where: { acknowledged.contains($0.key) }) {
            let reply = try #require(await again.submit())
            expectError(reply, 409)
            #expect(["already_voted", "statement_final"].contains(reply.errorCode ?? ""), "\(reply)")
        }
        let stored = try await ledger.verify(reader, acknowledged: acknowledged)
        #expect(stored.count == ledger.ballots.count, "every vote stored once in the end")
    }
}
