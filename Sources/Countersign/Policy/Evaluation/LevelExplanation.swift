import Foundation

/// How one level of a policy stands at the evaluation time: who counted with which weight, the
/// waits, the nested policies, the required members still missing, and what remains possible.
public struct LevelExplanation: Sendable, Hashable {
    /// Where the level is in the policy: "" for the top level, `signers[2].policy` below it.
    public let path: String
    /// The level's threshold.
    public let threshold: Int
    /// Weight of the counted approvals, matured waits and satisfied nested policies.
    public internal(set) var approvalWeight = 0
    /// Weight of the counted rejections and of the nested policies that can no longer be satisfied.
    public internal(set) var rejectionWeight = 0
    /// The most approval weight the level could still reach: approvals so far, every member who
    /// may still approve, every wait (matured or not) and every nested policy still satisfiable.
    public internal(set) var possibleWeight = 0
    /// Members whose votes counted at this level, by member id.
    public internal(set) var counted: [CountedVote] = []
    /// The level's wait entries and when they mature.
    public internal(set) var waits: [WaitProgress] = []
    /// The level's nested policies, each with its own explanation.
    public internal(set) var nested: [NestedProgress] = []
    /// Required members who have not approved yet.
    public internal(set) var missingRequired: [MemberID] = []
    /// Every approval counts 1 at this level (members and roles of weight 1, no waits, no nested
    /// policies): its weight is a number of approvals, and it is said so ("needs 1 more approval").
    public internal(set) var countsApprovals = false
    /// Required members who never can: they rejected, are not members, or are the creator without self-approval.
    public internal(set) var unavailableRequired: [MemberID] = []

    init(path: String, threshold: Int) {
        self.path = path
        self.threshold = threshold
    }

    /// The threshold is met and every required member approved.
    public var satisfied: Bool { approvalWeight >= threshold && missingRequired.isEmpty }
    /// The level can still be satisfied.
    public var reachable: Bool { possibleWeight >= threshold && unavailableRequired.isEmpty }
    /// Approval weight still missing.
    public var neededWeight: Int { max(0, threshold - approvalWeight) }
}

/// A member's vote counted at a level, with the weight of the best entry that matched them.
public struct CountedVote: Sendable, Hashable {
    /// Who voted.
    public let member: MemberID
    /// Approve or reject.
    public let kind: VoteKind
    /// The largest weight among the level's entries that match the member.
    public let weight: Int
    /// Index of the matching entry in the level's `signers`.
    public let entry: Int
}

/// A wait entry and when it matures.
public struct WaitProgress: Sendable, Hashable {
    /// Index of the wait entry in the level's `signers`.
    public let entry: Int
    /// How old the statement must be.
    public let duration: ISODuration
    /// The weight it contributes once matured.
    public let weight: Int
    /// `createdAt` + `duration`.
    public let maturesAt: Date
    /// Whether it had matured at the evaluation time.
    public let matured: Bool
}

/// A nested policy and its own explanation.
public struct NestedProgress: Sendable, Hashable {
    /// Index of the nested policy entry in the parent level's `signers`.
    public let entry: Int
    /// The weight it contributes to its parent once satisfied.
    public let weight: Int
    /// The nested level's own tally.
    public let level: LevelExplanation
}
