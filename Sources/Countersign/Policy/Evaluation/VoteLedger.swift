import Foundation

/// The votes that count, one per member, and the ones that do not (with the reason): the first
/// step of evaluation, independent of time except for the window [createdAt, now].
struct VoteLedger {
    /// Each member's counted vote: the earliest qualifying one.
    let counted: [MemberID: Vote]
    let ignored: [IgnoredVote]
    /// A member whose approval never counts (the creator without self-approval), or nil.
    let excluded: MemberID?

    init(
        votes: [Vote], policy: Policy, directory: [MemberID: Member], creator: MemberID?, createdAt: Date, now: Date
    ) {
        excluded = policy.effectiveAllowSelfApproval ? nil : creator
        var counted: [MemberID: Vote] = [:]
        var ignored: [IgnoredVote] = []
        for vote in votes.sorted(by: Vote.precedes) {
            let reason: IgnoredVote.Reason?
            if vote.receivedAt < createdAt {
                reason = .beforeCreation
            } else if vote.receivedAt > now {
                reason = .afterEvaluationTime
            } else if let member = directory[vote.member] {
                reason = Self.problem(
                    with: vote, member: member, policy: policy, excluded: excluded,
                    isSigner: policy.namesSigner(member),
                    earlier: counted[vote.member])
            } else {
                reason = .notAMember
            }
            if let reason {
                ignored.append(IgnoredVote(vote: vote, reason: reason))
            } else {
                counted[vote.member] = vote
            }
        }
        self.counted = counted
        self.ignored = ignored
    }

    private static func problem(
        with vote: Vote, member: Member, policy: Policy, excluded: MemberID?, isSigner: Bool, earlier: Vote?
    ) -> IgnoredVote.Reason? {
        guard isSigner else { return .notASigner }
        if vote.kind == .approve, vote.member == excluded { return .selfApproval }
        if policy.effectiveKeyAttestation == .passkey, vote.keyMethod != .passkey { return .keyNotPasskey }
        if vote.kind == .approve, policy.effectiveStepUp, !vote.stepUpVerified { return .stepUpMissing }
        if let earlier { return .duplicate(countedAt: earlier.receivedAt) }
        return nil
    }

    /// The member's counted vote if it was received by `instant`.
    func vote(of member: MemberID, at instant: Date) -> Vote? {
        guard let vote = counted[member], vote.receivedAt <= instant else { return nil }
        return vote
    }

    /// Whether the member could still approve at `instant`: a member, not excluded, and not
    /// having rejected by then. A member whose votes did not qualify may still vote properly.
    func canStillApprove(_ member: MemberID, at instant: Date, directory: [MemberID: Member]) -> Bool {
        guard directory[member] != nil, member != excluded else { return false }
        return vote(of: member, at: instant)?.kind != .reject
    }
}
