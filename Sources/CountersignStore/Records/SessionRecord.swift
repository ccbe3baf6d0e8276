import Countersign
import Foundation

/// A browser session. Only the SHA-256 of the cookie value is stored.
public struct SessionRecord: Sendable, Hashable {
    public var idHash: String
    public var member: MemberID
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute expiry; the idle expiry is lastSeenAt + the configured idle timeout.
    public var expiresAt: Date
    /// The passkey whose registration or assertion opened the session: revoking that passkey
    /// ends the session (nil for sessions opened before migration 7, ended with the member's).
    public var credentialID: [UInt8]?

    public init(idHash: String, member: MemberID, createdAt: Date, lastSeenAt: Date, expiresAt: Date, credentialID: [UInt8]? = nil) {
        self.credentialID = credentialID
        self.idHash = idHash
        self.member = member
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}
