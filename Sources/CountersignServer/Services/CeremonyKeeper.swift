import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// A ceremony as stored between options and response, with what the server must remember about
/// it: the invitation being redeemed, the key being attested and its nonce, or what a
/// revocation ceremony may revoke.
struct StoredCeremony: Codable, Sendable {
    var ceremony: Ceremony
    var invitationHash: String?
    var jwk: String?
    var nonce: String?
    /// What an assertion ceremony may authorise ("key:<kid>", "passkey:<credential id>",
    /// "operation:<id>", "confirm:<id>", "passkey:add"), or a registration begun to add a passkey.
    var target: String?
}

/// Stores ceremonies and consumes them exactly once, through the store, so that any instance can
/// finish a ceremony another began and none can finish it twice.
struct CeremonyKeeper: Sendable {
    let store: any Store
    let clock: ServerClock

    /// Stores `stored` under a fresh unguessable id and returns the id.
    func begin(_ stored: StoredCeremony) async throws -> String {
        let id = Base64URL.encode(ServerSecrets.randomBytes(24))
        let payload = Array(try JSONEncoder().encode(stored))
        let record = CeremonyRecord(id: id, purpose: stored.ceremony.purpose.rawValue, payload: payload, expiresAt: stored.ceremony.expiresAt)
        try await store.write { tx in try await tx.insertCeremony(record) }
        return id
    }

    /// Consumes the ceremony `id` of `purpose`; unknown, expired, already used or of another
    /// purpose are all refused alike.
    func finish(_ id: String, purpose: Ceremony.Purpose) async throws -> StoredCeremony {
        guard IdentifierText.isBase64URL(id, maxLength: 64) else { throw Self.unknown }
        let now = clock.now
        guard let record = try await store.write({ tx in try await tx.consumeCeremony(id: id, now: now) }) else {
            throw Self.unknown
        }
        guard record.purpose == purpose.rawValue,
              let stored = try? JSONDecoder().decode(StoredCeremony.self, from: Data(record.payload)),
              stored.ceremony.purpose == purpose
        else { throw Self.unknown }
        return stored
    }

    static let unknown = ServiceError.invalid("ceremony_unknown", "the ceremony is unknown, expired or already used; start again")
}
