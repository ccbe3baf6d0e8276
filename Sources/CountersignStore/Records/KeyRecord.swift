import Countersign
import Foundation

/// A member's signing key with the proof that binds it to the member.
public struct KeyRecord: Sendable, Hashable {
    /// RFC 7638 thumbprint of the public key.
    public var kid: String
    public var member: MemberID
    /// The public JWK as JSON text (with kid).
    public var jwk: String
    /// "passkey" or "admin-token".
    public var method: String
    /// The attestation record as JSON text (docs/formats.md).
    public var attestation: String
    public var validFrom: Date
    public var revokedAt: Date?

    public init(kid: String, member: MemberID, jwk: String, method: String, attestation: String, validFrom: Date, revokedAt: Date? = nil) {
        self.kid = kid
        self.member = member
        self.jwk = jwk
        self.method = method
        self.attestation = attestation
        self.validFrom = validFrom
        self.revokedAt = revokedAt
    }
}
