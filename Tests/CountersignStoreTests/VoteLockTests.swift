import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// The vote's lock reads the statement's votes with the statement and the key in one statement
/// (a JSON aggregate on each engine): they must come back exactly as `votes(statement:)` gives
/// them, whatever their text, reasons, step-up flags and receipt times.
@Suite("The vote lock's votes")
struct VoteLockTests {
    @Test("the lock's votes equal votes(statement:): none, then ties, unicode, quotes, null and set reasons, in one order", arguments: Engine.available)
    func votesUnderTheLock(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let statement = Fixtures.statementID(1)
            try await store.write { tx in
                for member in 1...6 { try await tx.insertMember(Fixtures.member(member)) }
                _ = try await tx.insertStatement(Fixtures.statement(1))
                try await tx.insertKey(Fixtures.key("kid-1", member: 1))
            }
            let empty = try await store.write { try await $0.lockForVote(statement: statement, kid: "kid-1") }
            #expect(empty?.votes == [])
            #expect(empty?.members.count == 6)

            try await store.write { tx in
                for member in [5, 2, 6, 3, 4] {
                    var vote = Fixtures.vote(statement: 1, member: member, kind: member == 3 ? .reject : .approve)
                    // Members 4, 5 and 6 vote in the same microsecond: the member id orders them.
                    if member >= 4 { vote.receivedAt = Fixtures.at(2) }
                    if member == 3 { vote.reason = "Ünïcode \"quoted\" \\ reason\nwith a line\u{2028}break" }
                    vote.signature = #"{"protected":"eyJ","signature":"s\#(member)","header":{"note":"é\"\\"}}"#
                    try await tx.insertVote(vote)
                }
            }
            let (locked, read) = try await store.write { tx in
                (try await tx.lockForVote(statement: statement, kid: "kid-1"), try await tx.votes(statement: statement))
            }
            let lock = try #require(locked)
            #expect(lock.votes == read)
            #expect(lock.votes.map(\.member) == [2, 3, 4, 5, 6].map(Fixtures.memberID))
            #expect(lock.votes.first { $0.member == Fixtures.memberID(3) }?.reason?.hasPrefix("Ünïcode") == true)
            #expect(lock.votes.contains { $0.stepUp } && lock.votes.contains { !$0.stepUp })
            // A vote added in the transaction joins them in the same order a read would give.
            var first = Fixtures.vote(statement: 1, member: 1)
            first.receivedAt = first.receivedAt.stored
            let added = lock.votes(adding: first)
            let after = try await store.write { [first] tx -> [VoteRecord] in
                try await tx.insertVote(first)
                return try await tx.votes(statement: statement)
            }
            #expect(added == after)
        }
    }
}
