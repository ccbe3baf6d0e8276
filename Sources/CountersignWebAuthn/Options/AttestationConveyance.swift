/// How much attestation the relying party asks for (AttestationConveyancePreference).
public enum AttestationConveyance: String, Sendable, Hashable, Codable {
    /// No attestation: the default, and what a passkey login needs.
    case none
    /// An attestation the client may anonymise.
    case indirect
    /// The authenticator's own attestation.
    case direct
    /// Uniquely identifying attestation, for managed authenticators.
    case enterprise
}
