import Foundation
import Logging
import ServiceLifecycle

/// When a background loop should look for work: every `interval`, and at once when this instance
/// has just written something the loop cares about (`nudge`). Nudges coalesce: many before the
/// loop looks again cause one pass. Other instances' writes are found by the interval.
final class Wakeup: Sendable {
    let interval: TimeInterval
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(interval: TimeInterval) {
        self.interval = max(interval, 0.05)
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the loop to look now.
    func nudge() { continuation.yield() }

    /// Runs `pass` once at the start and then at each wake-up, until graceful shutdown or
    /// cancellation. Only one loop may run per `Wakeup`.
    func run(_ pass: () async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            // A ticker turns the interval into wake-ups, so one loop handles both.
            group.addTask { [continuation, interval] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(interval))
                    continuation.yield()
                }
            }
            await pass()
            for await _ in stream.cancelOnGracefulShutdown() { await pass() }
            group.cancelAll()
        }
    }

    /// `run` for a pass that can fail: a failure is logged as `failure` (with the error) and the
    /// loop goes on to the next wake-up.
    func run(_ pass: () async throws -> Void, loggingFailuresAs failure: Logger.Message, to logger: Logger) async {
        await run {
            do {
                try await pass()
            } catch {
                logger.warning(failure, metadata: ["error": "\(error)"])
            }
        }
    }
}
