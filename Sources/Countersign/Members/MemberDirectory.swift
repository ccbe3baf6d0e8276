/// The member directory as policy evaluation reads it: members by id and the holders of each
/// role.
///
/// Building it walks every member; compiling a statement's policy against a ready directory
/// only looks up the members and roles the policy names. A server builds one per version of its
/// directory and compiles every statement's policy against it (docs/PERFORMANCE.md).
public struct MemberDirectory: Sendable {
    /// Members by id; of two members with one id, the first listed counts.
    let members: [MemberID: Member]
    /// The ids of the members holding each role.
    let roleHolders: [Role: [MemberID]]

    public init(_ list: some Sequence<Member>) {
        let members = Member.directory(list)
        var roleHolders: [Role: [MemberID]] = [:]
        for member in members.values {
            for role in member.roles { roleHolders[role, default: []].append(member.id) }
        }
        self.members = members
        self.roleHolders = roleHolders
    }
}
