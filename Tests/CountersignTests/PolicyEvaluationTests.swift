import Foundation
import Testing
@testable import Countersign

/// Evaluation rules, one scenario per test (docs/policies.md, "Evaluation").
@Suite struct PolicyEvaluationTests {
    let abc = ["a", "b", "c"]

    func evaluate(
        _ json: String, _ votes: [Vote], members: [String]? = nil, creator: String = "z", expiresAt: Date? = nil, now: Date
    ) throws -> PolicyEvaluation {
        let directory = try Fixture.members(members ?? abc + ["z"])
        return try Fixture.policy(json).evaluate(
            votes: votes, members: directory, creator: Fixture.id(creator), createdAt: Fixture.t0, expiresAt: expiresAt, now: now)
    }

    @Test("2 of 3: pending with one approval, approved at the second")
    func twoOfThree() throws {
        let one = try evaluate(Fixture.anyOf(2, abc), [Fixture.approve("a", at: Fixture.at(days: 1))], now: Fixture.at(days: 2))
        #expect(one.state == .pending && one.approvalWeight == 1 && one.threshold == 2 && !one.isFinal)
        #expect(one.explanation.summary == "pending; needs 1 more approval")
        #expect(one.explanation.root.countsApprovals)
        let votes = [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("c", at: Fixture.at(days: 3))]
        let two = try evaluate(Fixture.anyOf(2, abc), votes, now: Fixture.at(days: 4))
        #expect(two.state == .approved && two.decidedAt == Fixture.at(days: 3) && two.isFinal)
        #expect(two.explanation.summary == "approved at 2026-11-24T10:00:00Z: weight 2 of 2; counted: A (1) and C (1)")
    }

