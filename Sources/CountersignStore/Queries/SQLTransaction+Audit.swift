import Countersign
import CountersignJOSE
import Foundation

/// The audit hash chain and its checkpoints.
extension SQLTransaction {
    /// Advisory lock key of audit appends on PostgreSQL ("CSaudit!" as ASCII).
    static let auditLockKey: Int64 = 0x43_53_61_75_64_69_74_21

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

    /// Takes the audit lock (PostgreSQL; SQLite's writer is already exclusive), reads the head and
    /// inserts the event that follows it. The lock is held until the transaction ends, so seqs are
    /// gapless and every event links to the one committed before it, across store instances. Take
    /// statement row locks before calling this (see the lock order on `SQLTransaction`).
    ///
    /// A second event in the same transaction follows the first without the lock and the read
    /// again: the lock is still held (PostgreSQL), or the writer still exclusive (SQLite).
    func appendAudit(actor: String, action: String, subject: String, details: JSONValue, at: Date) async throws -> AuditEvent {
        let head: AuditHead
        if let appended = lastAppended {
            head = appended
        } else {
            if let lock = dialect.transactionLock {
                try await run(lock(Self.auditLockKey))
            }
            head = try await first("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1") {
                AuditHead(seq: try $0.int(0), hash: try $0.text(1))
            } ?? AuditHead(seq: 0, hash: AuditEvent.genesis)
        }
        // The stored instant is microseconds; hash what will be read back.
        let event = AuditEvent.next(
            afterSeq: head.seq, hash: head.hash, at: StoreTime.truncated(at), actor: actor, action: action, subject: subject,
            details: details)
        try await run(
            "INSERT INTO audit_events (\(Self.auditColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [.integer(event.seq), .date(event.at), .text(event.actor), .text(event.action), .text(event.subject),
             .text(String(decoding: JCS.canonicalize(event.details), as: UTF8.self)), .text(event.prev), .text(event.hash)],
            duplicate: "audit event \(event.seq)")
        lastAppended = AuditHead(seq: event.seq, hash: event.hash)
        return event
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
