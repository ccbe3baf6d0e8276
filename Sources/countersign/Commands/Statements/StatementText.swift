import Countersign
import CountersignClient
import CountersignJSON

/// How statements read in the terminal: what a signer needs to see before signing.
enum StatementText {
    /// Title, state, policy and its explanation, the pretty-printed content and the votes; every
    /// member id outside the content has its name beside it when `names` knows it.
    static func lines(_ view: StatementView, names: MemberNames) -> [String] {
        var lines = [
            "\(view.id): \(view.title)",
            "state: \(view.state) (weight \(view.weight) of \(view.threshold))",
            "created by \(names.label(view.creator)) at \(Timestamp.format(view.createdAt))"
                + (view.expiresAt.map { "; expires \(Timestamp.format($0))" } ?? ""),
            "digest: \(view.digest)",
        ]
        if let policyText = view.policyText { lines.append("policy: \(policyText)") }
        lines.append("evaluation: \(view.summary)")
        for ignored in ignoredVotes(view, names: names) { lines.append("  not counted: \(ignored)") }
        lines.append("content:")
        lines.append(PrettyJSON.text(view.content))
        lines.append(view.votes.isEmpty ? "votes: none" : "votes:")
        for vote in view.votes {
            lines.append("  \(names.label(vote.member)) \(vote.kind) at \(Timestamp.format(vote.receivedAt)) with key \(vote.kid) (\(vote.keyMethod))")
            if let reason = vote.reason { lines.append("    reason (signed): \(JCS.string(.string(reason)))") }
        }
        for withdrawal in view.json["withdrawals"]?.arrayValue ?? [] {
            guard let object = withdrawal.objectValue, let member = object["member"]?.stringValue else { continue }
            let reason = object["reason"]?.stringValue.map { "; reason (not signed): " + JCS.string(.string($0)) } ?? ""
            lines.append("  \(names.label(member)) withdrew a \(object["kind"]?.stringValue ?? "vote") at \(object["withdrawnAt"]?.stringValue ?? "?")\(reason)")
        }
        return lines
    }

    /// The votes the policy did not count, each with the evaluation's reason.
    static func ignoredVotes(_ view: StatementView, names: MemberNames) -> [String] {
        let votes = view.explanation.objectValue?["explanation"]?.objectValue?["ignoredVotes"]?.arrayValue ?? []
        return votes.compactMap { vote in
            guard let object = vote.objectValue, let member = object["member"]?.stringValue else { return nil }
            let reason = object["reason"]?.objectValue?["message"]?.stringValue ?? "no reason given"
            return "\(names.label(member)) (\(object["kind"]?.stringValue ?? "vote")): \(reason)"
        }
    }

    /// One line per listed statement.
    static func line(_ summary: StatementSummary) -> String {
        "\(summary.id)  \(summary.state)  \(summary.weight)/\(summary.threshold)  \(Timestamp.format(summary.createdAt))  \(summary.title)"
    }
}
