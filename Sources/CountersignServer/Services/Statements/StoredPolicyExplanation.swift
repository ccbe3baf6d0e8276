import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// A policy explained before any statement uses it (the admin page's stored-policy editor): there
/// is no creator yet, so the explanation cannot assume one. It is checked as if nobody's approval
/// were excluded, and, where the policy excludes the creator's own approval, it names the active
/// signers who could never get a statement of theirs approved under it.
struct StoredPolicyExplanation: Sendable {
    let policy: Policy
    let description: PolicyDescription
    /// True when who creates the statement changes whether it can be approved: the policy does
    /// not count the creator's own approval.
    let dependsOnCreator: Bool
    /// Active members whose statements could never be approved under this policy because their
    /// own approval would not count, by name.
    let creatorsWhoCannotBeApproved: [MemberRecord]

    /// What an admin reads beside the policy about its creator, in plain words.
    var creatorNote: String {
        guard dependsOnCreator else {
            return "Explained without a creator: the creator's own approval counts like anyone else's, so who creates the statement changes nothing."
        }
        guard !creatorsWhoCannotBeApproved.isEmpty else {
            return "Explained without a creator: the creator's own approval does not count, and a statement by any one member can still be approved by the others."
        }
        let names = creatorsWhoCannotBeApproved.map(\.name)
        return "Explained without a creator: the creator's own approval does not count, so a statement created by \(Self.list(names)) could never be approved under it."
    }

    private static func list(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}

extension StatementService {
    /// Explains `source` (inline JSON) or the stored policy `policyID` with no creator: valid and
    /// reachable with the current members when no approval is excluded (else 422
    /// policy_unreachable, as statement creation would say), then described in words with the
    /// creators for whom it could never be met. Changes nothing.
    func explainWithoutCreator(_ source: JSONValue?, policyID: String?) async throws -> StoredPolicyExplanation {
        let policy = try await resolvePolicy(source, policyID: policyID)
        let all = try await store.read { try await $0.allMembers() }
        try Self.requireReachable(policy, members: all, creator: nil)
        let dependsOnCreator = !policy.effectiveAllowSelfApproval
        return StoredPolicyExplanation(
            policy: policy, description: Self.describe(policy, members: all), dependsOnCreator: dependsOnCreator,
            creatorsWhoCannotBeApproved: dependsOnCreator ? Self.creatorsWhoCannotBeApproved(policy, members: all) : [])
    }

    /// The active signers of `policy` whose own statements could never be approved under it, by
    /// name: their approval would not count, and the others cannot reach the threshold. Signers
    /// the policy does not name by id and who hold the same named roles stand in for each other,
    /// so each such group is checked once.
    private static func creatorsWhoCannotBeApproved(_ policy: Policy, members all: [MemberRecord]) -> [MemberRecord] {
        let directory = all.map(\.member)
        let namedRoles = policy.quorum.namedRoles
        let namedMembers = policy.quorum.namedMembers.union(policy.required)
        let candidates = all.filter { $0.status == .active && (policy.namesSigner($0.member) || namedMembers.contains($0.id)) }
        let groups = Dictionary(grouping: candidates) { record -> [String] in
            namedMembers.contains(record.id) ? ["member", record.id.rawValue] : ["roles"] + record.roles.filter(namedRoles.contains).map(\.rawValue).sorted()
        }
        var blocked: [MemberRecord] = []
        for group in groups.values {
            guard let first = group.first, !policy.reachability(members: directory, creator: first.id).reachable else { continue }
            blocked.append(contentsOf: group)
        }
        return blocked.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }
}
