import Foundation
import NIOCore
import Synchronization

/// What the timed phase saw: one latency per request, the statuses, and how long it took.
struct RunResult: Sendable {
    /// Latency of every request sent, in microseconds.
    var latencies: [Double] = []
    /// Responses by HTTP status; 0 counts requests that got no answer.
    var statuses: [Int: Int] = [:]
    /// The first answer of each status other than 201, to say what went wrong.
    var samples: [Int: String] = [:]
    var elapsed: Duration = .zero

    mutating func merge(_ other: RunResult) {
        latencies += other.latencies
        statuses.merge(other.statuses, uniquingKeysWith: +)
        samples.merge(other.samples) { first, _ in first }
    }
}

/// The timed phase, on `clients` connections opened before it starts, each sending one request
/// at a time, until the duration is over or no pre-signed approval is left.
///
/// Closed loop (no `rate`): each connection sends its next approval as soon as the previous one
/// was answered; latency is from writing the request to reading the answer. Open loop (`rate`
/// approvals per second): approval `i` is due at start + i / rate whether or not earlier ones were
/// answered, and its latency counts from when it was due, so time spent waiting for a free
/// connection counts too (no coordinated omission); the connections must be enough for the rate.
enum TimedRun {
    static func run(_ requests: [RawHTTPConnection.Request], clients: Int, duration: Double, rate: Double?, server: String) async throws -> RunResult {
        let authority = ApprovalPreparation.authority(of: server)
        let host = String(authority.prefix { $0 != ":" })
        guard let port = Int(authority.drop { $0 != ":" }.dropFirst()) else { throw LoadError.usage("--server must be http://HOST:PORT") }
        let cursor = Cursor()
        let ready = Cursor()
        let clock = ContinuousClock()
        let start = Start()
        var total = try await withThrowingTaskGroup(of: RunResult.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    try await RawHTTPConnection.with(host: host, port: port) { session in
                        _ = ready.next.wrappingAdd(1, ordering: .relaxed)
                        let began = await start.wait()
                        let deadline = began + .milliseconds(Int64(duration * 1000))
                        var result = RunResult()
                        result.latencies.reserveCapacity(requests.count / clients + 1)
                        while clock.now < deadline {
                            let index = cursor.next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard index < requests.count else { break }
                            var from = clock.now
                            if let rate {
                                let due = began + .microseconds(Int64(Double(index) / rate * 1e6))
                                if due > deadline { break }
                                if due > from { try await Task.sleep(until: due, clock: clock) }
                                from = due
                            }
                            var answer = RawHTTPConnection.Answer(status: 0, body: "")
                            do {
                                answer = try await session.send(requests[index])
                            } catch {
                                answer.body = "\(error)"
                            }
                            let latency = from.duration(to: clock.now)
                            result.latencies.append(Double(latency.components.seconds) * 1e6 + Double(latency.components.attoseconds) / 1e12)
                            result.statuses[answer.status, default: 0] += 1
                            if answer.status != 201, result.samples[answer.status] == nil { result.samples[answer.status] = String(answer.body.prefix(300)) }
                            if answer.status == 0 { break }
                        }
                        return result
                    }
                }
            }
            // Every connection open before the clock starts.
            while ready.next.load(ordering: .relaxed) < clients { try await Task.sleep(for: .milliseconds(1)) }
            await start.open(at: clock.now)
            var merged = RunResult()
            for try await part in group { merged.merge(part) }
            return merged
        }
        total.elapsed = await start.wait().duration(to: clock.now)
        return total
    }
}

/// The instant the timed phase starts, which every connection waits for once it is open.
private actor Start {
    private var instant: ContinuousClock.Instant?
    private var waiting: [CheckedContinuation<ContinuousClock.Instant, Never>] = []

    func open(at now: ContinuousClock.Instant) {
        instant = now
        for waiter in waiting { waiter.resume(returning: now) }
        waiting = []
    }

    func wait() async -> ContinuousClock.Instant {
        if let instant { return instant }
        return await withCheckedContinuation { waiting.append($0) }
    }
}

/// The index of the next approval to send, shared by the clients.
private final class Cursor: Sendable {
    let next = Atomic<Int>(0)
}
