import Countersign
import Foundation

/// A registered WebAuthn credential of a member.
public struct PasskeyRecord: Sendable, Hashable {
    public var credentialID: [UInt8]
    public var member: MemberID
    /// The credential public key as its COSE_Key bytes.
    public var publicKey: [UInt8]
    public var signCount: UInt32
    public var backupEligible: Bool
    public var backedUp: Bool
    public var transports: [String]
    /// The attestation format the registration carried ("none", "packed", ...).
    public var attestationFormat: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// The `member.recover` operation this passkey waits for: registered through a recovery
    /// invitation, it cannot log in until the operation runs (nil for an ordinary passkey).
    public var pendingRecovery: String?
    /// The authenticator model's AAGUID from the registration; nil when the authenticator
    /// withheld it (all zeros) or the passkey predates the column. It names the provider; it
    /// proves nothing (PasskeyProviders).
    public var aaguid: UUID?
    /// The member's own name for this passkey ("work laptop"), if they gave one.
    public var label: String?

    /// A passkey that can act (log in, assert, step up, vouch for another passkey): not revoked,
    /// and not waiting for an account recovery to run.
    public var isLive: Bool { revokedAt == nil && pendingRecovery == nil }

    public init(
        credentialID: [UInt8], member: MemberID, publicKey: [UInt8], signCount: UInt32, backupEligible: Bool,
        backedUp: Bool, transports: [String], attestationFormat: String, createdAt: Date, lastUsedAt: Date? = nil,
        revokedAt: Date? = nil, pendingRecovery: String? = nil, aaguid: UUID? = nil, label: String? = nil
    ) {
        self.aaguid = aaguid
        self.label = label
        self.pendingRecovery = pendingRecovery
        self.credentialID = credentialID
        self.member = member
        self.publicKey = publicKey
        self.signCount = signCount
        self.backupEligible = backupEligible
        self.backedUp = backedUp
        self.transports = transports
        self.attestationFormat = attestationFormat
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
