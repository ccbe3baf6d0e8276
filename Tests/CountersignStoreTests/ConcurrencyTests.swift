import Countersign
import CountersignJSON
import Foundation
import Testing
@testable import CountersignStore

@Suite("Concurrent writers and the audit chain")
struct ConcurrencyTests {
    /// One vote per writer on one statement: lock the statement, insert the vote, re-count, audit.
    /// With `refusal`, the body then throws it, after every write: the transaction must undo them.
    static func vote(_ store: any Store, member: Int, refusal: (any Error & Sendable)? = nil) async throws {
        try await store.write { tx in
            guard let statement = try await tx.lockStatement(Fixtures.statementID(1)) else {
                throw StoreError.corruptRow("statement vanished")
            }
            try await tx.insertVote(Fixtures.vote(statement: 1, member: member))
            var status = statement.status
            status.weight += 1
            try await tx.updateStatementStatus(statement.id, status: status, updatedAt: Fixtures.at(Double(member)), dueAt: nil)
            _ = try await tx.appendAudit(
                actor: Fixtures.memberID(member).rawValue, action: "vote.approve", subject: statement.id.rawValue,
                details: .object(["weight": .number(Double(status.weight))]), at: Fixtures.at(Double(member)))
            if let refusal { throw refusal }
        }
    }

    static func prepare(_ store: any Store) async throws {
        try await store.write { tx in
            try await tx.insertMember(Fixtures.member(1))
            _ = try await tx.insertStatement(Fixtures.statement(1))
        }
    }

    /// Prepares the statement through the first store, then casts `votes` concurrent votes spread
    /// over `stores` in turn and checks the outcome through the last.
    static func race(_ stores: [any Store], votes: Int) async throws {
        try await prepare(stores[0])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for member in 1...votes {
                let store = stores[member % stores.count]
                group.addTask { try await vote(store, member: member) }
            }
            try await group.waitForAll()
        }
        try await checkOutcome(stores[stores.count - 1], votes: votes)
    }

    /// 64 votes, 64 events numbered 1…64, a chain that verifies, and a weight counted exactly once
    /// per vote (lost updates would show as a smaller weight).
    static func checkOutcome(_ store: any Store, votes: Int) async throws {
        _ = try await store.write { try await $0.sequencePendingAudit(limit: 1000) }
        try await store.read { reader async throws in
            #expect(try await reader.votes(statement: Fixtures.statementID(1)).count == votes)
            #expect(try await reader.statement(Fixtures.statementID(1))?.status.weight == votes)
            let events = try await reader.auditEvents(after: 0, limit: 1000)
            #expect(events.map(\.seq) == Array(1...Int64(votes)))
            #expect(throws: Never.self) { try AuditChain.verify(events) }
            #expect(try await reader.lastAuditEvent()?.seq == Int64(votes))
        }
    }

    @Test("64 concurrent writes on one statement: 64 votes, gapless seqs 1…64, a valid chain", arguments: Engine.available)
    func concurrentVotes(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await Self.race([store], votes: 64)
        }
    }

    @Test("the same with two store instances on one database", arguments: Engine.available)
    func twoInstances(engine: Engine) async throws {
        try await withStore(engine) { first, database async throws in
            let second = try await database.open()
            do {
                try await Self.race([first, second], votes: 64)
            } catch {
                await second.shutdown()
                throw error
            }
            await second.shutdown()
        }
    }

    /// No statement lock to serialise on: only the audit append lock keeps the chain whole.
    @Test("64 concurrent writes on 64 statements (a third with two events), over two instances: a gapless, valid chain", arguments: Engine.available)
    func concurrentAppendsOnDistinctStatements(engine: Engine) async throws {
        try await withStore(engine) { first, database async throws in
            let second = try await database.open()
            do {
                try await first.write { tx in
                    for n in 1...64 { _ = try await tx.insertStatement(Fixtures.statement(n)) }
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 1...64 {
                        let store: any Store = n.isMultiple(of: 2) ? first : second
                        group.addTask {
                            try await store.write { tx in
                                _ = try await tx.lockStatement(Fixtures.statementID(n))
                                try await tx.insertVote(Fixtures.vote(statement: n, member: n))
                                _ = try await tx.appendAudit(
                                    actor: "mem_m\(n)", action: "vote.approve", subject: "st_s\(n)", details: .object([:]), at: Fixtures.at(Double(n)))
                                // A deciding vote appends a second event, after the first without reading the head again.
                                if n.isMultiple(of: 3) {
                                    _ = try await tx.appendAudit(
                                        actor: "mem_m\(n)", action: "statement.approved", subject: "st_s\(n)", details: .object([:]),
                                        at: Fixtures.at(Double(n)))
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                // Either instance may sequence; batches serialise on the log's state row.
                _ = try await second.write { try await $0.sequencePendingAudit(limit: 40) }
                _ = try await first.write { try await $0.sequencePendingAudit(limit: 1000) }
                let events = try await first.read { try await $0.auditEvents(after: 0, limit: 100) }
                #expect(events.map(\.seq) == Array(1...85))
                #expect(Set(events.map(\.subject)).count == 64)
                // A transaction's events keep their order (other transactions' may fall between).
                for (index, event) in events.enumerated() where event.action == "statement.approved" {
                    #expect(events[..<index].contains { $0.subject == event.subject && $0.action == "vote.approve" })
                }
                #expect(throws: Never.self) { try AuditChain.verify(events) }
            } catch {
                await second.shutdown()
                throw error
            }
            await second.shutdown()
        }
    }

    @Test("a body that throws leaves nothing behind", arguments: Engine.available)
    func rollback(engine: Engine) async throws {
        struct Abandon: Error {}
        try await withStore(engine) { store, _ async throws in
            try await Self.prepare(store)
            try await Self.vote(store, member: 1)
            await #expect(throws: Abandon.self) {
                try await store.write { tx in
                    _ = try await tx.lockStatement(Fixtures.statementID(1))
                    try await tx.insertVote(Fixtures.vote(statement: 1, member: 2))
                    try await tx.insertMember(Fixtures.member(2))
                    _ = try await tx.appendAudit(actor: "a", action: "b", subject: "c", details: .null, at: Fixtures.at(1))
                    throw Abandon()
                }
            }
            _ = try await store.write { try await $0.sequencePendingAudit(limit: 10) }
            try await store.read { reader async throws in
                #expect(try await reader.votes(statement: Fixtures.statementID(1)).count == 1)
                #expect(try await reader.member(Fixtures.memberID(2)) == nil)
                #expect(try await reader.lastAuditEvent()?.seq == 1)
            }
            // The next append continues the chain where the committed one ended.
            try await Self.vote(store, member: 3)
            try await Self.checkOutcome(store, votes: 2)
        }
    }

    @Test("a reader never sees a writer's uncommitted rows", arguments: Engine.available)
    func isolation(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let (inserted, release) = AsyncStream.makeStream(of: Void.self)
            let (checked, done) = AsyncStream.makeStream(of: Void.self)
            async let writer: Void = store.write { tx in
                try await tx.insertMember(Fixtures.member(1))
                release.yield()
                for await _ in checked { break }
            }
            for await _ in inserted { break }
            #expect(try await store.read { try await $0.member(Fixtures.memberID(1)) } == nil)
            done.yield()
            try await writer
            #expect(try await store.read { try await $0.member(Fixtures.memberID(1)) } != nil)
        }
    }
}
