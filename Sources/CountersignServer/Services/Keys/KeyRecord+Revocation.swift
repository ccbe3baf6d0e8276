import Countersign
import CountersignStore
import Foundation

/// The domain's revocation timing (`KeyRevocation`) on stored key records.
extension KeyRecord {
    static func revocationTime(committedAt now: Date) -> Date { KeyRevocation.time(committedAt: now) }

    /// Whether the key is revoked for a request or vote handled at `now`.
    func isRevoked(at now: Date) -> Bool { KeyRevocation.isRevoked(revokedAt, at: now) }
}
