import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Webhooks as the admin manages them (docs/webhooks.md). The audit log, which members read,
/// records a target's origin only: paths and queries of webhook URLs often carry the receiver's
/// secret.
struct WebhookService: Sendable {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let log: TransparencyLog
    let audit: AuditRecorder

    /// At most this many live webhooks.
    static let maxWebhooks = 10
    /// The deliveries list shows at most this many, newest first.
    static let maxListedDeliveries = 200

    /// Creates a webhook for `url` and `events`. The target is checked (a public address unless
    /// private targets are allowed); a refused one is audited `webhook.refused` with its host only.
    func create(url: String, events: [String]) async throws -> WebhookRecord {
        let target: WebhookTarget
        do {
            target = try WebhookTarget(url)
            try await target.check(allowPrivate: configuration.webhookAllowPrivateTargets)
        } catch {
            let refusal = error.refusal
            await audit.refusal(actor: "admin", action: "webhook.refused", subject: error.auditedHost, error: refusal)
            throw refusal
        }
        let now = clock.now
        let id = "whk_" + Base64URL.encode(ServerSecrets.randomBytes(16))
        // The webhook receives the events sequenced after its own creation: everything recorded
        // before is sequenced first, and its creation takes the next seq unless another event
        // recorded at the same moment is sequenced before it (then that one is not sent either).
        try await log.integrate()
        return try await store.write { tx -> WebhookRecord in
            guard try await tx.webhooks().count < Self.maxWebhooks else {
                throw ServiceError.conflict("too_many_webhooks", "at most \(Self.maxWebhooks) webhooks; delete one first")
            }
            let since = try await tx.lastAuditEvent()?.seq ?? 0
            try await tx.appendAudit(
                actor: "admin", action: "webhook.created", subject: id,
                details: ["origin": .string(target.origin), "events": .array(events.map { .string($0) })], at: now)
            let record = WebhookRecord(id: id, url: target.url, events: events, sinceSeq: since + 1, createdAt: now)
            try await tx.insertWebhook(record)
            return record
        }
    }

    func webhooks() async throws -> [WebhookRecord] {
        try await store.read { try await $0.webhooks() }
    }

    /// Deletes the webhook `id`, audited `webhook.deleted`; 404 when unknown.
    func delete(_ id: String) async throws {
        let now = clock.now
        try await store.write { tx in
            guard try await tx.deleteWebhook(id, at: now) else { throw ServiceError.notFound("webhook \(id.prefix(64))") }
            _ = try await tx.appendAudit(actor: "admin", action: "webhook.deleted", subject: id, details: [:], at: now)
        }
    }

    /// The latest deliveries of the webhook `id`, newest first; 404 when unknown.
    func deliveries(of id: String) async throws -> [DeliveryRecord] {
        let found = try await store.read { tx -> [DeliveryRecord]? in
            guard try await tx.webhook(id) != nil else { return nil }
            return try await tx.deliveries(webhook: id, limit: Self.maxListedDeliveries)
        }
        guard let found else { throw ServiceError.notFound("webhook \(id.prefix(64))") }
        return found
    }
}
