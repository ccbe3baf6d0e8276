import CountersignClient
import Foundation

/// `countersign-scale measure`: times the read routes of a running server on a seeded data set,
/// each `requests` times one after another (one client), then `requests` times from
/// `concurrency` clients at once. Requests are signed as the seeded creator (RFC 9421, as every
/// member request is), so each includes the server's signature check and nonce record.
struct ScaleMeasurer {
    let server: String
    let dataDirectory: URL
    let requests: Int
    let concurrency: Int

    /// One measured route: its name and one request against it.
    struct Operation: Sendable {
        let name: String
        let call: @Sendable (CountersignClient) async throws -> Void
    }

    func run() async throws {
        let team = try ScaleTeam.load(from: dataDirectory)
        let sample = try ScaleSample.load(from: dataDirectory)
        let client = CountersignClient(server: server, credentials: .member(key: team.creator.key))
        let ids = sample.statementIDs
        let newest = sample.count
        let operations = [
            Operation(name: "baseline: own keys (a signed request, one small query)") { client in
                guard try await client.keys().count == 1 else { throw ScaleError.failed("the creator should have one key") }
            },
            Operation(name: "list, first page (50)") { client in
                let page = try await client.statements()
                guard page.statements.count == 50 else { throw ScaleError.failed("first page has \(page.statements.count) statements") }
            },
            Operation(name: "list, deep page (50, random cursor)") { client in
                // A cursor is the seq of the last statement of the previous page; any seq is one.
                let cursor = Int.random(in: 51...newest)
                let page = try await client.statements(cursor: String(cursor))
                guard page.statements.count == 50 else { throw ScaleError.failed("page before \(cursor) has \(page.statements.count) statements") }
            },
            Operation(name: "fetch one statement (random)") { client in
                _ = try await client.statement(ids.randomElement() ?? ids[0])
            },
            Operation(name: "evidence export (random)") { client in
                _ = try await client.evidence(ids.randomElement() ?? ids[0])
            },
        ]
        print("| operation | clients | requests | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | requests/s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for operation in operations {
            for _ in 0..<min(50, requests) { try await operation.call(client) }  // warm-up: connections, caches
            for clients in [1, concurrency] {
                let summary = try await measure(operation, client: client, clients: clients)
                print(String(
                    format: "| %@ | %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f |", operation.name, clients, summary.count, summary.p50,
                    summary.p90, summary.p99, summary.max, summary.throughput))
            }
        }
    }

    /// `requests` calls split over `clients` concurrent loops; the latency of each call.
    private func measure(_ operation: Operation, client: CountersignClient, clients: Int) async throws -> LatencySummary {
        let clock = ContinuousClock()
        let began = clock.now
        let perClient = (requests + clients - 1) / clients
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    mine.reserveCapacity(perClient)
                    for _ in 0..<perClient {
                        let start = clock.now
                        try await operation.call(client)
                        mine.append((clock.now - start).seconds * 1_000)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return LatencySummary(milliseconds: latencies, wallSeconds: (clock.now - began).seconds)
    }
}
