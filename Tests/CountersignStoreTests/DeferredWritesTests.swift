import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// Writes held until the next statement or the commit (`DeferredWrites`): merged and combined
/// only where no write can depend on another, sent before anything reads, and failing the commit
/// when they fail.
@Suite("Held writes")
struct DeferredWritesTests {
    @Test("placeholders move past the ones before, digits of any length, nothing else touched")
    func shiftingPlaceholders() {
        #expect(DeferredWrites.shiftingPlaceholders(of: "UPDATE t SET a = $2 WHERE id = $1", by: 9) == "UPDATE t SET a = $11 WHERE id = $10")
        #expect(DeferredWrites.shiftingPlaceholders(of: "VALUES ($10, $1)", by: 1) == "VALUES ($11, $2)")
        #expect(DeferredWrites.shiftingPlaceholders(of: "SELECT '$' || $1, $", by: 3) == "SELECT '$' || $4, $")
        #expect(DeferredWrites.shiftingPlaceholders(of: "é $1", by: 0) == "é $1")
    }

    @Test("rows for one table merge in order; a second write to a written table is refused; PostgreSQL gets one WITH statement")
    func holding() {
        var held = DeferredWrites()
        func hold(_ write: DeferredWrites.Write) -> Bool { held.hold(write) }
        #expect(hold(.insert(table: "nonces", columns: "a", rows: [[.text("n")]])))
        #expect(hold(.insert(table: "audit", columns: "x, y", rows: [[.integer(1), .integer(2)]])))
        #expect(hold(.statement(table: "statements", sql: "UPDATE statements SET s = $2 WHERE id = $1", binds: [.text("s1"), .text("ok")])))
        #expect(hold(.insert(table: "audit", columns: "x, y", rows: [[.integer(3), .integer(4)]])))
        // A second UPDATE of a table, an INSERT into an updated one, other columns of an inserted one: sent first.
        #expect(!hold(.statement(table: "statements", sql: "UPDATE statements SET s = $2 WHERE id = $1", binds: [])))
        #expect(!hold(.insert(table: "statements", columns: "id", rows: [[.text("s2")]])))
        #expect(!hold(.insert(table: "audit", columns: "x", rows: [[.integer(5)]])))

        var separate = held
        let each = separate.take(combined: false)
        #expect(each.map(\.sql) == [
            "INSERT INTO nonces (a) VALUES ($1)",
            "INSERT INTO audit (x, y) VALUES ($1, $2), ($3, $4)",
            "UPDATE statements SET s = $2 WHERE id = $1",
        ])
        #expect(each[1].binds == [.integer(1), .integer(2), .integer(3), .integer(4)])
        #expect(separate.isEmpty)

        let combined = held.take(combined: true)
        #expect(combined.count == 1)
        #expect(combined.first?.sql == "WITH w0 AS (INSERT INTO nonces (a) VALUES ($1)), w1 AS (INSERT INTO audit (x, y) VALUES ($2, $3), ($4, $5))"
            + " UPDATE statements SET s = $7 WHERE id = $6")
        #expect(combined.first?.binds == [.text("n"), .integer(1), .integer(2), .integer(3), .integer(4), .text("s1"), .text("ok")])
        #expect(held.isEmpty)
    }

    @Test("however many rows a transaction writes, one statement never holds more than maximumBinds binds")
    func boundedBinds() {
        var held = DeferredWrites()
        let write = DeferredWrites.Write.insert(
            table: "audit", columns: "a, b, c, d, e", rows: [[.integer(1), .integer(2), .integer(3), .integer(4), .integer(5)]])
        var sent = 0
        for _ in 0..<1_000 {
            if held.hold(write) { continue }
            sent += held.take(combined: true).count
            let heldAfterSending = held.hold(write)
            #expect(heldAfterSending)
        }
        let last = held.take(combined: true)
        #expect(sent + last.count == 3)
        #expect(last.allSatisfy { $0.binds.count <= DeferredWrites.maximumBinds })
    }

    @Test("held writes are read back in their transaction, commit together, and a failing one fails the commit and leaves nothing", arguments: Engine.available)
    func inTransactions(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                for member in 1...3 { try await tx.insertMember(Fixtures.member(member)) }
                _ = try await tx.insertStatement(Fixtures.statement(1))
            }
            let statement = Fixtures.statementID(1)
            let status = StatementStatus(state: .approved, weight: 2, threshold: 2, decidedAt: Fixtures.at(5))
            // A vote's writes, then a read in the same transaction: it sees them.
            let seen = try await store.write { tx in
                try await tx.insertNonceWithWrites(keyID: "kid-1", nonce: "n-1", expiresAt: Fixtures.at(600))
                try await tx.insertVote(Fixtures.vote(statement: 1, member: 1))
                try await tx.updateStatementStatus(statement, status: status, updatedAt: Fixtures.at(5), dueAt: nil)
                try await tx.appendAudit(actor: "m1", action: "vote.approve", subject: statement.rawValue, details: .null, at: Fixtures.at(5))
                try await tx.appendAudit(actor: "m1", action: "statement.approved", subject: statement.rawValue, details: .null, at: Fixtures.at(5))
                return try await tx.votes(statement: statement).count
            }
            #expect(seen == 1)
            // The same again, read only after the commit.
            try await store.write { tx in
                try await tx.insertVote(Fixtures.vote(statement: 1, member: 2))
                try await tx.appendAudit(actor: "m2", action: "vote.approve", subject: statement.rawValue, details: .null, at: Fixtures.at(6))
            }
            // A spent nonce held with a vote: the commit fails as a duplicate and the vote is not kept.
            await expectStoreError(.duplicate, "spent nonce") {
                try await store.write { tx in
                    try await tx.insertVote(Fixtures.vote(statement: 1, member: 3))
                    try await tx.insertNonceWithWrites(keyID: "kid-1", nonce: "n-1", expiresAt: Fixtures.at(600))
                    try await tx.appendAudit(actor: "m3", action: "vote.approve", subject: statement.rawValue, details: .null, at: Fixtures.at(7))
                }
            }
            _ = try await store.write { try await $0.sequencePendingAudit(limit: 10) }
            try await store.read { reader async throws in
                #expect(try await reader.votes(statement: statement).map(\.member) == [1, 2].map(Fixtures.memberID))
                let stored = try #require(try await reader.statement(statement)?.status)
                #expect([stored.state == .approved, stored.weight == 2, stored.decidedAt != nil] == [true, true, true], "\(stored)")
                let events = try await reader.auditEvents(after: 0, limit: 10)
                #expect(events.map(\.action) == ["vote.approve", "statement.approved", "vote.approve"])
                #expect(events.map(\.actor) == ["m1", "m1", "m2"])
            }
            // The nonce was stored once, by the first transaction.
            #expect(try await store.write { try await $0.insertNonce(keyID: "kid-1", nonce: "n-1", expiresAt: Fixtures.at(600)) } == false)
        }
    }
}
