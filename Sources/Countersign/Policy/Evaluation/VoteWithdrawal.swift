import Foundation

/// Withdrawing a vote (docs/policies.md): allowed while the statement is not final, never after.
///
/// A withdrawn vote is removed from the set the policy is evaluated with. That cannot move a
/// final state into the past: states only become final as approvals or rejections arrive, and
/// without the vote the member is again someone who may still approve, so no threshold is met or
/// lost earlier than it was. During a time lock, withdrawing an approval that the threshold rested
/// on returns the statement to pending.
extension Statement {
    /// The votes that remain after `member` withdraws at `instant`.
    public func withdrawingVote(
        of member: MemberID, from votes: [Vote], members: [Member], at instant: Date
    ) throws(VoteWithdrawalError) -> [Vote] {
        guard votes.contains(where: { $0.member == member && $0.receivedAt <= instant }) else {
            throw .noVote
        }
        let evaluation = evaluate(votes: votes, members: members, now: instant)
        guard !evaluation.isFinal else { throw .statementFinal(evaluation.state) }
        return votes.filter { $0.member != member }
    }
}

/// Why a vote could not be withdrawn.
public enum VoteWithdrawalError: Error, Equatable, Sendable, CustomStringConvertible {
    case noVote
    case statementFinal(StatementState)

    public var code: String {
        switch self {
        case .noVote: "withdrawal_no_vote"
        case .statementFinal: "withdrawal_statement_final"
        }
    }

    public var description: String {
        switch self {
        case .noVote: "the member has no vote on this statement to withdraw"
        case .statementFinal(let state): "the statement is \(state.rawValue); a final state never changes"
        }
    }
}
