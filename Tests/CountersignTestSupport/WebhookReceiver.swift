import CountersignHTTPSignatures
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A webhook receiver on 127.0.0.1 (a free port) that records every request it gets and answers
/// 200, or 503 while told to fail.
package final class WebhookReceiver: Sendable {
    /// One request as received, with the status it was answered.
    package struct Received: Sendable {
        package let method: String
        package let path: String
        /// The query, without "?", if any.
        package let query: String?
        package let fields: [CountersignHTTPSignatures.HTTPField]
        package let body: [UInt8]
        package let status: Int

        package func header(_ name: String) -> String? { fields.first { $0.name == name.lowercased() }?.value }
    }

    package let baseURL: String
    private let recorder: Recorder
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(baseURL: String, recorder: Recorder, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.recorder = recorder
        self.group = group
        self.task = task
    }

    /// Everything received so far, in order.
    package var received: [Received] { recorder.state.withLock { $0.received } }

    /// Answers the next `count` requests with 503.
    package func fail(next count: Int) { recorder.state.withLock { $0.failuresLeft = count } }

    /// Answers every request with 503 until told otherwise.
    package func setFailing(_ failing: Bool) { recorder.state.withLock { $0.failing = failing } }

    /// Answers every request with a 302 to `location` (nil: no redirect).
    package func setRedirect(_ location: String?) { recorder.state.withLock { $0.redirect = location } }

    /// Waits this long before answering each request (nil: at once).
    package func setDelay(_ delay: Duration?) { recorder.state.withLock { $0.delay = delay } }

    /// Requests being answered right now (delayed ones included).
    package var inFlight: Int { recorder.state.withLock { $0.inFlight } }

    /// Runs `body` with a started receiver and stops it afterwards.
    package static func with<T>(_ body: (WebhookReceiver) async throws -> T) async throws -> T {
        let receiver = try await start()
        do {
            let result = try await body(receiver)
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }

    package static func start() async throws -> WebhookReceiver {
        let recorder = Recorder()
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var buffer = try await request.body.collect(upTo: 1 << 20)
            let body = buffer.readBytes(length: buffer.readableBytes) ?? []
            let fields = request.headers.map { CountersignHTTPSignatures.HTTPField(name: $0.name.canonicalName, value: $0.value) }
            let delay = recorder.arrive()
            defer { recorder.leave() }
            if let delay { try await Task.sleep(for: delay) }
            let (status, location) = recorder.record(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query, fields: fields, body: body)
            return Response(status: .init(code: status), headers: location.map { [.location: $0] } ?? [:])
        }
        router.post("/", use: handler)
        router.post("/**", use: handler)
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return WebhookReceiver(baseURL: "http://127.0.0.1:\(port)", recorder: recorder, group: group, task: task)
    }

    package func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// The recording side, shared with the route.
    private final class Recorder: Sendable {
        struct State {
            var received: [Received] = []
            var failuresLeft = 0
            var failing = false
            var delay: Duration?
            var redirect: String?
            var inFlight = 0
        }

        let state = Mutex(State())

        /// Counts a request in; returns the delay to wait before answering it.
        func arrive() -> Duration? {
            state.withLock { state in
                state.inFlight += 1
                return state.delay
            }
        }

        func leave() { state.withLock { $0.inFlight -= 1 } }

        /// Records a request; returns the status to answer and a redirect location, if any.
        func record(
            method: String, path: String, query: String?, fields: [CountersignHTTPSignatures.HTTPField], body: [UInt8]
        ) -> (Int, String?) {
            state.withLock { state in
                var status = 200
                if state.redirect != nil {
                    status = 302
                } else if state.failing {
                    status = 503
                } else if state.failuresLeft > 0 {
                    state.failuresLeft -= 1
                    status = 503
                }
                state.received.append(Received(method: method, path: path, query: query, fields: fields, body: body, status: status))
                return (status, state.redirect)
            }
        }
    }
}
