import Countersign
import Foundation

/// An invitation to register a passkey. Only the SHA-256 of its token is stored, so a database
/// reader cannot use a pending invitation.
public struct InvitationRecord: Sendable, Hashable {
    /// base64url SHA-256 of the token.
    public var tokenHash: String
    public var member: MemberID
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public init(tokenHash: String, member: MemberID, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.member = member
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}
