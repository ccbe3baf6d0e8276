import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Who an operation affects: those who hear its announcement and may cancel it. The affected
/// member for every kind but a policy replacement, which affects every member the current or the
/// new version names, directly or by role.
enum OperationAudience {
    static func members(of operation: OperationRecord, reader: any StoreReader) async throws -> Set<MemberID> {
        if let member = operation.member { return [member] }
        guard operation.kind == .policyReplace, let id = try? PolicyID(operation.target) else { return [] }
        var policies: [Policy] = []
        if let current = try await reader.policy(id), let policy = try? Policy(json: current.policy) {
            policies.append(policy)
        }
        if let value = OperationJSON.parsed(operation.details).objectValue?["policy"], let policy = try? Policy(json: value) {
            policies.append(policy)
        }
        let named = policies.reduce(into: Set<MemberID>()) { $0.formUnion($1.quorum.namedMembers) }
        let roles = policies.reduce(into: Set<Role>()) { $0.formUnion($1.quorum.namedRoles) }
        let members = try await reader.allMembers().filter { member in
            member.status != .removed && (named.contains(member.id) || !roles.isDisjoint(with: member.roles))
        }
        return Set(members.map(\.id))
    }

    /// The audience as announced: sorted member ids.
    static func json(_ members: Set<MemberID>) -> JSONValue {
        .array(members.map(\.rawValue).sorted().map { .string($0) })
    }
}
