import CountersignHTTPSignatures
import CountersignStore
import Foundation

/// The nonce of a verified request signature, to be stored before the request has any effect
/// (docs/http-signatures.md: a nonce is accepted once per key). Most routes store it at once, in a write of
/// its own (`SignedRequest.recordNonce`). A vote stores it in the vote's own write transaction
/// instead, one write per approval rather than two (docs/PERFORMANCE.md); when the vote does not
/// commit, for whatever reason, `spendAlone` stores it after all, so that a refused request can
/// never be replayed later, when it might pass.
struct SignatureNonce: Sendable {
    /// A request whose nonce was already stored: a replay, refused as an authentication failure.
    struct Replay: Error {}

    let keyID: String
    let nonce: String
    /// When it can no longer pass the signature window: created + window + 120 s of skew and margin.
    let expiresAt: Date

    init(keyID: String, nonce: String, expiresAt: Date) {
        self.keyID = keyID
        self.nonce = nonce
        self.expiresAt = expiresAt
    }

    init(of verified: VerifiedSignature, keyID: String, window: TimeInterval) {
        self.keyID = keyID
        nonce = verified.nonce
        expiresAt = Date(timeIntervalSince1970: Double(verified.created) + window + 120)
    }

    /// Stores the nonce in `tx`; throws `Replay` when it was already stored.
    func spend(in tx: any StoreTransaction) async throws {
        guard try await tx.insertNonce(keyID: keyID, nonce: nonce, expiresAt: expiresAt) else { throw Replay() }
    }

    /// Stores the nonce with `tx`'s other writes, sent together at the latest at its commit: a
    /// spent one fails the transaction (`StoreError.duplicate`), after which `spendAlone` throws
    /// `Replay`.
    func spendWithWrites(in tx: any StoreTransaction) async throws {
        try await tx.insertNonceWithWrites(keyID: keyID, nonce: nonce, expiresAt: expiresAt)
    }

    /// Stores the nonce in a write of its own; throws `Replay` when it was already stored.
    func spendAlone(in store: any Store) async throws {
        let nonce = self
        try await store.write { tx in try await nonce.spend(in: tx) }
    }
}
