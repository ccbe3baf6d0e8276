import Foundation

/// When a failed delivery is tried again: the initial delay doubled per further failed attempt,
/// capped, then jittered by ±20 % so that many deliveries failing together do not retry together.
struct WebhookBackoff: Sendable {
    var initial: TimeInterval
    var maximum: TimeInterval

    /// The delay after the `attempts`-th failed attempt (1 for the first), before jitter.
    func nominalDelay(after attempts: Int) -> TimeInterval {
        let doublings = Double(min(max(attempts - 1, 0), 40))
        return min(maximum, initial * pow(2, doublings))
    }

    /// The delay with jitter: `nominalDelay` × a factor in 0.8...1.2, never above `maximum`.
    func delay(after attempts: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> TimeInterval {
        min(maximum, nominalDelay(after: attempts) * jitter)
    }
}
