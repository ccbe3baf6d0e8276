import Foundation
import PropertyBased
@testable import Countersign

/// A random statement history: a valid policy, a directory, votes and an evaluation time.
struct Scenario: Sendable, CustomStringConvertible {
    var policy: Policy
    var members: [Member]
    var votes: [Vote]
    var creator: MemberID
    var now: Date
    /// A random permutation of `votes`.
    var shuffledVotes: [Vote]
    /// A random extra vote by a pool member, received by `now`.
    var extraVote: Vote

    func evaluate(_ votes: [Vote]? = nil, policy other: Policy? = nil) -> PolicyEvaluation {
        (other ?? policy).evaluate(votes: votes ?? self.votes, members: members, creator: creator, createdAt: Fixture.t0, now: now)
    }

    var description: String {
        let votesText = votes.map { "\($0.member) \($0.kind) +\($0.receivedAt.timeIntervalSince(Fixture.t0) / 3600)h" }
        return "policy \(String(decoding: policy.canonicalBytes, as: UTF8.self)), members \(members.map(\.id)), votes \(votesText), now +\(now.timeIntervalSince(Fixture.t0) / 3600)h"
    }
}

enum ScenarioGen {
    typealias RNG = any SeededRandomNumberGenerator

    static let pool: [MemberID] = (0..<6).compactMap { try? MemberID("mem_m\($0)") }
    static let roles: [Role] = ["r0", "r1"].compactMap { try? Role($0) }
    static let stranger = try? MemberID("mem_stranger")

    /// Any valid policy with options; `flat` keeps to member and wait entries and no options.
    static func scenario(flat: Bool = false) -> Generator<Scenario, Shrink.None<Scenario>> {
        Generator { rng in
            var policy: Policy?
            while policy == nil { policy = flat ? flatPolicy(&rng) : anyPolicy(&rng) }
            let members = pool.filter { _ in Int.random(in: 0..<7, using: &rng) > 0 }.map { id in
                Member(id: id, name: id.rawValue, roles: Set(roles.filter { _ in Bool.random(using: &rng) }))
            }
            let now = Fixture.t0.addingTimeInterval(Double(Int.random(in: 0...(14 * 24), using: &rng)) * 3_600)
            let votes = flat ? flatVotes(&rng, now: now) : (0..<Int.random(in: 0...8, using: &rng)).map { _ in anyVote(&rng) }
            let extra = Vote(
                member: pool[Int.random(in: 0..<pool.count, using: &rng)], kind: .approve,
                receivedAt: Fixture.t0.addingTimeInterval(Double(Int.random(in: 0...Int(now.timeIntervalSince(Fixture.t0)), using: &rng))),
                keyMethod: .passkey, stepUpVerified: true)
            return Scenario(
                policy: policy ?? Fixture.fallbackPolicy, members: members, votes: votes,
                creator: pool[Int.random(in: 0..<pool.count, using: &rng)], now: now,
                shuffledVotes: votes.shuffled(using: &rng), extraVote: extra)
        }
    }

    static func anyVote(_ rng: inout RNG) -> Vote {
        let who = Int.random(in: 0...pool.count, using: &rng)
        return Vote(
            member: who < pool.count ? pool[who] : stranger ?? pool[0],
            kind: Int.random(in: 0..<10, using: &rng) < 7 ? .approve : .reject,
            receivedAt: Fixture.t0.addingTimeInterval(Double(Int.random(in: -24...(12 * 24), using: &rng)) * 3_600),
            keyMethod: Int.random(in: 0..<10, using: &rng) == 0 ? .adminToken : .passkey,
            stepUpVerified: Bool.random(using: &rng))
    }

    /// At most one qualifying vote per pool member, received by `now`.
    static func flatVotes(_ rng: inout RNG, now: Date) -> [Vote] {
        pool.filter { _ in Bool.random(using: &rng) }.map { member in
            Vote(
                member: member, kind: Int.random(in: 0..<3, using: &rng) == 0 ? .reject : .approve,
                receivedAt: Fixture.t0.addingTimeInterval(Double(Int.random(in: 0...Int(now.timeIntervalSince(Fixture.t0)), using: &rng))))
        }
    }

    static func anyPolicy(_ rng: inout RNG) -> Policy? {
        let quorum = level(&rng, depth: 1)
        let rejectionMax = StaticReach.rejection(quorum).weight
        func maybe<T>(_ make: (inout RNG) -> T?) -> T? { Int.random(in: 0..<5, using: &rng) == 0 ? make(&rng) : nil }
        return try? Policy(
            quorum,
            rejectThreshold: rejectionMax > 0 ? maybe { Int.random(in: 1...rejectionMax, using: &$0) } : nil,
            expiresAfter: maybe { try? ISODuration("P\(Int.random(in: 11...20, using: &$0))D") },
            timelock: maybe { try? ISODuration("PT\(Int.random(in: 1...48, using: &$0))H") },
            stepUp: maybe { Bool.random(using: &$0) },
            allowSelfApproval: maybe { Bool.random(using: &$0) },
            keyAttestation: maybe { Bool.random(using: &$0) ? .passkey : .any })
    }

    static func flatPolicy(_ rng: inout RNG) -> Policy? {
        var signers = pool.filter { _ in Bool.random(using: &rng) }.map { SignerEntry.member($0, weight: Int.random(in: 1...3, using: &rng)) }
        if Bool.random(using: &rng), let wait = try? ISODuration("P\(Int.random(in: 1...10, using: &rng))D") {
            signers.append(.wait(wait, weight: Int.random(in: 1...3, using: &rng)))
        }
        let total = signers.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        return try? Policy(Quorum(threshold: Int.random(in: 1...total, using: &rng), signers: signers))
    }

    static func level(_ rng: inout RNG, depth: Int) -> Quorum {
        var members = pool.shuffled(using: &rng)
        var roleNames = roles.shuffled(using: &rng)
        var waitDays = Array(1...10).shuffled(using: &rng)
        var signers: [SignerEntry] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let weight = Int.random(in: 1...3, using: &rng)
            let kind = Int.random(in: 0..<10, using: &rng)
            if kind >= 8, depth < 3 {
                signers.append(.policy(level(&rng, depth: depth + 1), weight: weight))
            } else if kind == 7, let days = waitDays.popLast(), let wait = try? ISODuration("P\(days)D") {
                signers.append(.wait(wait, weight: weight))
            } else if kind >= 5, let role = roleNames.popLast() {
                signers.append(.role(role, weight: weight))
            } else if let member = members.popLast() {
                signers.append(.member(member, weight: weight))
            }
        }
        let total = max(1, signers.reduce(0) { $0 + $1.weight })
        let named = signers.compactMap { if case .member(let id) = $0.signer { id } else { nil } }
        let required = Int.random(in: 0..<5, using: &rng) == 0 ? named.first.map { [$0] } : nil
        return Quorum(threshold: Int.random(in: 1...total, using: &rng), signers: signers, required: required)
    }
}

extension Fixture {
    /// Used only if a generator could not build a policy (never expected).
    static let fallbackPolicy: Policy = {
        guard let id = try? MemberID("mem_m0"), let policy = try? Policy(Quorum(threshold: 1, signers: [.member(id, weight: 1)])) else {
            preconditionFailure("the fallback policy is valid")
        }
        return policy
    }()
}
