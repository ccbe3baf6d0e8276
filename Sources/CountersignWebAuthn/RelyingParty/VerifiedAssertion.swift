/// An assertion the relying party accepted: what to store back (the new counter, the backup
/// state) and what a key attestation record keeps (docs/formats.md).
public struct VerifiedAssertion: Sendable {
    /// The credential that signed.
    public let credentialID: [UInt8]
    /// The new signature counter, to store in the credential record.
    public let signCount: UInt32
    /// UP, UV, BE and BS of this ceremony (BS may differ from registration; BE may not).
    public let flags: CredentialFlags
    /// The user handle the authenticator returned, if any.
    public let userHandle: [UInt8]?
    /// The verified client data.
    public let clientData: CollectedClientData
    /// The verified authenticator data.
    public let authenticatorData: AuthenticatorData
    /// The signature over authenticatorData || SHA-256(clientDataJSON).
    public let signature: [UInt8]
    /// The client extension outputs: PRF results are passed through to the caller.
    public let extensions: ClientExtensionResults
    /// True if the authenticator data was scoped to the legacy AppID rather than the RP ID.
    public let usedLegacyAppID: Bool
}
