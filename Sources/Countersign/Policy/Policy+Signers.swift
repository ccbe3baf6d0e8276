extension Policy {
    /// True if the policy names `member` as a signer: by a member entry or by a role they hold,
    /// at any nesting level. Only a signer's vote can count (`VoteLedger`), and only a signer's
    /// decision is awaited ("waiting for me" in listings).
    public func namesSigner(_ member: Member) -> Bool {
        quorum.namedMembers.contains(member.id) || !member.roles.isDisjoint(with: quorum.namedRoles)
    }
}
