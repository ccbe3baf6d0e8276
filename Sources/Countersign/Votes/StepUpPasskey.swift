import CountersignWebAuthn

/// A member's passkey as step-up verification needs it: which credential, its public key, and
/// the relying party (RP ID and origin) its assertions are made for.
public struct StepUpPasskey: Sendable {
    public let member: String
    public let credentialID: [UInt8]
    public let publicKey: COSEKey
    public let rpID: String
    public let origin: String

    public init(member: String, credentialID: [UInt8], publicKey: COSEKey, rpID: String, origin: String) {
        self.member = member
        self.credentialID = credentialID
        self.publicKey = publicKey
        self.rpID = rpID
        self.origin = origin
    }
}
