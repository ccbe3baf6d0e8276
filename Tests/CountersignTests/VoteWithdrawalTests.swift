import CountersignJSON
import Foundation
import Testing
@testable import Countersign

/// A member may withdraw a vote while the statement is not final; a final state never changes.
@Suite struct VoteWithdrawalTests {
    func statement(_ policyJSON: String) throws -> (Statement, [Member]) {
        let members = try Fixture.members(["alice", "bob", "carol"])
        let statement = try Statement(
            id: try StatementID("st_withdraw"), title: "Transfer", content: .object(["amount": 100]),
            creator: try Fixture.id("alice"), createdAt: Fixture.t0, policy: try Fixture.policy(policyJSON))
        return (statement, members)
    }

    @Test("withdrawing while pending removes the vote; the member may vote again")
    func pending() throws {
        let (statement, members) = try statement(Fixture.anyOf(2, ["alice", "bob", "carol"]))
        let votes = [try Fixture.approve("bob", at: Fixture.at(days: 0.1))]
        let remaining = try statement.withdrawingVote(of: try Fixture.id("bob"), from: votes, members: members, at: Fixture.at(days: 0.2))
        #expect(remaining.isEmpty)
        #expect(statement.evaluate(votes: remaining, members: members, now: Fixture.at(days: 0.2)).approvalWeight == 0)
    }

    @Test("a final state never changes: withdrawing after approval is refused")
    func finalApproved() throws {
        let (statement, members) = try statement(Fixture.anyOf(2, ["alice", "bob", "carol"]))
        let votes = [try Fixture.approve("bob", at: Fixture.at(days: 0.1)), try Fixture.approve("carol", at: Fixture.at(days: 0.2))]
        #expect(throws: VoteWithdrawalError.statementFinal(.approved)) {
            try statement.withdrawingVote(of: try Fixture.id("bob"), from: votes, members: members, at: Fixture.at(days: 0.3))
        }
    }

    @Test("during a time lock, withdrawing an approval the threshold rested on returns to pending")
    func timelocked() throws {
        let (statement, members) = try statement(Fixture.anyOf(2, ["alice", "bob", "carol"], extra: #","timelock":"P1D""#))
        let votes = [try Fixture.approve("bob", at: Fixture.at(days: 0.1)), try Fixture.approve("carol", at: Fixture.at(days: 0.2))]
        #expect(statement.evaluate(votes: votes, members: members, now: Fixture.at(days: 0.5)).state == .timelocked)
        let remaining = try statement.withdrawingVote(of: try Fixture.id("carol"), from: votes, members: members, at: Fixture.at(days: 0.5))
        #expect(statement.evaluate(votes: remaining, members: members, now: Fixture.at(days: 2)).state == .pending)
    }

    @Test("a member without a vote has nothing to withdraw")
    func noVote() throws {
        let (statement, members) = try statement(Fixture.anyOf(2, ["alice", "bob", "carol"]))
        #expect(throws: VoteWithdrawalError.noVote) {
            try statement.withdrawingVote(of: try Fixture.id("carol"), from: [], members: members, at: Fixture.at(days: 0.3))
        }
    }
}
