import CountersignJSON
import Foundation

/// Webhooks, their delivery outbox and the dispatcher's cursor in the audit log.
extension SQLTransaction {
    static let webhookColumns = "id, url, events, since_seq, created_at, deleted_at"
    static let deliveryColumns =
        "id, webhook, event_seq, action, payload, state, attempts, next_attempt_at, leased_until, delivered_at, created_at"

    static func decodeWebhook(_ row: SQLRow) throws -> WebhookRecord {
        let events = try row.parsed(2, "event list") { text -> [String] in
            guard let array = try JSONParser().parse(text).arrayValue else { throw StoreError.corruptRow("not an array") }
            return try array.map { item in
                guard let name = item.stringValue else { throw StoreError.corruptRow("not a string") }
                return name
            }
        }
        return WebhookRecord(
            id: try row.text(0), url: try row.text(1), events: events, sinceSeq: try row.int(3), createdAt: try row.date(4),
            deletedAt: try row.optionalDate(5))
    }

    static func decodeDelivery(_ row: SQLRow) throws -> DeliveryRecord {
        DeliveryRecord(
            id: try row.text(0), webhook: try row.text(1), eventSeq: try row.int(2), action: try row.text(3), payload: try row.blob(4),
            state: try row.enumeration(5, as: DeliveryState.self), attempts: try row.parsed(6, "attempt list", decodeAttempts),
            nextAttemptAt: try row.optionalDate(7), leasedUntil: try row.optionalDate(8), deliveredAt: try row.optionalDate(9),
            createdAt: try row.date(10))
    }

    /// Attempts as stored: a JSON array of {"at": microseconds, "status": Int|null, "error": String|null}.
    static func encodeAttempts(_ attempts: [DeliveryAttempt]) -> String {
        let array = attempts.map { attempt -> JSONValue in
            .object([
                "at": .number(Double(StoreTime.microseconds(attempt.at))),
                "status": attempt.status.map { .number(Double($0)) } ?? .null,
                "error": attempt.error.map { .string($0) } ?? .null,
            ])
        }
        return String(decoding: JCS.canonicalize(.array(array)), as: UTF8.self)
    }

    static func decodeAttempts(_ text: String) throws -> [DeliveryAttempt] {
        guard let array = try JSONParser().parse(text).arrayValue else { throw StoreError.corruptRow("attempts are not an array") }
        return try array.map { item in
            guard let object = item.objectValue, let at = object["at"]?.numberValue, at.isFinite, abs(at) < 9e15 else {
                throw StoreError.corruptRow("an attempt without a valid \"at\"")
            }
            let status = object["status"]?.numberValue.flatMap { Int(exactly: $0) }
            return DeliveryAttempt(at: StoreTime.date(microseconds: Int64(at)), status: status, error: object["error"]?.stringValue)
        }
    }

    // MARK: Webhooks

    func webhooks() async throws -> [WebhookRecord] {
        try await all(
            "SELECT \(Self.webhookColumns) FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id", [], Self.decodeWebhook)
    }

    func webhook(_ id: String) async throws -> WebhookRecord? {
        try await first("SELECT \(Self.webhookColumns) FROM webhooks WHERE id = $1", [.text(id)], Self.decodeWebhook)
    }

