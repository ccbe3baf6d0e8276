import Foundation

/// Where a webhook delivery stands.
public enum DeliveryState: String, Sendable, Hashable {
    /// Not yet accepted by the receiver; `nextAttemptAt` says when it is tried (again).
    case pending
    /// The receiver answered 2xx once; never sent again.
    case delivered
    /// Given up: too many failed attempts, or the webhook was deleted.
    case failed
}

/// One try at sending a delivery: when, and the HTTP status or the error.
public struct DeliveryAttempt: Sendable, Hashable {
    public var at: Date
    public var status: Int?
    public var error: String?

    public init(at: Date, status: Int?, error: String?) {
        self.at = at
        self.status = status
        self.error = error
    }
}

/// One audit event queued for one webhook: a row of the durable outbox. There is at most one per
/// (webhook, event seq); its id and payload stay the same on every retry, so receivers can
/// deduplicate by id.
public struct DeliveryRecord: Sendable, Hashable {
    /// "dlv_" and base64url random bytes; sent as Countersign-Delivery.
    public var id: String
    public var webhook: String
    public var eventSeq: Int64
    public var action: String
    /// The exact request body (JCS), built once when the delivery is queued.
    public var payload: [UInt8]
    public var state: DeliveryState
    /// Oldest first.
    public var attempts: [DeliveryAttempt]
    /// When a pending delivery is due; nil once delivered or failed.
    public var nextAttemptAt: Date?
    /// While set and in the future, one deliverer holds the delivery and no other sends it.
    public var leasedUntil: Date?
    public var deliveredAt: Date?
    public var createdAt: Date

    public init(
        id: String, webhook: String, eventSeq: Int64, action: String, payload: [UInt8], state: DeliveryState = .pending,
        attempts: [DeliveryAttempt] = [], nextAttemptAt: Date?, leasedUntil: Date? = nil, deliveredAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.webhook = webhook
        self.eventSeq = eventSeq
        self.action = action
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leasedUntil = leasedUntil
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
    }
}

/// What became of a leased delivery after an attempt.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver answered 2xx.
    case delivered
    /// Try again at the given instant.
    case retry(at: Date)
    /// Give up.
    case failed
}

extension DeliveryOutcome {
    /// What a row of an outbox (webhook deliveries, mail) stores for this outcome reached at `at`:
    /// its state, when it is tried next (pending only) and when it was delivered.
    func stored(at: Date) -> (state: DeliveryState, next: Date?, delivered: Date?) {
        switch self {
        case .delivered: (.delivered, nil, at)
        case .retry(let when): (.pending, when, nil)
        case .failed: (.failed, nil, nil)
        }
    }
}
