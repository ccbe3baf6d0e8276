import Foundation
import Synchronization

/// The nonces of signed reads (GET and HEAD), kept in this instance's memory instead of the
/// durable nonce table (docs/SECURITY.md, "Signed reads"): a read changes nothing, so the fsync a
/// durable nonce costs bought little, and it was the floor of every signed listing.
///
/// Within one instance a replayed read is refused as before. A read replayed to another instance,
/// or to this one after a restart, within the signature window is answered; the trade-off is
/// documented in SECURITY.md. Writes always spend their nonce durably.
///
/// Bounded: at most `capacity` unexpired nonces. When full (after dropping the expired ones, at
/// most once a second), a read's nonce goes to the durable table instead, and so does every read
/// until the last nonce stored there has expired, so that a replay of it is still checked there.
/// Nothing unexpired is ever dropped from memory, so a nonce kept here is refused until it expires.
final class ReadNonces: Sendable {
    /// Where a read's nonce was recorded.
    enum Outcome: Equatable {
        /// Kept in memory: the read may proceed.
        case recorded
        /// Already seen, and not expired: a replay.
        case replayed
        /// The caller must spend it in the durable nonce table (which also refuses a replay).
        case durable
    }

    private struct State {
        var expiries: [String: Date] = [:]
        var lastSweep = Date.distantPast
        /// Until when reads go to the durable table (the latest expiry stored there).
        var durableUntil = Date.distantPast
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Records `nonce` of a signed read received at `now`.
    func record(_ nonce: SignatureNonce, now: Date) -> Outcome {
        let key = nonce.keyID + "\u{0}" + nonce.nonce
        return state.withLock { state in
            if let expiry = state.expiries[key], expiry > now { return .replayed }
            if state.expiries.count >= capacity, now.timeIntervalSince(state.lastSweep) >= 1 {
                state.expiries = state.expiries.filter { $0.value > now }
                state.lastSweep = now
            }
            if state.expiries.count >= capacity || now < state.durableUntil {
                state.durableUntil = max(state.durableUntil, nonce.expiresAt)
                return .durable
            }
            state.expiries[key] = nonce.expiresAt
            return .recorded
        }
    }

    /// How many nonces memory holds (expired ones included until the next sweep).
    var count: Int { state.withLock { $0.expiries.count } }
}
