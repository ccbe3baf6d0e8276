import Foundation
import Synchronization

/// A fixed-window counter per client address: at most `limit` events per `window` seconds.
/// In memory and per instance: it slows down guessing and floods, it is not an accounting system.
///
/// A lock, not an actor: every signed request passes here, and a call is a dictionary update
/// that never waits, so a hop to an actor's executor and back cost more than the work.
final class RateLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let windows = Mutex<[String: (start: Date, count: Int)]>([:])
    /// Bounds the table so that many addresses cannot exhaust memory.
    private let maxTrackedClients = 100_000

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Counts one event for `client` at `now`; false when the client is over its limit.
    func allow(_ client: String, now: Date) -> Bool {
        windows.withLock { windows in
            if windows.count >= maxTrackedClients { windows = windows.filter { now.timeIntervalSince($0.value.start) < window } }
            var entry = windows[client] ?? (now, 0)
            if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
            entry.count += 1
            windows[client] = entry
            return entry.count <= limit
        }
    }

    /// Whether `client` is over its limit without counting anything.
    func isBlocked(_ client: String, now: Date) -> Bool {
        windows.withLock { windows in
            guard let entry = windows[client], now.timeIntervalSince(entry.start) < window else { return false }
            return entry.count >= limit
        }
    }
}
