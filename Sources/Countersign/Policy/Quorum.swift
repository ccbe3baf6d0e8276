/// One level of a policy: a threshold, the weighted entries that count towards it, and the
/// members who must approve. The top level of a `Policy` is a quorum, and so is every nested
/// `{"policy":{…}}` entry.
///
/// A quorum on its own is not validated; it becomes part of a valid policy through `Policy`'s
/// initialisers, which check every level.
public struct Quorum: Sendable, Hashable {
    /// The weight needed.
    public let threshold: Int
    /// The entries, in the order written.
    public let signers: [SignerEntry]
    /// Members who must approve, or nil when the policy has no `required` member.
    public let required: [MemberID]?

    /// A level with `threshold`, `signers` and optional `required` members.
    public init(threshold: Int, signers: [SignerEntry], required: [MemberID]? = nil) {
        self.threshold = threshold
        self.signers = signers
        self.required = required
    }

    /// The required members (empty when none are).
    public var requiredMembers: [MemberID] { required ?? [] }

    /// Every member named by a member entry at this level or in a nested policy below it.
    public var namedMembers: Set<MemberID> {
        var members: Set<MemberID> = []
        for entry in signers {
            switch entry.signer {
            case .member(let member): members.insert(member)
            case .policy(let nested): members.formUnion(nested.namedMembers)
            case .role, .wait: break
            }
        }
        return members
    }

    /// Every role named at this level or below.
    public var namedRoles: Set<Role> {
        var roles: Set<Role> = []
        for entry in signers {
            switch entry.signer {
            case .role(let role): roles.insert(role)
            case .policy(let nested): roles.formUnion(nested.namedRoles)
            case .member, .wait: break
            }
        }
        return roles
    }

    /// Number of entries at this level and below.
    var entryCount: Int {
        signers.reduce(signers.count) { count, entry in
            if case .policy(let nested) = entry.signer { return count + nested.entryCount }
            return count
        }
    }

    /// Levels from this one down to the deepest nested policy (1 for a flat level).
    var depth: Int {
        1 + signers.reduce(0) { deepest, entry in
            if case .policy(let nested) = entry.signer { return max(deepest, nested.depth) }
            return deepest
        }
    }
}
