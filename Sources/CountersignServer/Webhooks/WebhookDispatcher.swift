import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// Follows the audit log from its persisted cursor and queues one delivery per (matching webhook,
/// event) in the outbox. Each batch reads the events after the cursor, inserts the deliveries
/// and advances the cursor in one transaction that holds the cursor's lock, so an event is never
/// skipped nor queued twice, across restarts and with several instances on one database (the
/// unique (webhook, event seq) key backs this up).
struct WebhookDispatcher: Service {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let logger: Logger
    /// Events read per transaction.
    static let batchSize = 200

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await loop() }
    }

    private func loop() async throws {
        while !Task.isCancelled {
            do {
                while try await dispatchBatch() == Self.batchSize {}
            } catch {
                logger.warning("webhook dispatch failed", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(configuration.webhookPollInterval))
        }
    }

    /// Turns the next batch of audit events into deliveries; returns how many events it read.
    @discardableResult
    func dispatchBatch() async throws -> Int {
        let now = clock.read()
        // A read first: most rounds find nothing new and need no write transaction.
        let behind = try await store.read { reader in
            try await (reader.lastAuditEvent()?.seq ?? 0) > reader.webhookCursor()
        }
        guard behind else { return 0 }
        return try await store.write { tx -> Int in
            let cursor = try await tx.lockWebhookCursor()
            let events = try await tx.auditEvents(after: cursor, limit: Self.batchSize)
            guard let last = events.last else { return 0 }
            let hooks = try await tx.webhooks()
            for event in events {
                for hook in hooks where event.seq > hook.sinceSeq && hook.wants(event.action) {
                    let id = "dlv_" + Base64URL.encode(ServerSecrets.randomBytes(16))
                    _ = try await tx.insertDelivery(DeliveryRecord(
                        id: id, webhook: hook.id, eventSeq: event.seq, action: event.action,
                        payload: WebhookPayload.body(delivery: id, webhook: hook.id, event: event), nextAttemptAt: now, createdAt: now))
                }
            }
            try await tx.advanceWebhookCursor(to: last.seq)
            return events.count
        }
    }
}
