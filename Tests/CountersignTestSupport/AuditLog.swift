import Countersign
import CountersignJSON
import Foundation
import Testing

/// Reads the whole audit log over the API, page by page.
package enum AuditLog {
    package static func all(_ client: APIClient) async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        var after: Int64 = 0
        while true {
            let reply = try await client.get("/api/audit?after=\(after)&limit=1000")
            try expectStatus(reply, 200)
            let page = try #require(reply.object["events"]?.arrayValue)
            for item in page { events.append(try event(try #require(item.objectValue))) }
            guard reply.object["next"] != .null, let last = events.last else { return events }
            after = last.seq
        }
    }

    package static func event(_ object: JSONObject) throws -> AuditEvent {
        AuditEvent(
            seq: try #require(object["seq"]?.integerValue), at: try #require(object["at"]?.stringValue.flatMap(Timestamp.parse)),
            actor: try #require(object["actor"]?.stringValue), action: try #require(object["action"]?.stringValue),
            subject: try #require(object["subject"]?.stringValue), details: try #require(object["details"]),
            prev: try #require(object["prev"]?.stringValue), hash: try #require(object["hash"]?.stringValue))
    }
}
