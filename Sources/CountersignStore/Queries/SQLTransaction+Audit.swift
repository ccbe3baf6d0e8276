import Countersign
import CountersignJSON
import Foundation

/// The audit hash chain as sequenced (`SQLTransaction+Log.swift` appends and sequences) and its
/// JWS checkpoints.
extension SQLTransaction {
    static let auditColumns = "seq, at, actor, action, subject, details, prev, hash"

    static func decodeAudit(_ row: SQLRow) throws -> AuditEvent {
        let detailsText = try row.text(5)
        let details: JSONValue
        do {
            details = try JSONParser().parse(detailsText)
        } catch {
            throw StoreError.corruptRow("audit details are not JSON: \(error)")
        }
        return AuditEvent(
            seq: try row.int(0), at: try row.date(1), actor: try row.text(2), action: try row.text(3), subject: try row.text(4),
            details: details, prev: try row.text(6), hash: try row.text(7))
    }

    func auditEvents(after: Int64, limit: Int) async throws -> [AuditEvent] {
        try await all(
            "SELECT \(Self.auditColumns) FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
            [.integer(after), .integer(Int64(max(0, limit)))], Self.decodeAudit)
    }

    func lastAuditEvent() async throws -> AuditEvent? {
        try await first("SELECT \(Self.auditColumns) FROM audit_events ORDER BY seq DESC LIMIT 1", [], Self.decodeAudit)
    }

    func latestCheckpoint() async throws -> CheckpointRecord? {
        try await first("SELECT size, head, at, jws FROM checkpoints ORDER BY size DESC, id DESC LIMIT 1") { row in
            CheckpointRecord(size: try row.int(0), head: try row.text(1), at: try row.date(2), jws: try row.text(3))
        }
    }

    func insertCheckpoint(_ checkpoint: CheckpointRecord) async throws {
        try await run(
            "INSERT INTO checkpoints (size, head, at, jws) VALUES ($1, $2, $3, $4)",
            [.integer(checkpoint.size), .text(checkpoint.head), .date(checkpoint.at), .text(checkpoint.jws)])
    }
}
