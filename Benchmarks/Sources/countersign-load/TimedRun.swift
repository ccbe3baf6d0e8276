import NIOCore
import NIOPosix
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

/// What every connection of a timed run shares: the pre-signed requests, the index of the next
/// one to send, the open loop's rate and the run's length.
final class LoadPlan: Sendable {
    let requests: [ByteBuffer]
    let clients: Int
    /// Open loop: approvals offered per second; nil: closed loop.
    let rate: Double?
    let duration: TimeAmount
    private let cursor = Atomic<Int>(0)

    init(requests: [ByteBuffer], clients: Int, rate: Double?, duration: TimeAmount) {
        self.requests = requests
        self.clients = clients
        self.rate = rate
        self.duration = duration
    }

    /// The index of the next approval to send, or nil when all were sent.
    func claim() -> Int? {
        let index = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < requests.count ? index : nil
    }
}

/// The timed phase, on `clients` connections opened before it starts, each sending one request
/// at a time (`LoadConnectionHandler`), until the duration is over or no pre-signed approval is
/// left.
///
/// Closed loop (no `rate`): each connection sends its next approval as soon as the previous one
/// was answered; latency is from writing the request to reading the answer. Open loop (`rate`
/// approvals per second): approval `i` is due at start + i / rate whether or not earlier ones were
/// answered, and its latency counts from when it was due, so time spent waiting for a free
/// connection counts too (no coordinated omission); the connections must be enough for the rate.
enum TimedRun {
    static func run(_ requests: [ByteBuffer], clients: Int, duration: Double, rate: Double?, server: String) async throws -> RunResult {
        let authority = ApprovalPreparation.authority(of: server)
        let host = String(authority.prefix { $0 != ":" })
        guard let port = Int(authority.drop { $0 != ":" }.dropFirst()) else { throw LoadError.usage("--server must be http://HOST:PORT") }
        let plan = LoadPlan(requests: requests, clients: clients, rate: rate, duration: .nanoseconds(Int64(duration * 1e9)))
        let group = MultiThreadedEventLoopGroup.singleton
        var connections: [(channel: Channel, finished: EventLoopFuture<RunResult>)] = []
        for _ in 0..<clients {
            let loop = group.next()
            let finished = loop.makePromise(of: RunResult.self)
            let channel = try await ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(LoadConnectionHandler(plan: plan, finished: finished))
                    }
                }
                .connect(host: host, port: port).get()
            connections.append((channel, finished.futureResult))
        }
        // Every connection open before the clock starts.
        let start = NIODeadline.now()
        for (channel, _) in connections {
            channel.eventLoop.execute {
                (try? channel.pipeline.syncOperations.handler(type: LoadConnectionHandler.self))?.begin(at: start)
            }
        }
        var total = RunResult()
        for (_, finished) in connections { total.merge(try await finished.get()) }
        total.elapsed = .nanoseconds((NIODeadline.now() - start).nanoseconds)
        return total
    }
}
