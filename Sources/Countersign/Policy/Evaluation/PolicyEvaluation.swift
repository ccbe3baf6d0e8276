import Foundation

/// The result of evaluating a policy at an instant: the state, the weights, the times that
/// decide it and an explanation for people (docs/policies.md). Pure data, equal for equal inputs.
public struct PolicyEvaluation: Sendable, Hashable {
    /// Never `.cancelled`: cancellation is decided outside the policy.
    public let state: StatementState
    /// Top-level approval weight of the votes counted by `now` (matured waits and satisfied nested
    /// policies included).
    public let approvalWeight: Int
    /// Top-level rejection weight by `now` (nested policies that can no longer be satisfied included).
    public let rejectionWeight: Int
    /// The top-level threshold.
    public let threshold: Int
    /// When the threshold (with every required member) was first met, if it was.
    public let thresholdMetAt: Date?
    /// When the time lock ends (`thresholdMetAt` + `timelock`), if the policy has one and the threshold was met.
    public let timelockEndsAt: Date?
    /// When the statement expires, if it does.
    public let expiresAt: Date?
    /// When a final state was reached.
    public let decidedAt: Date?
    /// The first instant after `now` at which this evaluation can change with no new vote: the
    /// expiry, the end of the time lock, or a wait maturing; nil once final or when nothing is
    /// timed. The server re-evaluates the statement then, so a deadline is recorded (and
    /// announced) when it passes, not when someone next looks.
    public let nextChangeAt: Date?
    /// Why: per-level tallies, ignored votes, and a summary in words.
    public let explanation: PolicyExplanation

    /// Whether `state` is final.
    public var isFinal: Bool { state.isFinal }
}

/// Why a policy evaluation came out as it did.
public struct PolicyExplanation: Sendable, Hashable {
    /// The top level, with its nested levels.
    public let root: LevelExplanation
    /// Votes that did not count, in the order they were received.
    public let ignoredVotes: [IgnoredVote]
    /// Why a rejected statement was rejected (nil otherwise).
    public let rejection: RejectionCause?
    /// The evaluation in words, for example "pending: needs 1 more approval weight; Alice must
    /// approve; waits 7 days: matures 2026-11-28T10:00:00Z".
    public let summary: String
}

/// What rejected a statement.
public enum RejectionCause: Sendable, Hashable {
    /// The rejection weight reached `rejectThreshold`.
    case rejectThresholdReached(weight: Int, rejectThreshold: Int)
    /// Approval can no longer be reached: at most `possibleWeight` of `threshold` remains, or
    /// required members can no longer approve.
    case approvalUnreachable(possibleWeight: Int, threshold: Int, unavailableRequired: [MemberID])

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .rejectThresholdReached: "reject_threshold_reached"
        case .approvalUnreachable: "approval_unreachable"
        }
    }
}
