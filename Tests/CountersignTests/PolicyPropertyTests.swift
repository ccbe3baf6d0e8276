import Foundation
import PropertyBased
import Synchronization
import Testing
@testable import Countersign

/// The evaluation laws of docs/policies.md, checked on random policies, directories and votes.
@Suite struct PolicyPropertyTests {
    @Test("vote order does not matter")
    func voteOrder() async {
        await propertyCheck(count: 300, input: ScenarioGen.scenario()) { scenario in
            #expect(scenario.evaluate() == scenario.evaluate(scenario.shuffledVotes), "\(scenario)")
        }
    }

    @Test("a policy compiled once evaluates as a fresh evaluation does, for every set of votes and time")
    func compiledOnce() async {
        // Scenarios whose creator is a required signer who may not approve make no statement;
        // most do, and each that does is checked.
        let checked = Mutex(0)
        await propertyCheck(count: 300, input: ScenarioGen.scenario()) { scenario in
            let statement: Statement
            do {
                statement = try Statement(
                    id: StatementID("st_1"), title: "t", content: .object([:]), creator: scenario.creator, createdAt: Fixture.t0,
                    expiresAt: nil, policy: scenario.policy)
            } catch {
                return
            }
            let compiled = statement.compiled(members: scenario.members)
            for votes in [scenario.votes, scenario.shuffledVotes, scenario.votes + [scenario.extraVote], []] {
                #expect(compiled.evaluate(votes: votes, now: scenario.now) == scenario.evaluate(votes), "\(scenario)")
            }
            checked.withLock { $0 += 1 }
        }
        #expect(checked.withLock { $0 } >= 150)
    }

    @Test("an extra approval never lowers the approval weight")
    func extraApproval() async {
        await propertyCheck(count: 300, input: ScenarioGen.scenario()) { scenario in
            let before = scenario.evaluate()
            let after = scenario.evaluate(scenario.votes + [scenario.extraVote])
            #expect(after.approvalWeight >= before.approvalWeight, "\(scenario)")
            #expect(after.rejectionWeight <= before.rejectionWeight, "\(scenario)")
        }
    }

    @Test("one count per member, whatever its number of votes")
    func oneCountPerMember() async {
        await propertyCheck(count: 300, input: ScenarioGen.scenario()) { scenario in
            let base = scenario.evaluate()
            // Repeat every counted vote later, as approval and as rejection: the earliest still decides.
            // (A vote that did not count, say an approval without step-up, leaves the member free to vote.)
            let ignored = base.explanation.ignoredVotes.map(\.vote)
            let later = scenario.votes.filter { !ignored.contains($0) && $0.receivedAt.addingTimeInterval(60) <= scenario.now }
            let repeats = later.flatMap { vote in
                [VoteKind.approve, .reject].map { kind in
                    Vote(member: vote.member, kind: kind, receivedAt: vote.receivedAt.addingTimeInterval(60),
                         keyMethod: vote.keyMethod, stepUpVerified: vote.stepUpVerified)
                }
            }
            let repeated = scenario.evaluate(scenario.votes + repeats)
            #expect(repeated.state == base.state && repeated.decidedAt == base.decidedAt, "\(scenario)")
            #expect(repeated.approvalWeight == base.approvalWeight && repeated.rejectionWeight == base.rejectionWeight, "\(scenario)")
            let members = repeated.explanation.root.counted.map(\.member)
            #expect(Set(members).count == members.count, "\(scenario)")
        }
    }

    @Test("flat policies: weights match a direct count, and an unreachable threshold means rejected")
    func unreachableMeansRejected() async {
        await propertyCheck(count: 400, input: ScenarioGen.scenario(flat: true)) { scenario in
            let directory = Set(scenario.members.map(\.id))
            let votes = Dictionary(scenario.votes.map { ($0.member, $0) }, uniquingKeysWith: { first, _ in first })
            var approval = 0
            var possible = 0
            for entry in scenario.policy.signers {
                switch entry.signer {
                case .member(let id):
                    guard directory.contains(id) else { continue }
                    if votes[id]?.kind == .approve { approval += entry.weight }
                    if votes[id]?.kind != .reject { possible += entry.weight }
                case .wait(let duration):
                    if Fixture.t0.addingTimeInterval(Double(duration.seconds)) <= scenario.now { approval += entry.weight }
                    possible += entry.weight
                default:
                    Issue.record("flat scenarios have member and wait entries only")
                }
            }
            let result = scenario.evaluate()
            #expect(result.approvalWeight == approval, "\(scenario)")
            let expected: StatementState =
                possible < scenario.policy.threshold ? .rejected : approval >= scenario.policy.threshold ? .approved : .pending
            #expect(result.state == expected, "\(scenario)")
        }
    }

    @Test("a nested policy whose weight equals its parent's threshold behaves like the policy itself")
    func nestingEquivalence() async {
        await propertyCheck(count: 300, input: ScenarioGen.scenario(), Gen.int(in: 1...65_535)) { scenario, weight in
            let policy = scenario.policy
            guard policy.rejectThreshold == nil else { return }  // rejection weights differ by design
            let wrapped = try Policy(
                Quorum(threshold: weight, signers: [.policy(policy.quorum, weight: weight)]),
                expiresAfter: policy.expiresAfter, timelock: policy.timelock, stepUp: policy.stepUp,
                allowSelfApproval: policy.allowSelfApproval, keyAttestation: policy.keyAttestation)
            let direct = scenario.evaluate()
            let nested = scenario.evaluate(policy: wrapped)
            #expect(nested.state == direct.state && nested.decidedAt == direct.decidedAt, "\(scenario) wrapped with \(weight)")
            #expect(nested.thresholdMetAt == direct.thresholdMetAt && nested.explanation.ignoredVotes == direct.explanation.ignoredVotes)
            #expect(nested.approvalWeight == (direct.explanation.root.satisfied ? weight : 0))
        }
    }

    @Test("policy JSON round-trips for random valid policies")
    func roundTrip() async {
        await propertyCheck(count: 200, input: ScenarioGen.scenario()) { scenario in
            let reparsed = try Policy(json: scenario.policy.canonicalBytes)
            #expect(reparsed == scenario.policy && reparsed.canonicalBytes == scenario.policy.canonicalBytes)
        }
    }

    @Test("a final state stays final when time passes and late votes arrive")
    func finalStaysFinal() async {
        await propertyCheck(count: 300, input: ScenarioGen.scenario()) { scenario in
            let first = scenario.evaluate()
            guard first.isFinal else { return }
            var later = scenario
            later.now = scenario.now.addingTimeInterval(30 * Fixture.day)
            let lateVote = Vote(member: scenario.extraVote.member, kind: .reject, receivedAt: later.now)
            let second = later.evaluate(scenario.votes + [lateVote])
            #expect(second.state == first.state && second.decidedAt == first.decidedAt, "\(scenario)")
        }
    }
}
