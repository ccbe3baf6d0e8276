import Foundation

/// A vote that did not count, and why.
public struct IgnoredVote: Sendable, Hashable {
    /// Why a vote did not count.
    public enum Reason: Sendable, Hashable {
        /// Received before the statement was created.
        case beforeCreation
        /// Received after the evaluation time `now`.
        case afterEvaluationTime
        /// The voter is not in the member directory.
        case notAMember
        /// No entry of the policy, at any level, matches the voter.
        case notASigner
        /// The creator approved and the policy does not allow self-approval.
        case selfApproval
        /// An approval without the step-up passkey assertion the policy requires.
        case stepUpMissing
        /// A vote with an admin-enrolled key where the policy requires passkey-attested keys.
        case keyNotPasskey
        /// The member had already voted; the earlier vote counts.
        case duplicate(countedAt: Date)

        /// A stable machine-readable code.
        public var code: String {
            switch self {
            case .beforeCreation: "vote_before_creation"
            case .afterEvaluationTime: "vote_after_evaluation_time"
            case .notAMember: "vote_not_a_member"
            case .notASigner: "vote_not_a_signer"
            case .selfApproval: "vote_self_approval"
            case .stepUpMissing: "vote_step_up_missing"
            case .keyNotPasskey: "vote_key_not_passkey"
            case .duplicate: "vote_duplicate"
            }
        }

        /// The reason in words.
        public var message: String {
            switch self {
            case .beforeCreation: "received before the statement was created"
            case .afterEvaluationTime: "received after the time of this evaluation"
            case .notAMember: "not a current member"
            case .notASigner: "not a signer of this policy (no member or role entry matches)"
            case .selfApproval: "the creator's own approval does not count under this policy"
            case .stepUpMissing: "the policy requires a fresh passkey assertion (step-up) with each approval"
            case .keyNotPasskey: "the policy accepts only passkey-attested keys, and this key was enrolled by the admin"
            case .duplicate(let countedAt): "the member already voted (the vote received at \(Timestamp.format(countedAt)) counts)"
            }
        }
    }

    /// The vote as given.
    public let vote: Vote
    /// Why it did not count.
    public let reason: Reason
}
