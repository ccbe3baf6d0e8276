import Countersign
import Foundation
import Testing
@testable import CountersignStore

/// Migration 9 (issue 22) on both engines: a rejection's reason, withdrawals and comments read back
/// exactly as written, and the counts the comment bounds rely on.
@Suite("Reasons, withdrawals and comments in the store")
struct CommentStoreTests {
    @Test("a vote's reason, withdrawals and comments read back as written; counts by statement and by author since a time", arguments: Engine.available)
    func roundTrip(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            var reasoned = Fixtures.vote(statement: 1, member: 2, kind: .reject)
            reasoned.reason = "Trop cher \n« voir B » 📎"
            let vote = reasoned
            let withdrawal = WithdrawalRecord(
                statement: Fixtures.statementID(1), member: Fixtures.memberID(2), kind: .approve, reason: "oops\nsorry", withdrawnAt: Fixtures.at(3))
            let silent = WithdrawalRecord(statement: Fixtures.statementID(1), member: Fixtures.memberID(1), kind: .reject, reason: nil, withdrawnAt: Fixtures.at(4))
            let comments = (1...3).map { n in
                CommentRecord(id: "cmt_\(n)", statement: Fixtures.statementID(1), author: Fixtures.memberID(n == 3 ? 2 : 1), text: "comment \(n) é\n", createdAt: Fixtures.at(Double(10 * n)))
            }
            try await store.write { tx async throws in
                try await tx.insertMember(Fixtures.member(1))
                try await tx.insertMember(Fixtures.member(2, roles: []))
                _ = try await tx.insertStatement(Fixtures.statement(1))
                try await tx.insertVote(vote)
                try await tx.insertWithdrawal(withdrawal)
                try await tx.insertWithdrawal(silent)
                for comment in comments { try await tx.insertComment(comment) }
            }
            // Times read back at the store's microsecond precision (Fixtures add sub-microsecond noise).
            var storedVote = vote
            storedVote.receivedAt = vote.receivedAt.stored
            let storedWithdrawals = [withdrawal, silent].map { record in
                var copy = record
                copy.withdrawnAt = record.withdrawnAt.stored
                return copy
            }
            let storedComments = comments.map { record in
                var copy = record
                copy.createdAt = record.createdAt.stored
                return copy
            }
            let expectedVote = storedVote
            try await store.read { reader async throws in
                #expect(try await reader.votes(statement: Fixtures.statementID(1)) == [expectedVote])
                #expect(try await reader.withdrawals(statement: Fixtures.statementID(1)) == storedWithdrawals)
                #expect(try await reader.comments(statement: Fixtures.statementID(1), limit: 10) == storedComments)
                #expect(try await reader.comments(statement: Fixtures.statementID(1), limit: 2) == Array(storedComments.prefix(2)))
                #expect(try await reader.commentCount(statement: Fixtures.statementID(1)) == 3)
                #expect(try await reader.commentCount(author: Fixtures.memberID(1), since: Fixtures.at(15)) == 1)
                #expect(try await reader.commentCount(author: Fixtures.memberID(1), since: Fixtures.at(0)) == 2)
            }
            await #expect(throws: StoreError.self) {
                try await store.write { tx async throws in try await tx.insertComment(comments[0]) }
            }
        }
    }
}
