import Foundation

/// A registered webhook: where deliveries go and which audit actions it wants.
public struct WebhookRecord: Sendable, Hashable {
    /// "whk_" and base64url random bytes.
    public var id: String
    /// The absolute http(s) URL deliveries are POSTed to.
    public var url: String
    /// Audit action names, or ["*"] for every action.
    public var events: [String]
    /// Only audit events with a larger seq are delivered: the seq of its own webhook.created event.
    public var sinceSeq: Int64
    public var createdAt: Date
    /// When it was deleted; a deleted webhook receives nothing more.
    public var deletedAt: Date?

    public init(id: String, url: String, events: [String], sinceSeq: Int64, createdAt: Date, deletedAt: Date? = nil) {
        self.id = id
        self.url = url
        self.events = events
        self.sinceSeq = sinceSeq
        self.createdAt = createdAt
        self.deletedAt = deletedAt
    }

    /// True when this webhook wants audit events with `action`.
    public func wants(_ action: String) -> Bool {
        events.contains("*") || events.contains(action)
    }
}
