/// Whether a policy can be met by a given member directory, before anyone votes: what
/// `countersign policy check --members` reports.
public struct PolicyReachability: Sendable, Hashable {
    /// The top-level threshold can be met and every required member can approve.
    public let reachable: Bool
    /// The most approval weight the directory can give at the top level (waits included).
    public let possibleWeight: Int
    /// The top-level threshold.
    public let threshold: Int
    /// Every level that cannot be satisfied, by path ("" for the top level).
    public let unreachableLevels: [String]
    /// Members named by member entries or `required` but absent from the directory.
    public let unknownMembers: [MemberID]
    /// Roles named by role entries that no member holds.
    public let unheldRoles: [Role]
}

extension Policy {
    /// Checks the policy against a member directory; `creator`, when known, is excluded from
    /// approving if the policy does not allow self-approval.
    public func reachability(members: [Member], creator: MemberID? = nil) -> PolicyReachability {
        let evaluator = PolicyEvaluator(policy: self, members: members, creator: creator, createdAt: .distantPast, expiresAt: nil)
        let ledger = VoteLedger(votes: [], policy: self, directory: evaluator.directory, creator: creator, createdAt: .distantPast, now: .distantPast)
        let root = evaluator.root.tally(at: .distantPast, ledger: ledger, directory: evaluator.directory)
        var unreachable: [String] = []
        func collect(_ level: LevelExplanation) {
            for nested in level.nested { collect(nested.level) }
            if !level.reachable { unreachable.append(level.path) }
        }
        collect(root)
        let held = Set(members.flatMap(\.roles))
        return PolicyReachability(
            reachable: root.reachable, possibleWeight: root.possibleWeight, threshold: threshold,
            unreachableLevels: unreachable,
            unknownMembers: quorum.namedMembers.filter { evaluator.directory[$0] == nil }.sorted(),
            unheldRoles: quorum.namedRoles.subtracting(held).sorted())
    }
}
