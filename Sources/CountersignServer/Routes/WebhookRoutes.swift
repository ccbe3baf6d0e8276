import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// The admin API of webhooks (docs/webhooks.md), authenticated like every admin route by an
/// RFC 9421 signature with the ADMIN_KEY. The audit log, which members read, records a target's
/// origin only: paths and queries of webhook URLs often carry the receiver's secret.
struct WebhookRoutes: Sendable {
    let environment: ServerEnvironment
    var admin: AdminAuthenticator { AdminAuthenticator(environment: environment) }

    /// At most this many live webhooks.
    static let maxWebhooks = 10
    /// The deliveries route shows at most this many, newest first.
    static let maxListedDeliveries = 200

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/admin/webhooks") { request, context in try await create(request, context) }
        router.get("/api/admin/webhooks") { request, context in try await list(request, context) }
        router.delete("/api/admin/webhooks/:id") { request, context in try await delete(request, context) }
        router.get("/api/admin/webhooks/:id/deliveries") { request, context in try await deliveries(request, context) }
    }

    private func create(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        try await admin.authenticate(request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: 16 * 1024, maxDepth: 4)
        try body.allowOnly(["url", "events"])
        let events = try WebhookEvents.parse(body["events"])
        let target: WebhookTarget
        do {
            target = try WebhookTarget(try body.requiredString("url"))
            try await target.check(allowPrivate: environment.configuration.webhookAllowPrivateTargets)
        } catch let error as WebhookTargetError {
            let refusal = error.apiError
            await AuditRecorder(environment: environment).refusal(
                actor: "admin", action: "webhook.refused", subject: error.auditedHost,
                error: refusal)
            throw refusal
        }
        let now = environment.now
        let id = "whk_" + Base64URL.encode(ServerSecrets.randomBytes(16))
        // The webhook receives the events sequenced after its own creation: everything recorded
        // before is sequenced first, and its creation takes the next seq unless another event
        // recorded at the same moment is sequenced before it (then that one is not sent either).
        try await environment.log.integrate()
        let record = try await environment.store.write { tx -> WebhookRecord in
            guard try await tx.webhooks().count < Self.maxWebhooks else {
                throw APIError.conflict("too_many_webhooks", "at most \(Self.maxWebhooks) webhooks; delete one first")
            }
            let since = try await tx.lastAuditEvent()?.seq ?? 0
            try await tx.appendAudit(
                actor: "admin", action: "webhook.created", subject: id,
                details: ["origin": .string(target.origin), "events": .array(events.map { .string($0) })], at: now)
            let record = WebhookRecord(id: id, url: target.url, events: events, sinceSeq: since + 1, createdAt: now)
            try await tx.insertWebhook(record)
            return record
        }
        return .json(record.jsonObject, status: .created)
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await admin.authenticate(request, body: try await request.bodyBytes(limit: 1024), context: context)
        let hooks = try await environment.store.read { try await $0.webhooks() }
        return .json(["webhooks": .array(hooks.map { .object($0.jsonObject) })])
    }

    private func delete(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await admin.authenticate(request, body: try await request.bodyBytes(limit: 1024), context: context)
        let id = try context.parameters.require("id")
        let now = environment.now
        try await environment.store.write { tx in
            guard try await tx.deleteWebhook(id, at: now) else { throw APIError.notFound("webhook \(id.prefix(64))") }
            _ = try await tx.appendAudit(actor: "admin", action: "webhook.deleted", subject: id, details: [:], at: now)
        }
        return Response(status: .noContent)
    }

    private func deliveries(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await admin.authenticate(request, body: try await request.bodyBytes(limit: 1024), context: context)
        let id = try context.parameters.require("id")
        let found = try await environment.store.read { tx -> [DeliveryRecord]? in
            guard try await tx.webhook(id) != nil else { return nil }
            return try await tx.deliveries(webhook: id, limit: Self.maxListedDeliveries)
        }
        guard let found else { throw APIError.notFound("webhook \(id.prefix(64))") }
        return .json(["deliveries": .array(found.map { .object($0.jsonObject) })])
    }
}
