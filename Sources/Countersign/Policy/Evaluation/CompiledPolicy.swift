import Foundation

/// A statement's policy compiled against one member directory (its role entries resolved, its
/// levels built), to be evaluated many times: each vote on a statement evaluates the same policy
/// against the same directory until the directory changes, and compiling was most of an
/// evaluation's cost (docs/PERFORMANCE.md). Evaluating it is exactly `Statement.evaluate` with
/// that directory.
public struct CompiledPolicy: Sendable {
    let evaluator: PolicyEvaluator

    /// Evaluates the policy with these votes at `now` (see `Policy.evaluate`).
    public func evaluate(votes: [Vote], now: Date) -> PolicyEvaluation {
        evaluator.evaluate(votes: votes, now: now)
    }
}

extension Statement {
    /// The statement's policy compiled against `members`.
    public func compiled(members: [Member]) -> CompiledPolicy {
        compiled(directory: MemberDirectory(members))
    }

    /// The statement's policy compiled against a directory built beforehand, which many
    /// statements' policies can share.
    public func compiled(directory: MemberDirectory) -> CompiledPolicy {
        CompiledPolicy(
            evaluator: PolicyEvaluator(policy: policy, directory: directory, creator: creator, createdAt: createdAt, expiresAt: expiresAt))
    }
}
