import CountersignWebAuthn

/// A member's passkey as step-up verification needs it: which credential, its public key, and
/// the relying party (RP ID and the origins allowed for it) its assertions are made for. An
/// assertion from any of `origins` is accepted: a server with several configured origins accepts
/// a step-up made on any of them.
public struct StepUpPasskey: Sendable {
    public let member: String
    public let credentialID: [UInt8]
    public let publicKey: COSEKey
    public let rpID: String
    public let origins: [String]

    public init(member: String, credentialID: [UInt8], publicKey: COSEKey, rpID: String, origins: [String]) {
        self.member = member
        self.credentialID = credentialID
        self.publicKey = publicKey
        self.rpID = rpID
        self.origins = origins
    }
}

/// Which passkey a verified step-up used, and the counter and backup state its authenticator
/// data reported: the server checks and advances the stored counter with them, like a login.
public struct StepUpUse: Sendable, Hashable {
    public let credentialID: [UInt8]
    public let signCount: UInt32
    public let backedUp: Bool

    public init(credentialID: [UInt8], signCount: UInt32, backedUp: Bool) {
        self.credentialID = credentialID
        self.signCount = signCount
        self.backedUp = backedUp
    }
}
