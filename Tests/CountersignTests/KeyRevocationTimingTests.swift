import Countersign
import Foundation
import Testing

/// The revocation timing rule as a table: recorded one whole second after it commits, in force
/// for anything handled from one second before that.
@Suite("Key revocation timing")
struct KeyRevocationTimingTests {
    static let t = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a revocation committed at t is recorded as of t + 1 s")
    func recordedTime() {
        #expect(KeyRevocation.time(committedAt: Self.t) == Self.t.addingTimeInterval(1))
    }

    @Test("revoked for requests handled at or after one second before the recorded time", arguments: [
        (nil, 0.0, false), (1.0, -1.0, false), (1.0, 0.0, true), (1.0, 0.5, true), (1.0, 5.0, true), (3.0, 1.0, false), (3.0, 2.0, true),
    ] as [(Double?, Double, Bool)])
    func inForce(revokedOffset: Double?, handledOffset: Double, revoked: Bool) {
        let revokedAt = revokedOffset.map { Self.t.addingTimeInterval($0) }
        #expect(KeyRevocation.isRevoked(revokedAt, at: Self.t.addingTimeInterval(handledOffset)) == revoked)
    }
}