    @Test("a required member must approve; their rejection makes approval unreachable")
    func requiredMember() throws {
        let json = Fixture.anyOf(2, abc, extra: #","required":["mem_a"]"#)
        let others = [try Fixture.approve("b", at: Fixture.at(days: 1)), try Fixture.approve("c", at: Fixture.at(days: 1))]
        let pending = try evaluate(json, others, now: Fixture.at(days: 2))
        #expect(pending.state == .pending && pending.approvalWeight == 2)
        #expect(pending.explanation.root.missingRequired == [try Fixture.id("a")])
        #expect(pending.explanation.summary == "pending; A must approve")
        let rejected = try evaluate(json, others + [try Fixture.reject("a", at: Fixture.at(days: 1.5))], now: Fixture.at(days: 2))
        #expect(rejected.state == .rejected && rejected.decidedAt == Fixture.at(days: 1.5))
        #expect(rejected.explanation.rejection?.code == "approval_unreachable")
    }

    @Test("default rule: rejected as soon as approval can no longer be reached")
    func defaultRejection() throws {
        let votes = [try Fixture.reject("a", at: Fixture.at(days: 1)), try Fixture.reject("b", at: Fixture.at(days: 2))]
        let result = try evaluate(Fixture.anyOf(2, abc), votes, now: Fixture.at(days: 5))
        #expect(result.state == .rejected && result.decidedAt == Fixture.at(days: 2) && result.rejectionWeight == 2)
        #expect(result.explanation.summary.contains("approval can no longer be reached: at most 1 of the 2 needed remains possible"))
        let oneOnly = try evaluate(Fixture.anyOf(2, abc), Array(votes.prefix(1)), now: Fixture.at(days: 5))
        #expect(oneOnly.state == .pending)
    }

    @Test("rejectThreshold rejects earlier than unreachability: a veto")
    func veto() throws {
        let json = Fixture.anyOf(2, abc, extra: #","rejectThreshold":1"#)
        let result = try evaluate(json, [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.reject("b", at: Fixture.at(days: 2))], now: Fixture.at(days: 3))
        #expect(result.state == .rejected && result.decidedAt == Fixture.at(days: 2))
        #expect(result.explanation.rejection == .rejectThresholdReached(weight: 1, rejectThreshold: 1))
    }

    @Test("expiry: not final by expiresAfter or the statement's expiresAt means expired")
    func expiry() throws {
        let json = Fixture.anyOf(2, abc, extra: #","expiresAfter":"P30D""#)
        let votes = [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("b", at: Fixture.at(days: 31))]
        let result = try evaluate(json, votes, now: Fixture.at(days: 40))
        #expect(result.state == .expired && result.decidedAt == Fixture.at(days: 30) && result.expiresAt == Fixture.at(days: 30))
        let early = try evaluate(json, votes, expiresAt: Fixture.at(days: 10), now: Fixture.at(days: 40))
        #expect(early.state == .expired && early.decidedAt == Fixture.at(days: 10))
        let inTime = try evaluate(json, votes, now: Fixture.at(days: 29))
        #expect(inTime.state == .pending && inTime.explanation.summary.hasSuffix("expires 2026-12-21T10:00:00Z"))
    }

    @Test("time lock: timelocked until thresholdMetAt + timelock, then approved; a veto during the lock rejects")
    func timelock() throws {
        let json = Fixture.anyOf(2, abc, extra: #","timelock":"PT24H","rejectThreshold":1"#)
        let votes = [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("b", at: Fixture.at(days: 2))]
        let locked = try evaluate(json, votes, now: Fixture.at(days: 2.5))
        #expect(locked.state == .timelocked && locked.thresholdMetAt == Fixture.at(days: 2) && locked.timelockEndsAt == Fixture.at(days: 3))
        #expect(locked.explanation.summary.hasPrefix("timelocked: threshold met at 2026-11-23T10:00:00Z; approved at 2026-11-24T10:00:00Z"))
        let approved = try evaluate(json, votes, now: Fixture.at(days: 3))
        #expect(approved.state == .approved && approved.decidedAt == Fixture.at(days: 3))
        let vetoed = try evaluate(json, votes + [try Fixture.reject("c", at: Fixture.at(days: 2.9))], now: Fixture.at(days: 4))
        #expect(vetoed.state == .rejected && vetoed.decidedAt == Fixture.at(days: 2.9))
        let late = try evaluate(json, votes + [try Fixture.reject("c", at: Fixture.at(days: 3.1))], now: Fixture.at(days: 4))
        #expect(late.state == .approved, "a rejection after approval changes nothing")
    }

    @Test("nextChangeAt: the next deadline with no new vote (expiry, end of the time lock, a wait maturing); nil once final")
    func nextChange() throws {
        let expiring = Fixture.anyOf(2, abc, extra: #","expiresAfter":"P30D""#)
        #expect(try evaluate(expiring, [], now: Fixture.at(days: 1)).nextChangeAt == Fixture.at(days: 30))
        #expect(try evaluate(expiring, [], now: Fixture.at(days: 31)).nextChangeAt == nil, "expired: final")
        #expect(try evaluate(Fixture.anyOf(2, abc), [], now: Fixture.at(days: 1)).nextChangeAt == nil, "nothing timed")

        let locked = Fixture.anyOf(2, abc, extra: #","timelock":"PT24H","expiresAfter":"P30D""#)
        let votes = [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("b", at: Fixture.at(days: 2))]
        #expect(try evaluate(locked, Array(votes.prefix(1)), now: Fixture.at(days: 1.5)).nextChangeAt == Fixture.at(days: 30))
        #expect(try evaluate(locked, votes, now: Fixture.at(days: 2.5)).nextChangeAt == Fixture.at(days: 3), "the lock ends first")
        #expect(try evaluate(locked, votes, now: Fixture.at(days: 3)).nextChangeAt == nil, "approved: final")

        // A wait counts once it matures: one approval and the seven-day wait make two.
        let waiting = #"{"threshold":2,"signers":[{"member":"mem_a","weight":1},{"wait":"P7D","weight":1}]}"#
        let early = try evaluate(waiting, [try Fixture.approve("a", at: Fixture.at(days: 1))], now: Fixture.at(days: 2))
        #expect(early.state == .pending && early.nextChangeAt == Fixture.at(days: 7))
        let matured = try evaluate(waiting, [try Fixture.approve("a", at: Fixture.at(days: 1))], now: Fixture.at(days: 7))
        #expect(matured.state == .approved && matured.nextChangeAt == nil)
    }

    @Test("allowSelfApproval false: the creator's approval does not count, their rejection does")
    func selfApproval() throws {
        let json = Fixture.anyOf(1, abc, extra: #","allowSelfApproval":false"#)
        let result = try evaluate(json, [try Fixture.approve("a", at: Fixture.at(days: 1))], creator: "a", now: Fixture.at(days: 2))
        #expect(result.state == .pending && result.approvalWeight == 0)
        #expect(result.explanation.ignoredVotes.map(\.reason) == [.selfApproval])
        #expect(result.explanation.summary.contains("A's approval did not count: the creator's own approval does not count"))
    }

    @Test("stepUp and keyAttestation are checked on each vote")
    func voteRequirements() throws {
        let json = Fixture.anyOf(2, abc, extra: #","stepUp":true,"keyAttestation":"passkey""#)
        let votes = [
            try Fixture.approve("a", at: Fixture.at(days: 1)),
            try Fixture.approve("b", at: Fixture.at(days: 1), key: .adminToken, stepUp: true),
            try Fixture.approve("c", at: Fixture.at(days: 1), stepUp: true),
        ]
        let result = try evaluate(json, votes, now: Fixture.at(days: 2))
        #expect(result.approvalWeight == 1 && result.state == .pending)
        #expect(Set(result.explanation.ignoredVotes.map(\.reason)) == [.stepUpMissing, .keyNotPasskey])
        let rejection = try evaluate(json, [try Fixture.reject("a", at: Fixture.at(days: 1))], now: Fixture.at(days: 2))
        #expect(rejection.rejectionWeight == 1, "step-up is asked of approvals only")
    }

    @Test("roles: each holder counts; a member counts once per level with their largest weight")
    func roles() throws {
        let json = #"{"threshold":4,"signers":[{"role":"investor","weight":1},{"member":"mem_a","weight":3}]}"#
        let members = [try Fixture.member("a", roles: ["investor"]), try Fixture.member("b", roles: ["investor"]), try Fixture.member("c")]
        let votes = [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("c", at: Fixture.at(days: 1))]
        let result = try Fixture.policy(json).evaluate(
            votes: votes, members: members, creator: Fixture.id("z"), createdAt: Fixture.t0, now: Fixture.at(days: 2))
        #expect(result.approvalWeight == 3 && result.explanation.root.counted.map(\.weight) == [3])
        #expect(result.explanation.ignoredVotes.map(\.reason) == [.notASigner], "c holds no role of the policy")
        let both = try Fixture.policy(json).evaluate(
            votes: votes + [try Fixture.approve("b", at: Fixture.at(days: 1.5))], members: members, creator: Fixture.id("z"),
            createdAt: Fixture.t0, now: Fixture.at(days: 2))
        #expect(both.state == .approved && both.approvalWeight == 4)
    }

    @Test("a nested policy contributes its weight once it is itself satisfied")
    func nested() throws {
        let json = #"{"threshold":2,"signers":[{"member":"mem_a","weight":1},{"policy":{"threshold":2,"signers":[{"member":"mem_b","weight":1},{"member":"mem_c","weight":1}]},"weight":1}]}"#
        let half = try evaluate(json, [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("b", at: Fixture.at(days: 1))], now: Fixture.at(days: 2))
        #expect(half.state == .pending && half.approvalWeight == 1)
        // The top level counts a nested policy, so it needs weight; the nested one needs approvals.
        #expect(half.explanation.summary == "pending; needs 1 more weight; nested policy signers[1].policy needs 1 more approval")
        let full = try evaluate(json, [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("b", at: Fixture.at(days: 1)),
                                       try Fixture.approve("c", at: Fixture.at(days: 2))], now: Fixture.at(days: 3))
        #expect(full.state == .approved && full.decidedAt == Fixture.at(days: 2))
        let broken = try evaluate(json, [try Fixture.reject("c", at: Fixture.at(days: 1))], now: Fixture.at(days: 3))
        #expect(broken.state == .rejected && broken.rejectionWeight == 1, "c counts only inside the nested policy, which now rejects with its weight 1")
    }

    @Test("votes that cannot count are listed with their reason", arguments: [
        (-1.0, "a", IgnoredVote.Reason.beforeCreation), (9.0, "a", .afterEvaluationTime), (1.0, "x", .notAMember),
        (1.0, "z", .notASigner),
    ])
    func ignored(days: Double, name: String, reason: IgnoredVote.Reason) throws {
        let result = try evaluate(Fixture.anyOf(2, abc), [try Fixture.approve(name, at: Fixture.at(days: days))], now: Fixture.at(days: 5))
        #expect(result.explanation.ignoredVotes.map(\.reason) == [reason] && result.approvalWeight == 0)
    }

    @Test("a second vote of the same member is ignored: the earliest counts")
    func duplicates() throws {
        let votes = [try Fixture.reject("a", at: Fixture.at(days: 2)), try Fixture.approve("a", at: Fixture.at(days: 1))]
        let result = try evaluate(Fixture.anyOf(2, abc), votes, now: Fixture.at(days: 3))
        #expect(result.approvalWeight == 1 && result.rejectionWeight == 0)
        #expect(result.explanation.ignoredVotes.map(\.reason) == [.duplicate(countedAt: Fixture.at(days: 1))])
    }

    @Test("a member who left the directory cannot approve: an all-of policy is rejected at once")
    func departedMember() throws {
        let result = try evaluate(Fixture.anyOf(3, abc), [], members: ["a", "b"], now: Fixture.at(days: 1))
        #expect(result.state == .rejected && result.decidedAt == Fixture.t0)
        let reach = try Fixture.policy(Fixture.anyOf(3, abc)).reachability(members: Fixture.members(["a", "b"]))
        let c = try Fixture.id("c")
        #expect(!reach.reachable && reach.possibleWeight == 2 && reach.unknownMembers == [c])
    }

    @Test("votes after a final decision do not change the state")
    func frozen() throws {
        let votes = [try Fixture.approve("a", at: Fixture.at(days: 1)), try Fixture.approve("b", at: Fixture.at(days: 1))]
        let before = try evaluate(Fixture.anyOf(2, abc), votes, now: Fixture.at(days: 2))
        let after = try evaluate(Fixture.anyOf(2, abc), votes + [try Fixture.reject("c", at: Fixture.at(days: 3))], now: Fixture.at(days: 4))
        #expect(before.state == .approved && after.state == .approved && after.decidedAt == before.decidedAt)
    }

    @Test("before creation nothing is decided")
    func beforeCreation() throws {
        let result = try evaluate(Fixture.anyOf(3, abc), [], members: ["a"], now: Fixture.at(days: -1))
        #expect(result.state == .pending && result.decidedAt == nil)
    }
}
