import AsyncHTTPClient
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

/// The timed phase: `clients` tasks, each sending the next pre-signed approval as soon as its
/// previous one was answered (a closed loop), until the duration is over or none is left.
enum TimedRun {
    /// Opens the client's connections before timing: `clients` concurrent unsigned GETs.
    static func warm(_ http: HTTPClient, server: String, clients: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    let response = try await http.execute(HTTPClientRequest(url: "\(server)/.well-known/jwks.json"), timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 4 << 20)
                }
            }
            try await group.waitForAll()
        }
    }

    static func run(_ requests: [HTTPClientRequest], clients: Int, duration: Double, http: HTTPClient) async -> RunResult {
        let cursor = Cursor()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(duration * 1000))
        var total = await withTaskGroup(of: RunResult.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var result = RunResult()
                    result.latencies.reserveCapacity(requests.count / clients + 1)
                    while clock.now < deadline {
                        let index = cursor.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < requests.count else { break }
                        let began = clock.now
                        var status = 0
                        var answer = ""
                        do {
                            let response = try await http.execute(requests[index], timeout: .seconds(30))
                            let body = try await response.body.collect(upTo: 1 << 20)
                            status = Int(response.status.code)
                            if status != 201 { answer = String(buffer: body) }
                        } catch {
                            answer = "\(error)"
                        }
                        let latency = began.duration(to: clock.now)
                        result.latencies.append(Double(latency.components.seconds) * 1e6 + Double(latency.components.attoseconds) / 1e12)
                        result.statuses[status, default: 0] += 1
                        if status != 201, result.samples[status] == nil { result.samples[status] = String(answer.prefix(300)) }
                    }
                    return result
                }
            }
            var merged = RunResult()
            for await part in group { merged.merge(part) }
            return merged
        }
        total.elapsed = start.duration(to: clock.now)
        return total
    }
}

/// The index of the next approval to send, shared by the clients.
private final class Cursor: Sendable {
    let next = Atomic<Int>(0)
}
