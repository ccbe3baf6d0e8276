import Countersign
import Foundation

/// A member's email address for notifications. It receives nothing but its confirmation mail
/// until `confirmedAt` is set; only the SHA-256 of the confirmation token is kept, with its expiry,
/// and both are cleared when the address is confirmed (the token works once).
public struct EmailRecord: Sendable, Hashable {
    public var member: MemberID
    /// Validated by the server (`EmailAddress`) before it is stored.
    public var address: String
    public var confirmedAt: Date?
    /// base64url SHA-256 of the pending confirmation token; nil once confirmed.
    public var tokenHash: String?
    public var tokenExpiresAt: Date?
    public var updatedAt: Date

    public init(member: MemberID, address: String, confirmedAt: Date?, tokenHash: String?, tokenExpiresAt: Date?, updatedAt: Date) {
        self.member = member
        self.address = address
        self.confirmedAt = confirmedAt
        self.tokenHash = tokenHash
        self.tokenExpiresAt = tokenExpiresAt
        self.updatedAt = updatedAt
    }

    /// Whether notifications may go to this address.
    public var isConfirmed: Bool { confirmedAt != nil }
}