    func insertWebhook(_ webhook: WebhookRecord) async throws {
        let events = String(decoding: JCS.canonicalize(.array(webhook.events.map { .string($0) })), as: UTF8.self)
        try await run(
            "INSERT INTO webhooks (\(Self.webhookColumns)) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(webhook.id), .text(webhook.url), .text(events), .integer(webhook.sinceSeq), .date(webhook.createdAt),
             .date(webhook.deletedAt)],
            duplicate: "webhook \(webhook.id)")
    }

    func deleteWebhook(_ id: String, at: Date) async throws -> Bool {
        let deleted = try await run(
            "UPDATE webhooks SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING 1", [.text(id), .date(at)])
        guard !deleted.isEmpty else { return false }
        try await run(
            "UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL WHERE webhook = $1 AND state = 'pending'",
            [.text(id)])
        return true
    }

    // MARK: Outbox

    func deliveries(webhook: String, limit: Int) async throws -> [DeliveryRecord] {
        try await all(
            "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE webhook = $1 ORDER BY event_seq DESC LIMIT $2",
            [.text(webhook), .integer(Int64(max(0, limit)))], Self.decodeDelivery)
    }

    func delivery(_ id: String) async throws -> DeliveryRecord? {
        try await first("SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = $1", [.text(id)], Self.decodeDelivery)
    }

    /// The state of a pending delivery that is due and free to claim at $1.
    private static let due = "state = 'pending' AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)"

    func webhookCursor() async throws -> Int64 {
        try await readCursor(locking: false)
    }

    func lockWebhookCursor() async throws -> Int64 {
        // The row lock (PostgreSQL) or the immediate transaction (SQLite) serialises dispatchers.
        try await readCursor(locking: true)
    }

    private func readCursor(locking: Bool) async throws -> Int64 {
        guard let seq = try await first(
            "SELECT last_seq FROM webhook_cursor WHERE id = 1\(locking ? dialect.forUpdate : "")", [], { try $0.int(0) })
        else { throw StoreError.corruptRow("the webhook cursor row is missing") }
        return seq
    }

    func hasDueDeliveries(now: Date) async throws -> Bool {
        try await first("SELECT 1 FROM webhook_deliveries WHERE \(Self.due) LIMIT 1", [.date(now)], { _ in true }) ?? false
    }

    func advanceWebhookCursor(to seq: Int64) async throws {
        try await run("UPDATE webhook_cursor SET last_seq = $1 WHERE id = 1", [.integer(seq)])
    }

    func insertDelivery(_ delivery: DeliveryRecord) async throws -> Bool {
        let rows = try await run(
            """
            INSERT INTO webhook_deliveries (\(Self.deliveryColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
            ON CONFLICT (webhook, event_seq) DO NOTHING RETURNING 1
            """,
            [.text(delivery.id), .text(delivery.webhook), .integer(delivery.eventSeq), .text(delivery.action), .blob(delivery.payload),
             .text(delivery.state.rawValue), .text(Self.encodeAttempts(delivery.attempts)), .date(delivery.nextAttemptAt),
             .date(delivery.leasedUntil), .date(delivery.deliveredAt), .date(delivery.createdAt)],
            duplicate: "delivery \(delivery.id)")
        return !rows.isEmpty
    }

    func claimDeliveries(now: Date, leaseUntil: Date, lease: String, limit: Int) async throws -> [DeliveryRecord] {
        // The outer conditions repeat the inner ones: on PostgreSQL a second claimer that waited
        // for the first one's row locks re-checks them against the committed row, finds the
        // lease taken and skips the row.
        let due = Self.due
        return try await all(
            """
            UPDATE webhook_deliveries SET leased_until = $2, lease = $3 WHERE \(due) \
            AND webhook IN (SELECT id FROM webhooks WHERE deleted_at IS NULL) \
            AND id IN (SELECT id FROM webhook_deliveries WHERE \(due) ORDER BY next_attempt_at, id LIMIT $4) \
            RETURNING \(Self.deliveryColumns)
            """,
            [.date(now), .date(leaseUntil), .text(lease), .integer(Int64(max(0, limit)))], Self.decodeDelivery)
    }

    func finishDelivery(_ id: String, lease: String, attempts: [DeliveryAttempt], outcome: DeliveryOutcome, at: Date) async throws -> Bool {
        let (state, next, delivered) = outcome.stored(at: at)
        let rows = try await run(
            """
            UPDATE webhook_deliveries SET state = $3, attempts = $4, next_attempt_at = $5, delivered_at = $6, \
            leased_until = NULL, lease = NULL WHERE id = $1 AND lease = $2 RETURNING 1
            """,
            [.text(id), .text(lease), .text(state.rawValue), .text(Self.encodeAttempts(attempts)), .date(next), .date(delivered)])
        guard !rows.isEmpty else { return false }
        if state == .pending {
            // The webhook may have been deleted while this attempt was in flight: no retry then.
            try await run(
                """
                UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL WHERE id = $1 \
                AND webhook IN (SELECT id FROM webhooks WHERE deleted_at IS NOT NULL)
                """,
                [.text(id)])
        }
        return true
    }

    func releaseDelivery(_ id: String, lease: String) async throws {
        try await run(
            "UPDATE webhook_deliveries SET leased_until = NULL, lease = NULL WHERE id = $1 AND lease = $2", [.text(id), .text(lease)])
    }
}
