import Foundation

extension Policy {
    /// Evaluates the policy for a statement created by `creator` at `createdAt`, at the instant
    /// `now`: a pure function of its arguments (docs/policies.md lists every rule).
    ///
    /// - Parameters:
    ///   - votes: verified votes, in any order; each member counts once (their earliest
    ///     qualifying vote).
    ///   - members: the member directory; votes and entries of unknown members do not count, and
    ///     role entries match the members holding the role here.
    ///   - expiresAt: the statement's own expiry; the earlier of it and `expiresAfter` applies.
    public func evaluate(
        votes: [Vote], members: [Member], creator: MemberID?, createdAt: Date, expiresAt: Date? = nil, now: Date
    ) -> PolicyEvaluation {
        PolicyEvaluator(policy: self, members: members, creator: creator, createdAt: createdAt, expiresAt: expiresAt)
            .evaluate(votes: votes, now: now)
    }
}

extension Statement {
    /// Evaluates the statement's policy with these votes at `now` (see `Policy.evaluate`).
    public func evaluate(votes: [Vote], members: [Member], now: Date) -> PolicyEvaluation {
        policy.evaluate(votes: votes, members: members, creator: creator, createdAt: createdAt, expiresAt: expiresAt, now: now)
    }
}

/// The timeline of one statement: the approval and rejection conditions only ever switch from
/// false to true as votes arrive and waits mature, so the first instant each holds is found by
/// binary search over the instants where anything changes.
struct PolicyEvaluator: Sendable {
    let policy: Policy
    let directory: [MemberID: Member]
    let creator: MemberID?
    let createdAt: Date
    let expiry: Date?
    let root: CompiledLevel

    init(policy: Policy, members: [Member], creator: MemberID?, createdAt: Date, expiresAt: Date?) {
        self.init(policy: policy, directory: MemberDirectory(members), creator: creator, createdAt: createdAt, expiresAt: expiresAt)
    }

    init(policy: Policy, directory: MemberDirectory, creator: MemberID?, createdAt: Date, expiresAt: Date?) {
        self.policy = policy
        self.directory = directory.members
        self.creator = creator
        self.createdAt = createdAt
        let afterPolicy = policy.expiresAfter.map { createdAt.addingTimeInterval(Double($0.seconds)) }
        expiry = [expiresAt, afterPolicy].compactMap { $0 }.min()
        root = CompiledLevel(
            policy.quorum, path: "", directory: directory.members, roleHolders: directory.roleHolders, createdAt: createdAt)
    }

    func evaluate(votes: [Vote], now: Date) -> PolicyEvaluation {
        let ledger = VoteLedger(votes: votes, policy: policy, directory: directory, creator: creator, createdAt: createdAt, now: now)
        var instants: Set<Date> = createdAt <= now ? [createdAt] : []
        for vote in ledger.counted.values { instants.insert(vote.receivedAt) }
        for wait in Self.waitMaturities(root) where wait >= createdAt && wait <= now { instants.insert(wait) }
        let timeline = instants.sorted()
        // The searches below and the summary ask for the same instants again; each tally walks
        // every candidate, so each instant is tallied once.
        var tallies: [Date: LevelExplanation] = [:]
        func tally(_ instant: Date) -> LevelExplanation {
            if let known = tallies[instant] { return known }
            let level = root.tally(at: instant, ledger: ledger, directory: directory)
            tallies[instant] = level
            return level
        }

        let thresholdMetAt = Self.first(in: timeline) { tally($0).satisfied }
        let rejectedAt = Self.first(in: timeline) { rejection(in: tally($0)) != nil }
        let lock = Double(policy.timelock?.seconds ?? 0)
        let approvedAt = thresholdMetAt.map { $0.addingTimeInterval(lock) }
        let beforeExpiry = { (instant: Date) in expiry.map { instant < $0 } ?? true }

        let state: StatementState
        let decidedAt: Date?
        if let rejectedAt, beforeExpiry(rejectedAt), approvedAt.map({ rejectedAt <= $0 }) ?? true {
            (state, decidedAt) = (.rejected, rejectedAt)
        } else if let approvedAt, approvedAt <= now, beforeExpiry(approvedAt) {
            (state, decidedAt) = (.approved, approvedAt)
        } else if let expiry, expiry <= now {
            (state, decidedAt) = (.expired, expiry)
        } else {
            (state, decidedAt) = (thresholdMetAt == nil ? .pending : .timelocked, nil)
        }

        let current = tally(now)
        let timed = [expiry, state == .timelocked ? approvedAt : nil] + Self.waitMaturities(root)
        let nextChangeAt = state.isFinal ? nil : timed.compactMap { $0 }.filter { $0 > now }.min()
        let cause = state == .rejected ? rejectedAt.flatMap { rejection(in: tally($0)) } : nil
        let draft = PolicyEvaluation(
            state: state, approvalWeight: current.approvalWeight, rejectionWeight: current.rejectionWeight,
            threshold: policy.threshold, thresholdMetAt: thresholdMetAt,
            timelockEndsAt: policy.timelock == nil ? nil : approvedAt, expiresAt: expiry, decidedAt: decidedAt,
            nextChangeAt: nextChangeAt, explanation: PolicyExplanation(root: current, ignoredVotes: ledger.ignored, rejection: cause, summary: ""))
        let summary = EvaluationSummary(evaluation: draft, directory: directory).text
        return PolicyEvaluation(
            state: state, approvalWeight: draft.approvalWeight, rejectionWeight: draft.rejectionWeight,
            threshold: draft.threshold, thresholdMetAt: thresholdMetAt, timelockEndsAt: draft.timelockEndsAt,
            expiresAt: expiry, decidedAt: decidedAt, nextChangeAt: nextChangeAt,
            explanation: PolicyExplanation(root: current, ignoredVotes: ledger.ignored, rejection: cause, summary: summary))
    }

    /// Why the top level rejects at this tally, or nil.
    private func rejection(in level: LevelExplanation) -> RejectionCause? {
        if let rejectThreshold = policy.rejectThreshold, level.rejectionWeight >= rejectThreshold {
            return .rejectThresholdReached(weight: level.rejectionWeight, rejectThreshold: rejectThreshold)
        }
        guard level.reachable else {
            return .approvalUnreachable(
                possibleWeight: level.possibleWeight, threshold: level.threshold, unavailableRequired: level.unavailableRequired)
        }
        return nil
    }

    /// The first instant where a monotone condition holds.
    private static func first(in timeline: [Date], where holds: (Date) -> Bool) -> Date? {
        var low = 0
        var high = timeline.count
        while low < high {
            let middle = (low + high) / 2
            if holds(timeline[middle]) { high = middle } else { low = middle + 1 }
        }
        return low < timeline.count ? timeline[low] : nil
    }

    private static func waitMaturities(_ level: CompiledLevel) -> [Date] {
        level.waits.map(\.maturesAt) + level.nested.flatMap { waitMaturities($0.level) }
    }
}
