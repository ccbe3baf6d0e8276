import CountersignJSON
import Foundation

/// A webhook: where audit events of the listed actions (or "*") are delivered, signed by the
/// server key.
public struct Webhook: Sendable {
    /// The webhook as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let id: String
    public let url: String
    public let events: [String]
    public let createdAt: Date

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        url = try response.string("url")
        events = try response.strings("events")
        createdAt = try response.date("createdAt")
    }
}

/// One delivery of one event to a webhook, with its attempts.
public struct WebhookDelivery: Sendable {
    /// The delivery as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let id: String
    public let webhook: String
    /// The audit seq delivered.
    public let event: Int64
    public let action: String
    /// "pending", "delivered" or "failed".
    public let state: String
    public let attempts: [Attempt]
    public let nextAttemptAt: Date?
    public let deliveredAt: Date?

    /// One attempt: the HTTP status the target answered, or why there was none.
    public struct Attempt: Sendable {
        public let at: Date
        public let status: Int64?
        public let error: String?

        init(_ response: ResponseObject) throws(CountersignClientError) {
            at = try response.date("at")
            status = try response.optionalInteger("status")
            error = try response.optionalString("error")
        }
    }

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        webhook = try response.string("webhook")
        event = try response.integer("event")
        action = try response.string("action")
        state = try response.string("state")
        attempts = try response.array("attempts", Attempt.init)
        nextAttemptAt = try response.optionalDate("nextAttemptAt")
        deliveredAt = try response.optionalDate("deliveredAt")
    }
}

/// Webhooks (admin credentials).
extension CountersignClient {
    /// Registers a webhook for `events` (action names, or "*").
    public func createWebhook(url: String, events: [String]) async throws(CountersignClientError) -> Webhook {
        let body: JSONObject = ["url": .string(url), "events": .array(events.map { .string($0) })]
        return try Webhook(try await object(.POST, "/api/admin/webhooks", body: .object(body), expected: [201]))
    }

    /// Every webhook.
    public func webhooks() async throws(CountersignClientError) -> [Webhook] {
        try await object(.GET, "/api/admin/webhooks").array("webhooks", Webhook.init)
    }

    /// Deletes a webhook.
    public func deleteWebhook(_ id: String) async throws(CountersignClientError) {
        _ = try await send(.DELETE, "/api/admin/webhooks/\(try PathSegment(id).text)", expected: [204])
    }

    /// A webhook's deliveries, newest first.
    public func deliveries(ofWebhook id: String) async throws(CountersignClientError) -> [WebhookDelivery] {
        try await object(.GET, "/api/admin/webhooks/\(try PathSegment(id).text)/deliveries").array("deliveries", WebhookDelivery.init)
    }
}
