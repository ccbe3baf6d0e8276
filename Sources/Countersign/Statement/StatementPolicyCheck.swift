/// Checks that a valid policy can still be met by a particular statement: its creator (when
/// self-approval is not allowed) and its own expiry may rule out entries the policy alone allows.
enum StatementPolicyCheck {
    /// `lifetime` is the statement's own `expiresAt` − `createdAt`, in seconds.
    static func check(_ policy: Policy, creator: MemberID, lifetime: Int64?) throws(StatementError) {
        let excluded = policy.effectiveAllowSelfApproval ? nil : creator
        if let excluded, policy.required.contains(excluded) {
            throw .policyCannotBeMet("the creator \(excluded) is a required approver, but the policy does not count the creator's own approval")
        }
        let limits = [lifetime, policy.expiresAfter?.seconds].compactMap { $0 }
        let effectiveLifetime = limits.min()
        let timelock = policy.timelock?.seconds ?? 0
        if let effectiveLifetime, timelock >= effectiveLifetime {
            throw .policyCannotBeMet("the statement expires before its time lock of \(policy.timelock?.words ?? "") could pass")
        }
        let reach = StaticReach.approval(policy.quorum, waitHorizon: effectiveLifetime.map { $0 - timelock }, excluding: excluded)
        guard reach.reaches(policy.threshold) else {
            var reasons: [String] = []
            if excluded != nil { reasons.append("the creator's own approval does not count") }
            if lifetime != nil { reasons.append("waits that end after the statement expires do not count") }
            throw .policyCannotBeMet(
                "the threshold \(policy.threshold) needs more weight than the entries can give (at most \(reach.weight)) when "
                    + reasons.joined(separator: " and "))
        }
    }
}
