import Foundation

/// The one-paragraph summary of an evaluation, for the web app, the CLI and logs.
struct EvaluationSummary {
    let evaluation: PolicyEvaluation
    let directory: [MemberID: Member]

    var text: String {
        let root = evaluation.explanation.root
        var parts: [String] = []
        switch evaluation.state {
        case .pending, .cancelled:
            parts.append("pending")
            parts += needs(root)
            if let expiresAt = evaluation.expiresAt { parts.append("expires \(Timestamp.format(expiresAt))") }
        case .timelocked:
            let metAt = evaluation.thresholdMetAt.map(Timestamp.format) ?? "?"
            let endsAt = evaluation.timelockEndsAt.map(Timestamp.format) ?? "?"
            parts.append("timelocked: threshold met at \(metAt); approved at \(endsAt) unless rejected before")
            if let expiresAt = evaluation.expiresAt, let ends = evaluation.timelockEndsAt, ends >= expiresAt {
                parts.append("but it expires at \(Timestamp.format(expiresAt)), before the time lock ends")
            }
        case .approved:
            parts.append("approved at \(decided): weight \(root.approvalWeight) of \(root.threshold)")
            if !root.counted.isEmpty { parts.append("counted: \(counted(root, kind: .approve))") }
        case .rejected:
            parts.append("rejected at \(decided): \(rejectionReason)")
        case .expired:
            parts.append("expired at \(decided) before it was approved")
        }
        for ignored in evaluation.explanation.ignoredVotes {
            if case .afterEvaluationTime = ignored.reason { continue }
            parts.append("\(name(ignored.vote.member))'s \(ignored.vote.kind == .approve ? "approval" : "rejection") did not count: \(ignored.reason.message)")
        }
        return parts.joined(separator: "; ")
    }

    private var decided: String { evaluation.decidedAt.map(Timestamp.format) ?? "?" }

    private func name(_ member: MemberID) -> String { Member.displayName(member, in: directory) }

    private func counted(_ level: LevelExplanation, kind: VoteKind) -> String {
        Words.list(level.counted.filter { $0.kind == kind }.map { "\(name($0.member)) (\($0.weight))" })
    }

    /// What a level still needs, nested levels included.
    private func needs(_ level: LevelExplanation, prefix: String = "") -> [String] {
        var parts: [String] = []
        if level.neededWeight > 0 { parts.append(prefix + Self.needed(level)) }
        if !level.missingRequired.isEmpty { parts.append(prefix + Words.mustApprove(level.missingRequired.map(name))) }
        for wait in level.waits where !wait.matured {
            parts.append("\(prefix)waits \(wait.duration.words): matures \(Timestamp.format(wait.maturesAt))")
        }
        guard !level.satisfied else { return parts }
        for nested in level.nested where !nested.level.satisfied && nested.level.reachable {
            parts += needs(nested.level, prefix: "\(prefix)nested policy \(nested.level.path) ")
        }
        return parts
    }

    /// "needs 1 more approval" where every approval counts 1, "needs 2 more weight" otherwise.
    static func needed(_ level: LevelExplanation) -> String {
        let count = level.neededWeight
        guard level.countsApprovals else { return "needs \(count) more weight" }
        return count == 1 ? "needs 1 more approval" : "needs \(count) more approvals"
    }

    private var rejectionReason: String {
        switch evaluation.explanation.rejection {
        case .rejectThresholdReached(let weight, let rejectThreshold)?:
            return "rejection weight \(weight) reached the reject threshold \(rejectThreshold)"
                + (evaluation.explanation.root.counted.contains { $0.kind == .reject }
                    ? " (rejected by \(counted(evaluation.explanation.root, kind: .reject)))" : "")
        case .approvalUnreachable(let possible, let threshold, let unavailable)?:
            if !unavailable.isEmpty {
                return "approval can no longer be reached: \(Words.mustApprove(unavailable.map(name))) but cannot "
                    + "(rejected, not a member, or the creator without self-approval)"
            }
            return "approval can no longer be reached: at most \(possible) of the \(threshold) needed remains possible"
        case nil:
            return "rejected"
        }
    }
}
