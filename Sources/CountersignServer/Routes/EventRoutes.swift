import Countersign
import CountersignJSON
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// GET /api/events: server-sent events for statement changes (type "statement": the statement and
/// what happened; clients fetch the statement to see its new state) and, only to the members they
/// affect, announcements of scheduled dangerous operations (type "operation": the operation JSON). A comment line every 15 s
/// keeps proxies from closing an idle stream.
struct EventRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }

    /// Tells nginx-style proxies not to buffer the stream.
    static var accelBuffering: HTTPField.Name { HTTPField.Name("X-Accel-Buffering")! }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/events") { request, context in try await stream(request, context) }
    }

    private func stream(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        guard let (_, events) = environment.events.subscribe(member: member.id.rawValue) else {
            throw ServiceError(.unavailable, "too_many_streams", "too many event streams are open; retry later")
        }
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                let (merged, continuation) = AsyncStream.makeStream(of: String.self)
                group.addTask {
                    for await event in events {
                        let data = String(decoding: JCS.canonicalize(event.json), as: UTF8.self)
                        continuation.yield("id: \(event.seq)\nevent: \(event.type)\ndata: \(data)\n\n")
                    }
                    continuation.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(15))
                        continuation.yield(": keep-alive\n\n")
                    }
                }
                // The stream ends when the server shuts down gracefully: otherwise the server
                // waited for every open stream (each for as long as its client kept it) and
                // shutdown stalled.
                for await chunk in merged.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: chunk))
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", Self.accelBuffering: "no"],
            body: body)
    }
}
