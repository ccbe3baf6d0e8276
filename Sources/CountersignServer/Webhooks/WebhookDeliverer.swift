import AsyncHTTPClient
import CountersignJSON
import CountersignStore
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Sends due deliveries from the outbox. Each batch is claimed under a lease (a random token and
/// an expiry), so two instances never send the same delivery at once; each attempt is recorded,
/// a 2xx answer marks the delivery delivered, anything else schedules a retry with exponential
/// backoff until `webhookMaxAttempts`, when it is marked failed.
///
/// On graceful shutdown it claims nothing more and lets the requests in flight finish (each is
/// bounded by `webhookTimeout`); a request cut short by cancellation releases its lease
/// unrecorded, and one interrupted by a crash is sent again once its lease expires: delivery is
/// at least once, and the receiver deduplicates by the Countersign-Delivery id.
struct WebhookDeliverer: Service {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let secrets: ServerSecrets
    let logger: Logger
    /// Deliveries claimed (and sent concurrently) per round.
    static let batchSize = 16

    func run() async throws {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.redirectConfiguration = .disallow
        let timeout = TimeAmount.milliseconds(Int64(configuration.webhookTimeout * 1000))
        clientConfiguration.timeout = HTTPClient.Configuration.Timeout(connect: timeout, read: timeout)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        do {
            let sender = try WebhookSender(client: client, serverKey: secrets.serverKey, configuration: configuration)
            await loop(sender)
        } catch {
            logger.error("webhook deliveries are disabled", metadata: ["error": "\(error)"])
            try? await gracefulShutdown()
        }
        try? await client.shutdown()
    }

    private func loop(_ sender: WebhookSender) async {
        let poll = configuration.webhookPollInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let sent: Int
            do {
                sent = try await deliverBatch(sender)
            } catch {
                logger.warning("webhook delivery round failed", metadata: ["error": "\(error)"])
                sent = 0
            }
            if sent == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(poll)) }
            }
        }
    }

    /// Claims the due deliveries and sends them; returns how many it claimed.
    @discardableResult
    func deliverBatch(_ sender: WebhookSender) async throws -> Int {
        let now = clock.read()
        let lease = Base64URL.encode(ServerSecrets.randomBytes(16))
        let leaseUntil = now.addingTimeInterval(configuration.webhookTimeout + 60)
        // A read first: most rounds find nothing due and need no write transaction.
        guard try await store.read({ try await $0.hasDueDeliveries(now: now) }) else { return 0 }
        let claimed = try await store.write { tx in
            try await tx.claimDeliveries(now: now, leaseUntil: leaseUntil, lease: lease, limit: Self.batchSize)
        }
        guard !claimed.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed {
                group.addTask { await attempt(delivery, lease: lease, sender: sender) }
            }
        }
        return claimed.count
    }

    private func attempt(_ delivery: DeliveryRecord, lease: String, sender: WebhookSender) async {
        do {
            guard let hook = try await store.read({ try await $0.webhook(delivery.webhook) }), hook.deletedAt == nil else {
                try await store.write { try await $0.releaseDelivery(delivery.id, lease: lease) }
                return
            }
            let now = clock.read()
            let result = await sender.send(delivery, to: hook.url, at: now)
            if Task.isCancelled {
                try await store.write { try await $0.releaseDelivery(delivery.id, lease: lease) }
                return
            }
            let attempts = delivery.attempts + [result]
            let decided = outcome(of: result, attempts: attempts.count, now: now)
            let recorded = try await store.write { tx in
                try await tx.finishDelivery(delivery.id, lease: lease, attempts: attempts, outcome: decided, at: now)
            }
            if !recorded {
                logger.warning("a webhook delivery's lease ran out before its attempt was recorded", metadata: ["delivery": "\(delivery.id)"])
            }
            Counter(label: "countersign_webhook_deliveries_total", dimensions: [("outcome", Self.label(decided))]).increment()
        } catch {
            logger.warning("recording a webhook attempt failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// Delivered on 2xx; otherwise retried after the backoff, or failed after the last attempt.
    func outcome(of result: DeliveryAttempt, attempts: Int, now: Date) -> DeliveryOutcome {
        if let status = result.status, (200...299).contains(status) { return .delivered }
        guard attempts < configuration.webhookMaxAttempts else { return .failed }
        let backoff = WebhookBackoff(initial: configuration.webhookInitialBackoff, maximum: configuration.webhookMaxBackoff)
        return .retry(at: now.addingTimeInterval(backoff.delay(after: attempts)))
    }

    private static func label(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .delivered: "delivered"
        case .retry: "retry"
        case .failed: "failed"
        }
    }
}
