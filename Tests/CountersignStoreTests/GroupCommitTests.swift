import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// Group commit (docs/storage.md; SQLite): concurrent writes share transactions, yet each one
/// commits or fails on its own, and none is answered before the COMMIT that holds it. The same
/// checks run on PostgreSQL, which commits each transaction on its own, as the reference.
@Suite("Group commit of concurrent writes")
struct GroupCommitTests {
    /// A write's own refusal, thrown after it changed rows, that must undo only its own changes.
    struct Refusal: Error {}

    /// 96 concurrent votes on one statement, every third refused after it wrote its vote, its
    /// weight and its audit event: the refused ones leave nothing, the others all stay, the weight
    /// is counted once per accepted vote, and the audit seqs are gapless with a valid chain. Each
    /// accepted writer reads its vote back on a reader connection as soon as it is answered, which
    /// fails if an answer came before its COMMIT.
    @Test("refused writes undo only themselves; accepted ones are committed when answered", arguments: Engine.available)
    func refusalsInBatches(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await ConcurrencyTests.prepare(store)
            let writers = 96
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for member in 1...writers {
                    group.addTask {
                        do {
                            try await ConcurrencyTests.vote(store, member: member, refusal: member % 3 == 0 ? Refusal() : nil)
                        } catch is Refusal {
                            return (member, false)
                        }
                        let visible = try await store.read { reader in
                            try await reader.votes(statement: Fixtures.statementID(1)).contains { $0.member == Fixtures.memberID(member) }
                        }
                        #expect(visible, "member \(member)'s vote was answered before it was committed")
                        return (member, true)
                    }
                }
                var outcomes: [Int: Bool] = [:]
                for try await (member, accepted) in group { outcomes[member] = accepted }
                return outcomes
            }
            let accepted = Set(outcomes.filter(\.value).keys)
            #expect(accepted == Set((1...writers).filter { $0 % 3 != 0 }))
            _ = try await store.write { try await $0.sequencePendingAudit(limit: 1000) }
            try await store.read { reader async throws in
                let votes = try await reader.votes(statement: Fixtures.statementID(1))
                #expect(Set(votes.map(\.member)) == Set(accepted.map(Fixtures.memberID)))
                #expect(try await reader.statement(Fixtures.statementID(1))?.status.weight == accepted.count)
                let events = try await reader.auditEvents(after: 0, limit: 1000)
                #expect(events.map(\.seq) == Array(1...Int64(accepted.count)))
                #expect(throws: Never.self) { try AuditChain.verify(events) }
            }
        }
    }

    /// The batch's first write runs without a savepoint (`GroupCommit.member`): refused after it
    /// wrote, the whole transaction is rolled back, and the writes queued behind it still commit.
    @Test("SQLite: a batch's first write refused after writing leaves nothing; the writes queued behind it commit")
    func firstWriteRefused() async throws {
        try await withStore(.sqlite) { store, _ async throws in
            let driver = try #require(store.driver as? SQLiteDriver)
            let groupCommit = try #require(driver.groupCommit)
            let (gate, opening) = AsyncStream<Void>.makeStream()
            let (entered, entering) = AsyncStream<Void>.makeStream()
            let first = Task {
                try await store.write { tx in
                    try await tx.insertMember(Fixtures.member(1))
                    entering.yield()
                    for await _ in gate { break }
                    throw Refusal()
                }
            }
            for await _ in entered { break }
            let queued = (2...4).map { n in Task { try await store.write { tx in try await tx.insertMember(Fixtures.member(n)) } } }
            while groupCommit.waiters < 3 { await Task.yield() }
            opening.yield()
            await #expect(throws: Refusal.self) { try await first.value }
            for write in queued { try await write.value }
            // A write alone is a batch's first too.
            await #expect(throws: Refusal.self) {
                try await store.write { tx in
                    try await tx.insertMember(Fixtures.member(5))
                    throw Refusal()
                }
            }
            try await store.write { tx in try await tx.insertMember(Fixtures.member(6)) }
            let members = try await store.read { try await $0.allMembers() }.map(\.id)
            #expect(Set(members) == Set([2, 3, 4, 6].map(Fixtures.memberID)))
        }
    }

    /// The same contention with group commit off (one transaction per write) gives the same
    /// outcome: the setting changes batching, never results.
    @Test("SQLite with group commit off: one transaction per write, same outcome")
    func withoutGroupCommit() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let store = try await StoreFactory.openSQLiteStore(path: database.location, groupCommit: false, logger: testLogger)
            do {
                try await ConcurrencyTests.race([store], votes: 32)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}
