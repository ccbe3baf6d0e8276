/// What the server stored about a credential and needs to verify its assertions (the credential
/// record of WebAuthn Level 3, section 4).
public struct CredentialRecord: Sendable {
    /// The credential id.
    public let id: [UInt8]
    /// The credential public key from registration.
    public let publicKey: COSEKey
    /// The signature counter stored after the last accepted ceremony.
    public let signCount: UInt32
    /// The BE flag recorded at registration.
    public let backupEligible: Bool
    /// The WebAuthn user handle of the account the credential belongs to, if known.
    public let userHandle: [UInt8]?

    /// A record as the server stored it.
    public init(id: [UInt8], publicKey: COSEKey, signCount: UInt32, backupEligible: Bool, userHandle: [UInt8]? = nil) {
        self.id = id
        self.publicKey = publicKey
        self.signCount = signCount
        self.backupEligible = backupEligible
        self.userHandle = userHandle
    }
}
