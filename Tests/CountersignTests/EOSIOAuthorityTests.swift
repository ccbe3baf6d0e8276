import Foundation
import Testing
@testable import Countersign

/// The EOSIO-style account authority: "+1 dad, +1 mom, +1 brother, +1 lawyer, +1 wait 7 days,
/// +5 me, threshold 5". I alone decide at once; my family and lawyer together need a week.
@Suite struct EOSIOAuthorityTests {
    static let policyJSON = #"""
        {"threshold":5,"signers":[
          {"member":"mem_dad","weight":1},{"member":"mem_mom","weight":1},{"member":"mem_brother","weight":1},
          {"member":"mem_lawyer","weight":1},{"wait":"P7D","weight":1},{"member":"mem_me","weight":5}]}
        """#
    static let family = ["dad", "mom", "brother", "lawyer"]

    func evaluate(_ approvers: [String], approvedOnDay day: Double = 0.5, now: Double) throws -> PolicyEvaluation {
        let votes = try approvers.map { try Fixture.approve($0, at: Fixture.at(days: day)) }
        return try Fixture.policy(Self.policyJSON).evaluate(
            votes: votes, members: Fixture.members(Self.family + ["me"]), creator: Fixture.id("me"),
            createdAt: Fixture.t0, now: Fixture.at(days: now))
    }

    @Test("the authority, case by case", arguments: [
        // (approvers, statement age in days when evaluated, expected state, expected approval weight)
        (["me"], 0.5, StatementState.approved, 5),
        (["dad", "mom", "brother", "lawyer"], 1, .pending, 4),
        (["dad", "mom", "brother", "lawyer"], 6.99, .pending, 4),
        (["dad", "mom", "brother", "lawyer"], 7, .approved, 5),
        (["dad", "mom", "brother"], 30, .pending, 4),
        (["dad", "mom", "lawyer"], 30, .pending, 4),
        (["dad", "mom", "brother", "lawyer", "me"], 0.5, .approved, 9),
    ])
    func authority(approvers: [String], age: Double, state: StatementState, weight: Int) throws {
        let result = try evaluate(approvers, now: age)
        #expect(result.state == state)
        #expect(result.approvalWeight == weight)
    }

    @Test("me alone: approved the moment I approve")
    func meAlone() throws {
        let result = try evaluate(["me"], approvedOnDay: 0.25, now: 0.5)
        #expect(result.decidedAt == Fixture.at(days: 0.25))
    }

    @Test("the four others: approved exactly when the statement is 7 days old, and the summary says when")
    func fourOthers() throws {
        let early = try evaluate(Self.family, now: 3)
        #expect(early.explanation.summary == "pending; needs 1 more weight; waits 7 days: matures 2026-11-28T10:00:00Z")
        let approved = try evaluate(Self.family, now: 10)
        #expect(approved.decidedAt == Fixture.at(days: 7) && approved.thresholdMetAt == Fixture.at(days: 7))
    }

    @Test("the description says it in words")
    func description() throws {
        let names = try Dictionary(uniqueKeysWithValues: (Self.family + ["me"]).map { (try Fixture.id($0), $0) })
        #expect(PolicyDescription(try Fixture.policy(Self.policyJSON), names: names).text
            == "a total weight of 5 from dad (1), mom (1), brother (1), lawyer (1), a wait of 7 days (1) and me (5)")
    }
}
