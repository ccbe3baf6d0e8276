import CountersignJOSE

extension CountersignClient {
    /// Who signs the requests (docs/http-signatures.md). Requests carry no cookie and no Origin: the
    /// signature alone authenticates them.
    public enum Credentials: Sendable {
        /// Unsigned requests: public routes only (key records, JWKS, key enrolment, server key).
        case anonymous
        /// The ADMIN_KEY bytes: requests signed with hmac-sha256, keyid "admin".
        case admin(key: [UInt8])
        /// A member's private signing key (Ed25519 or P-256, enrolled or attested): requests
        /// signed with ed25519 or ecdsa-p256-sha256, keyid = the key's thumbprint.
        case member(key: JWK)
    }
}
