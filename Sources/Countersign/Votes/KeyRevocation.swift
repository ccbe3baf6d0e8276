import Foundation

/// When a key's revocation takes effect, for the server and for evidence alike.
///
/// Server times are whole seconds, and a vote received in the second of a revocation, before it,
/// carries that second as its receipt time. So a revocation is recorded as of the next whole
/// second (`time(committedAt:)`), keeping every earlier vote strictly before it, here and in
/// evidence bundles; and a revocation time at most one second ahead is already in force for
/// requests and votes (`isRevoked`).
public enum KeyRevocation {
    /// The `revokedAt` to record for a revocation committed at `now`.
    public static func time(committedAt now: Date) -> Date { now.addingTimeInterval(1) }

    /// Whether a key revoked at `revokedAt` (nil: never) is revoked for a request or vote handled at `now`.
    public static func isRevoked(_ revokedAt: Date?, at now: Date) -> Bool {
        revokedAt.map { $0 <= time(committedAt: now) } ?? false
    }
}
