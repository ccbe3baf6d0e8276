import Foundation

/// A WebAuthn ceremony in flight. The server owns the payload's meaning (the ceremony and its
/// context as JSON); the store keeps it until it is consumed once or expires, so any instance can
/// finish a ceremony another began.
public struct CeremonyRecord: Sendable, Hashable {
    /// Random, unguessable id handed to the client.
    public var id: String
    /// "registration", "authentication" or "keyAttestation".
    public var purpose: String
    public var payload: [UInt8]
    public var expiresAt: Date

    public init(id: String, purpose: String, payload: [UInt8], expiresAt: Date) {
        self.id = id
        self.purpose = purpose
        self.payload = payload
        self.expiresAt = expiresAt
    }
}
