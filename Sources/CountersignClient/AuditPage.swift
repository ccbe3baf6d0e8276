import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation

/// One page of the hash-chained audit log; `next` is the seq to continue after (nil at the end).
public struct AuditPage: Sendable {
    public let events: [AuditEvent]
    public let next: Int64?

    init(_ response: ResponseObject) throws(CountersignClientError) {
        events = try response.array("events", Self.readEvent)
        next = try response.optionalInteger("next")
    }

    /// An event of the log as JSON (docs/api.md), read strictly.
    public static func event(_ object: JSONObject) throws(CountersignClientError) -> AuditEvent {
        try readEvent(ResponseObject(object, what: "audit event"))
    }

    static func readEvent(_ response: ResponseObject) throws(CountersignClientError) -> AuditEvent {
        AuditEvent(
            seq: try response.integer("seq"), at: try response.date("at"), actor: try response.string("actor"),
            action: try response.string("action"), subject: try response.string("subject"), details: try response.value("details"),
            prev: try response.string("prev"), hash: try response.string("hash"))
    }
}

/// The latest signed checkpoint of the audit log and the server's public key
/// (`GET /api/audit/checkpoint`). The signature is not checked here: `AuditCheckpoint.verify` does.
public struct AuditCheckpointView: Sendable {
    /// The compact JWS by the server key over {size, head, at}.
    public let checkpoint: String
    public let size: Int64
    public let head: String
    public let at: Date
    public let serverKey: JWK

    init(_ response: ResponseObject) throws(CountersignClientError) {
        checkpoint = try response.string("checkpoint")
        size = try response.integer("size")
        head = try response.string("head")
        at = try response.date("at")
        serverKey = try response.jwk("serverKey")
    }
}

/// The audit log (member credentials; the admin's own view is `adminAuditPage`).
extension CountersignClient {
    /// The events after `after`, at most `limit` (1 to 1000) of them.
    public func auditPage(after: Int64 = 0, limit: Int = 1000) async throws(CountersignClientError) -> AuditPage {
        try AuditPage(try await object(.GET, "/api/audit" + QueryString([("after", String(after)), ("limit", String(limit))]).text))
    }

    /// The latest checkpoint and the server key that signed it.
    public func auditCheckpoint() async throws(CountersignClientError) -> AuditCheckpointView {
        try AuditCheckpointView(try await object(.GET, "/api/audit/checkpoint"))
    }
}
