/// Who takes part in a statement's comment thread: its creator and every member its policy names,
/// directly (a member entry or a required member) or by a role they hold, at any nesting level.
/// Everyone else is refused (deny by default); the admin reads threads through the admin API.
extension Statement {
    /// True if `member` may read and write this statement's comments.
    public func admitsToDiscussion(_ member: Member) -> Bool {
        if member.id == creator { return true }
        if policy.quorum.namedMembers.contains(member.id) || policy.required.contains(member.id) { return true }
        return !policy.quorum.namedRoles.isDisjoint(with: member.roles)
    }
}
