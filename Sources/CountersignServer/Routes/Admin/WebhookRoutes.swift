import CountersignJOSE
import Hummingbird

/// The admin API of webhooks (`WebhookService`, docs/webhooks.md), authenticated like every admin
/// route by an RFC 9421 signature with the ADMIN_KEY.
struct WebhookRoutes: Sendable {
    let environment: ServerEnvironment
    var admin: AdminAuthenticator { AdminAuthenticator(environment: environment) }
    var webhooks: WebhookService { environment.services.webhooks }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("webhooks") { request, context in try await create(request, context) }
        group.get("webhooks") { request, context -> Response in
            try await admin.authenticate(request, body: try await request.bodyBytes(limit: 1024), context: context)
            return .json(["webhooks": .array(try await webhooks.webhooks().map { .object($0.jsonObject) })])
        }
        group.delete("webhooks/:id") { request, context -> Response in
            try await admin.authenticate(request, body: try await request.bodyBytes(limit: 1024), context: context)
            try await webhooks.delete(try context.parameters.require("id"))
            return Response(status: .noContent)
        }
        group.get("webhooks/:id/deliveries") { request, context -> Response in
            try await admin.authenticate(request, body: try await request.bodyBytes(limit: 1024), context: context)
            let deliveries = try await webhooks.deliveries(of: try context.parameters.require("id"))
            return .json(["deliveries": .array(deliveries.map { .object($0.jsonObject) })])
        }
    }

    private func create(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        try await admin.authenticate(request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: 16 * 1024, maxDepth: 4)
        try body.allowOnly(["url", "events"])
        let events = try WebhookEvents.parse(body["events"])
        let record = try await webhooks.create(url: try body.requiredString("url"), events: events)
        return .json(record.jsonObject, status: .created)
    }
}
