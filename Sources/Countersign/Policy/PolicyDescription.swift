/// A policy in words, for people deciding whether to trust it: "any 2 of Alice, Bob and Carol;
/// Alice must approve; expires 30 days after creation".
///
/// Member names come from the caller; an unnamed member is shown by id.
public struct PolicyDescription: Sendable, Hashable, CustomStringConvertible {
    /// The clauses, top level first, then each option: joined by "; " in `text`.
    public let clauses: [String]

    /// Describes `policy`, naming members from `names`.
    public init(_ policy: Policy, names: [MemberID: String] = [:]) {
        let describer = Describer(names: names)
        var clauses = [describer.level(policy.quorum)]
        if !policy.required.isEmpty { clauses.append(Words.mustApprove(policy.required.map(describer.name))) }
        if let rejectThreshold = policy.rejectThreshold { clauses.append("rejected once rejections weigh \(rejectThreshold)") }
        if let expiresAfter = policy.expiresAfter { clauses.append("expires \(expiresAfter.words) after creation") }
        if let timelock = policy.timelock { clauses.append("takes effect \(timelock.words) after the threshold is met (time lock)") }
        if policy.effectiveStepUp { clauses.append("each approval needs a fresh passkey check (step-up)") }
        if !policy.effectiveAllowSelfApproval { clauses.append("the creator's own approval does not count") }
        if policy.effectiveKeyAttestation == .passkey { clauses.append("only passkey-attested keys count") }
        self.clauses = clauses
    }

    /// Describes `policy`, naming members from a directory. Members who share a name (`Member.namesakeKey`)
    /// are told apart by their id after it ("Alice (mem_1)"), so that
    /// a description never reads as if one person were meant where the policy names another.
    public init(_ policy: Policy, members: [Member]) {
        var names: [MemberID: String] = [:]
        var holders: [String: Set<MemberID>] = [:]
        for member in members where !member.name.allSatisfy(\.isWhitespace) {
            holders[Member.namesakeKey(member.name), default: []].insert(member.id)
        }
        for member in members where names[member.id] == nil && !member.name.allSatisfy(\.isWhitespace) {
            names[member.id] = (holders[Member.namesakeKey(member.name)]?.count ?? 0) > 1 ? "\(member.name) (\(member.id.rawValue))" : member.name
        }
        self.init(policy, names: names)
    }

    /// The whole description.
    public var text: String { clauses.joined(separator: "; ") }

    public var description: String { text }
}

private struct Describer {
    let names: [MemberID: String]

    func name(_ member: MemberID) -> String { names[member] ?? member.rawValue }

    /// "any 2 of a, b and c", "all of a and b", "a's approval", or with weights "a total weight of 5 from me (5) and dad (1)".
    func level(_ quorum: Quorum) -> String {
        let weighted = quorum.signers.contains { $0.weight != 1 }
        let items = quorum.signers.map { entry in weighted ? "\(item(entry)) (\(entry.weight))" : item(entry) }
        let hasRoles = quorum.signers.contains { if case .role = $0.signer { true } else { false } }
        let onlyRoles = quorum.signers.allSatisfy { if case .role = $0.signer { true } else { false } }
        if weighted { return "a total weight of \(quorum.threshold) from \(Words.list(items))" }
        if quorum.signers.count == 1, quorum.threshold == 1, !onlyRoles {
            // A single signer: "Alice's approval", not a bare name.
            if case .member(let member) = quorum.signers[0].signer { return "\(name(member))'s approval" }
            return items[0]
        }
        if !hasRoles, quorum.signers.count > 1, quorum.threshold == quorum.signers.count { return "all of \(Words.list(items))" }
        return "any \(quorum.threshold) of \(Words.list(items))"
    }

    func item(_ entry: SignerEntry) -> String {
        switch entry.signer {
        case .member(let member): return name(member)
        case .role(let role): return "the members with role \(role)"
        case .wait(let duration): return "a wait of \(duration.words)"
        case .policy(let nested):
            let required = nested.requiredMembers.isEmpty ? "" : ", where \(Words.mustApprove(nested.requiredMembers.map(name)))"
            return "(\(level(nested))\(required))"
        }
    }
}
