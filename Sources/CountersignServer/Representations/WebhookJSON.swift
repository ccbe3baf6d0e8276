import Countersign
import CountersignJSON
import CountersignStore

/// The admin API's JSON shapes of webhooks and deliveries (docs/api.md).
extension WebhookRecord {
    var jsonObject: JSONObject {
        ["id": .string(id), "url": .string(url), "events": .array(events.map { .string($0) }),
         "createdAt": .string(Timestamp.format(createdAt))]
    }
}

extension DeliveryRecord {
    var jsonObject: JSONObject {
        [
            "id": .string(id), "webhook": .string(webhook), "event": .number(Double(eventSeq)), "action": .string(action),
            "state": .string(state.rawValue),
            "attempts": .array(attempts.map { attempt in
                .object([
                    "at": .string(Timestamp.format(attempt.at)), "status": attempt.status.map { .number(Double($0)) } ?? .null,
                    "error": attempt.error.map { .string($0) } ?? .null,
                ])
            }),
            "nextAttemptAt": nextAttemptAt.map { .string(Timestamp.format($0)) } ?? .null,
            "deliveredAt": deliveredAt.map { .string(Timestamp.format($0)) } ?? .null,
        ]
    }
}

/// The body of a delivery request: {"id", "webhook", "event": {seq, at, actor, action, subject,
/// details, hash}}, canonicalised with JCS (RFC 8785), so the bytes are fixed once queued.
enum WebhookPayload {
    static func body(delivery id: String, webhook: String, event: AuditEvent) -> [UInt8] {
        JCS.canonicalize(.object([
            "id": .string(id), "webhook": .string(webhook),
            "event": .object([
                "seq": .number(Double(event.seq)), "at": .string(Timestamp.format(event.at)), "actor": .string(event.actor),
                "action": .string(event.action), "subject": .string(event.subject), "details": event.details,
                "hash": .string(event.hash),
            ]),
        ]))
    }
}
