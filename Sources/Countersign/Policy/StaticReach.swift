/// The most weight a level can gather, judged from the policy alone (no member directory).
///
/// Every member entry and every nested policy that can itself be satisfied counts in full; a role
/// entry is "open", because any number of members may hold the role: only a directory
/// (`Policy.reachability(members:)` and evaluation) can tell how many do.
struct StaticReach: Equatable {
    /// Sum of the weights that can count.
    var weight = 0
    /// A role entry at this level: the level can gather any weight.
    var open = false
    /// A required member can never approve (see `excluding`).
    var blocked = false

    /// Whether the level's threshold can be met.
    func reaches(_ threshold: Int) -> Bool { !blocked && (open || weight >= threshold) }

    /// Best approval weight of `quorum`. Waits count when `waitHorizon` is nil or longer than them
    /// (in seconds after creation); `excluding` is a member whose approval cannot count (the
    /// creator, when self-approval is not allowed).
    static func approval(_ quorum: Quorum, waitHorizon: Int64?, excluding: MemberID? = nil) -> StaticReach {
        var reach = StaticReach()
        if let excluding, quorum.requiredMembers.contains(excluding) { reach.blocked = true }
        for entry in quorum.signers {
            switch entry.signer {
            case .member(let member):
                if member != excluding { reach.weight += entry.weight }
            case .role:
                reach.weight += entry.weight
                reach.open = true
            case .wait(let duration):
                if waitHorizon.map({ duration.seconds < $0 }) ?? true { reach.weight += entry.weight }
            case .policy(let inner):
                let innerReach = approval(inner, waitHorizon: waitHorizon, excluding: excluding)
                if innerReach.reaches(inner.threshold) { reach.weight += entry.weight }
            }
        }
        return reach
    }

    /// Best rejection weight of the top level: every member and role entry, and every nested
    /// policy (which rejects once it can no longer be satisfied). Waits never reject.
    static func rejection(_ quorum: Quorum) -> StaticReach {
        var reach = StaticReach()
        for entry in quorum.signers {
            switch entry.signer {
            case .member, .policy: reach.weight += entry.weight
            case .role:
                reach.weight += entry.weight
                reach.open = true
            case .wait: break
            }
        }
        return reach
    }
}
