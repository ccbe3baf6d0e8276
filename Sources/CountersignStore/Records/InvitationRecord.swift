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
    /// When the admin revoked it; a revoked invitation can never be used.
    public var revokedAt: Date?
    /// For a recovery invitation, the `member.recover` operation it belongs to (nil otherwise).
    public var recovery: String?

    public init(
        tokenHash: String, member: MemberID, createdAt: Date, expiresAt: Date, usedAt: Date? = nil, revokedAt: Date? = nil,
        recovery: String? = nil
    ) {
        self.recovery = recovery
        self.tokenHash = tokenHash
        self.member = member
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }

    /// Where the invitation stands at `now`.
    public enum State: String, Sendable {
        case pending, used, expired, revoked
    }

    /// Used wins over revoked (a used invitation cannot be revoked), revoked over expired.
    public func state(at now: Date) -> State {
        if usedAt != nil { return .used }
        if revokedAt != nil { return .revoked }
        return expiresAt > now ? .pending : .expired
    }
}
