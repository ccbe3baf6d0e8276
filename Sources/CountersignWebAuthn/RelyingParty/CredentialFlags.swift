/// The user and backup flags of one ceremony's authenticator data, as the relying party records
/// them.
public struct CredentialFlags: Sendable, Hashable, Codable {
    /// UP: a user was present.
    public let userPresent: Bool
    /// UV: the authenticator verified the user.
    public let userVerified: Bool
    /// BE: the credential may be backed up (a synced passkey). Fixed for a credential's lifetime.
    public let backupEligible: Bool
    /// BS: the credential is backed up now. May change between ceremonies.
    public let backedUp: Bool

    /// Flags from their values.
    public init(userPresent: Bool, userVerified: Bool, backupEligible: Bool, backedUp: Bool) {
        self.userPresent = userPresent
        self.userVerified = userVerified
        self.backupEligible = backupEligible
        self.backedUp = backedUp
    }

    /// The flags of authenticator data.
    public init(_ flags: AuthenticatorData.Flags) {
        self.init(
            userPresent: flags.contains(.userPresent), userVerified: flags.contains(.userVerified),
            backupEligible: flags.contains(.backupEligible), backedUp: flags.contains(.backedUp))
    }
}
