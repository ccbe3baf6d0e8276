import Countersign
import Foundation

/// A flat policy over `signers` members, each of weight 1 with a majority threshold, and an
/// approval from every member: the largest evaluation a statement of that size asks for.
public struct PolicyFixture: Sendable {
    let policy: Policy
    let members: [Member]
    let votes: [Vote]
    let weights: [MemberID: Int]
    let threshold: Int
    let createdAt: Date

    public init(signers: Int) throws {
        let createdAt = Date(timeIntervalSince1970: 1_795_000_000)
        self.createdAt = createdAt
        members = try (0..<signers).map { try Member(id: MemberID("mem_m\($0)"), name: "Member \($0)") }
        threshold = signers / 2 + 1
        let entries = members.map { "{\"member\":\"\($0.id.rawValue)\",\"weight\":1}" }.joined(separator: ",")
        policy = try Policy(json: Array("{\"threshold\":\(threshold),\"signers\":[\(entries)]}".utf8))
        votes = members.enumerated().map { index, member in
            Vote(member: member.id, kind: .approve, receivedAt: createdAt.addingTimeInterval(Double(index + 1)))
        }
        weights = Dictionary(uniqueKeysWithValues: members.map { ($0.id, 1) })
    }

    /// The path: the policy's full evaluation (levels, timeline, explanation) of every vote.
    public func evaluate() -> Bool {
        policy.evaluate(votes: votes, members: members, creator: nil, createdAt: createdAt, now: createdAt.addingTimeInterval(86_400))
            .state == .approved
    }

    /// The baseline: a loop over the same votes summing each member's weight against the threshold.
    public func countWeights() -> Bool {
        var total = 0
        for vote in votes where vote.kind == .approve {
            total += weights[vote.member] ?? 0
        }
        return total >= threshold
    }
}
