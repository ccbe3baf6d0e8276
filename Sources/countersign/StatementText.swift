import Countersign
import CountersignClient

/// How statements read in the terminal: what a signer needs to see before signing.
enum StatementText {
    /// Title, state, policy and its explanation, the pretty-printed content and the votes.
    static func lines(_ view: StatementView) -> [String] {
        var lines = [
            "\(view.id): \(view.title)",
            "state: \(view.state) (weight \(view.weight) of \(view.threshold))",
            "created by \(view.creator) at \(Timestamp.format(view.createdAt))"
                + (view.expiresAt.map { "; expires \(Timestamp.format($0))" } ?? ""),
            "digest: \(view.digest)",
        ]
        if let policyText = view.policyText { lines.append("policy: \(policyText)") }
        lines.append("evaluation: \(view.summary)")
        lines.append("content:")
        lines.append(PrettyJSON.text(view.content))
        lines.append(view.votes.isEmpty ? "votes: none" : "votes:")
        for vote in view.votes {
            lines.append("  \(vote.member) \(vote.kind) at \(Timestamp.format(vote.receivedAt)) with key \(vote.kid) (\(vote.keyMethod))")
        }
        return lines
    }

    /// One line per listed statement.
    static func line(_ summary: StatementSummary) -> String {
        "\(summary.id)  \(summary.state)  \(summary.weight)/\(summary.threshold)  \(Timestamp.format(summary.createdAt))  \(summary.title)"
    }
}
