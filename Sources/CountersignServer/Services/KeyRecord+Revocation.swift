import CountersignStore
import Foundation

extension KeyRecord {
    /// Server times are whole seconds, and a vote received in the second of a revocation, before
    /// it, carries that second as its receipt time. So a revocation is recorded as of the next
    /// whole second (`revocationTime(committedAt:)`), keeping every earlier vote strictly before
    /// it, here and in evidence bundles; and a revocation time at most one second ahead is
    /// already in force for requests and votes.
    static func revocationTime(committedAt now: Date) -> Date { now.addingTimeInterval(1) }

    /// Whether the key is revoked for a request or vote handled at `now`.
    func isRevoked(at now: Date) -> Bool {
        revokedAt.map { $0 <= Self.revocationTime(committedAt: now) } ?? false
    }
}
