import CountersignJOSE
import Foundation

/// A member's signing key with its validity period, as the server records it.
///
/// A vote counts only if its key belonged to the member and was valid when the server received the
/// vote (docs/formats.md): from `validFrom` up to, not including, `revokedAt`. A later revocation
/// never invalidates an earlier vote.
public struct MemberKey: Sendable {
    /// How the key was bound to the member.
    public enum Method: String, Sendable, Hashable {
        /// Attested by one of the member's passkeys (docs/formats.md).
        case passkey
        /// Enrolled with an admin-signed user token (docs/http-signatures.md).
        case adminToken = "admin-token"
    }

    /// The public key; its thumbprint is the key's identity.
    public let jwk: JWK
    public let member: String
    public let method: Method
    public let validFrom: Date
    public let revokedAt: Date?

    public init(jwk: JWK, member: String, method: Method, validFrom: Date, revokedAt: Date? = nil) {
        self.jwk = jwk.publicKey
        self.member = member
        self.method = method
        self.validFrom = validFrom
        self.revokedAt = revokedAt
    }

    /// The key identifier: the RFC 7638 thumbprint.
    public var kid: String { jwk.thumbprint }

    /// True if a vote received at `instant` may use this key.
    public func isValid(at instant: Date) -> Bool {
        instant >= validFrom && (revokedAt.map { instant < $0 } ?? true)
    }
}
