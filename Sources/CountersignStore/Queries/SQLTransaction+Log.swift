import Countersign
import CountersignJSON
import CountersignTLog
import Foundation

/// The transparency log: pending events, their sequencing into the hash chain and the Merkle
/// tree, the tree's stored hashes, checkpoints and cosignatures, and the sequencer's lease.
///
/// Writers never read or lock the log: `appendAudit` inserts a pending row. One sequencer at a
/// time (the `log_state` row lock, held for the batch) moves pending rows into `audit_events` in
/// id order, which on PostgreSQL is the order their transactions took ids; a row whose
/// transaction has not committed yet is simply left for the next batch.
extension SQLTransaction {
    /// Largest audit entry: an entry bundle prefixes each entry with a 16-bit length.
    static let maximumEntryBytes = 65_535

    func appendAudit(actor: String, action: String, subject: String, details: JSONValue, at: Date) async throws {
        let detailsText = String(decoding: JCS.canonicalize(details), as: UTF8.self)
        // Seq and hashes are unknown until sequenced; bound the entry now, while the writer can
        // still be told no, since nothing acknowledged may be dropped later.
        // The strings as the entry's JCS writes them (escapes included: a quote is two bytes
        // there), plus the fixed members (seq, at, prev, hash and the names) well within 256.
        let estimate = detailsText.utf8.count + [actor, action, subject].reduce(0) { $0 + JCS.canonicalize(.string($1)).count } + 256
        guard estimate <= Self.maximumEntryBytes else {
            throw StoreError.tooLarge("the audit event for \(action) is \(estimate) bytes; a log entry holds at most \(Self.maximumEntryBytes)")
        }
        try await hold(.insert(
            table: "audit_pending", columns: "at, actor, action, subject, details",
            rows: [[.date(at), .text(actor), .text(action), .text(subject), .text(detailsText)]]))
        appendedAudit = true
    }

    // MARK: Sequencing

    func sequencePendingAudit(limit: Int) async throws -> LogBatch {
        let size = try await first("SELECT size FROM log_state WHERE id = 1\(dialect.forUpdate)") { try $0.int(0) } ?? 0
        var head = try await first("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1") {
            AuditHead(seq: try $0.int(0), hash: try $0.text(1))
        } ?? AuditHead(seq: 0, hash: AuditEvent.genesis)
        // Events sequenced before the tree existed (the migration) are integrated first, in order.
        var leaves: [MerkleHash] = []
        if head.seq > size {
            let backlog = try await auditEvents(after: size, limit: limit)
            leaves = backlog.map { MerkleHash.leaf($0.logEntry) }
        }
        var sequenced: [Int64] = []
        var more = head.seq > size + Int64(leaves.count)
        if !more {
            let pending = try await all(
                "SELECT id, at, actor, action, subject, details FROM audit_pending ORDER BY id LIMIT $1", [.integer(Int64(limit))]
            ) { row in
                (id: try row.int(0), at: try row.date(1), actor: try row.text(2), action: try row.text(3), subject: try row.text(4),
                 details: try row.parsed(5, "audit details") { try JSONParser().parse($0) }, detailsText: try row.text(5))
            }
            more = pending.count == limit
            var events: [(event: AuditEvent, detailsText: String)] = []
            for row in pending {
                let event = AuditEvent.next(
                    afterSeq: head.seq, hash: head.hash, at: row.at, actor: row.actor, action: row.action, subject: row.subject,
                    details: row.details)
                // The details as `appendAudit` stored them, already canonical: not written again.
                events.append((event, row.detailsText))
                head = AuditHead(seq: event.seq, hash: event.hash)
            }
            for chunk in events.chunked(50) {
                let rows = chunk.enumerated().map { offset, _ in (0..<8).map { "$\(offset * 8 + $0 + 1)" }.joined(separator: ", ") }
                try await run(
                    "INSERT INTO audit_events (\(Self.auditColumns)) VALUES (" + rows.joined(separator: "), (") + ")",
                    chunk.flatMap { event, detailsText in
                        [SQLValue.integer(event.seq), .date(event.at), .text(event.actor), .text(event.action), .text(event.subject),
                         .text(detailsText), .text(event.prev), .text(event.hash)]
                    },
                    duplicate: "audit events from \(chunk.first?.event.seq ?? 0)")
            }
            for chunk in pending.map(\.id).chunked(200) {
                // Exactly the rows read: a row committed since must wait for the next batch.
                try await run("DELETE FROM audit_pending WHERE id IN (\(chunk.map(String.init).joined(separator: ", ")))")
            }
            sequenced = events.map(\.event.seq)
            leaves += events.map { MerkleHash.leaf($0.event.logEntry) }
        }
        let added = try await TreeGrowth.hashesToStore(oldSize: size, appending: leaves) { level, indexes in
            try await self.logHashes(level: level, indexes: indexes)
        }
        for chunk in added.chunked(100) {
            let rows = chunk.enumerated().map { offset, _ in "$\(offset * 3 + 1), $\(offset * 3 + 2), $\(offset * 3 + 3)" }
            try await run(
                "INSERT INTO log_hashes (level, idx, hash) VALUES (" + rows.joined(separator: "), (") + ")",
                chunk.flatMap { [SQLValue.integer(Int64($0.level)), .integer($0.index), .blob($0.hash.bytes)] },
                duplicate: "log hashes")
        }
        let newSize = size + Int64(leaves.count)
        if newSize != size {
            try await run("UPDATE log_state SET size = $1 WHERE id = 1", [.integer(newSize)])
        }
        return LogBatch(sequenced: sequenced, size: newSize, more: more)
    }

    func claimLogSequencer(holder: String, now: Date, leaseUntil: Date) async throws -> Bool {
        try await first(
            """
            UPDATE log_state SET leader = $1, lease_until = $2 \
            WHERE id = 1 AND (leader IS NULL OR leader = $1 OR lease_until < $3) RETURNING 1
            """, [.text(holder), .date(leaseUntil), .date(now)]
        ) { _ in true } ?? false
    }

    func releaseLogSequencer(holder: String) async throws {
        try await run("UPDATE log_state SET leader = NULL, lease_until = NULL WHERE id = 1 AND leader = $1", [.text(holder)])
    }

    // MARK: Reading the tree

    func logSize() async throws -> Int64 {
        try await first("SELECT size FROM log_state WHERE id = 1") { try $0.int(0) } ?? 0
    }

    func logProgress() async throws -> LogProgress {
        try await first(
            """
            SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM audit_pending LIMIT 1) p), size, \
            (SELECT MAX(size) FROM log_checkpoints) FROM log_state WHERE id = 1
            """
        ) { row in
            LogProgress(pending: try row.int(0) > 0, size: try row.int(1), checkpointSize: try row.optionalInt(2))
        } ?? LogProgress(pending: false, size: 0, checkpointSize: nil)
    }

    func pendingAuditCount() async throws -> Int64 {
        try await first("SELECT COUNT(*) FROM audit_pending") { try $0.int(0) } ?? 0
    }

    func logHashes(level: Int, indexes: Range<Int64>) async throws -> [MerkleHash] {
        guard !indexes.isEmpty else { return [] }
        let hashes = try await all(
            "SELECT hash FROM log_hashes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx",
            [.integer(Int64(level)), .integer(indexes.lowerBound), .integer(indexes.upperBound)]
        ) { row in
            guard let hash = MerkleHash(bytes: try row.blob(0)) else { throw StoreError.corruptRow("a log hash is not 32 bytes") }
            return hash
        }
        guard hashes.count == indexes.count else {
            throw StoreError.corruptRow("the log has \(hashes.count) of the \(indexes.count) hashes at level \(level) from \(indexes.lowerBound)")
        }
        return hashes
    }

    /// Runs read per statement: three binds each, well under either engine's limit.
    static let hashRunsPerStatement = 200

    func logHashes(_ runs: [StoredHashes]) async throws -> [StoredHashes: [MerkleHash]] {
        let distinct = Array(Set(runs.filter { !$0.indexes.isEmpty }))
        var rows: [Int: [Int64: MerkleHash]] = [:]
        var start = 0
        while start < distinct.count {
            let chunk = distinct[start..<min(start + Self.hashRunsPerStatement, distinct.count)]
            start += chunk.count
            var conditions: [String] = []
            var binds: [SQLValue] = []
            for run in chunk {
                let first = binds.count + 1
                conditions.append("(level = $\(first) AND idx >= $\(first + 1) AND idx < $\(first + 2))")
                binds += [.integer(Int64(run.level)), .integer(run.indexes.lowerBound), .integer(run.indexes.upperBound)]
            }
            let found = try await all(
                "SELECT level, idx, hash FROM log_hashes WHERE \(conditions.joined(separator: " OR "))", binds
            ) { row -> (Int, Int64, MerkleHash) in
                guard let hash = MerkleHash(bytes: try row.blob(2)) else { throw StoreError.corruptRow("a log hash is not 32 bytes") }
                return (Int(try row.int(0)), try row.int(1), hash)
            }
            for (level, index, hash) in found { rows[level, default: [:]][index] = hash }
        }
        var result: [StoredHashes: [MerkleHash]] = [:]
        for run in runs where result[run] == nil {
            let stored = rows[run.level] ?? [:]
            let hashes = run.indexes.compactMap { stored[$0] }
            guard hashes.count == run.indexes.count else {
                throw StoreError.corruptRow(
                    "the log has \(hashes.count) of the \(run.indexes.count) hashes at level \(run.level) from \(run.indexes.lowerBound)")
            }
            result[run] = hashes
        }
        return result
    }

    func auditEvents(subject: String, actions: [String]) async throws -> [AuditEvent] {
        guard !actions.isEmpty else { return [] }
        let placeholders = actions.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        return try await all(
            "SELECT \(Self.auditColumns) FROM audit_events WHERE subject = $1 AND action IN (\(placeholders)) ORDER BY seq",
            [.text(subject)] + actions.map { .text($0) }, Self.decodeAudit)
    }

    func auditEvent(seq: Int64) async throws -> AuditEvent? {
        try await first("SELECT \(Self.auditColumns) FROM audit_events WHERE seq = $1", [.integer(seq)], Self.decodeAudit)
    }

    // MARK: Checkpoints

    static func decodeLogCheckpoint(_ row: SQLRow) throws -> LogCheckpointRecord {
        guard let root = MerkleHash(bytes: try row.blob(1)) else { throw StoreError.corruptRow("a checkpoint root is not 32 bytes") }
        return LogCheckpointRecord(size: try row.int(0), root: root, note: try row.text(2), at: try row.date(3))
    }

    func latestLogCheckpoint() async throws -> LogCheckpointRecord? {
        guard var record = try await first(
            "SELECT size, root, note, at FROM log_checkpoints ORDER BY size DESC LIMIT 1", [], Self.decodeLogCheckpoint)
        else { return nil }
        record.cosignatures = try await cosignatures(size: record.size)
        return record
    }

    /// The newest checkpoint that covers at least `size` entries and carries at least
    /// `cosignatures` cosignature lines.
    func logCheckpoint(covering size: Int64, cosignatures needed: Int) async throws -> LogCheckpointRecord? {
        let records = try await all(
            """
            SELECT c.size, c.root, c.note, c.at FROM log_checkpoints c WHERE c.size >= $1 \
            AND (SELECT COUNT(*) FROM log_cosignatures s WHERE s.size = c.size) >= $2 ORDER BY c.size DESC LIMIT 1
            """, [.integer(size), .integer(Int64(needed))], Self.decodeLogCheckpoint)
        guard var record = records.first else { return nil }
        record.cosignatures = try await cosignatures(size: record.size)
        return record
    }

    private func cosignatures(size: Int64) async throws -> [String: String] {
        Dictionary(
            try await all("SELECT witness, line FROM log_cosignatures WHERE size = $1", [.integer(size)]) { (try $0.text(0), try $0.text(1)) },
            uniquingKeysWith: { first, _ in first })
    }

    func insertLogCheckpoint(_ record: LogCheckpointRecord) async throws {
        try await run(
            "INSERT INTO log_checkpoints (size, root, note, at) VALUES ($1, $2, $3, $4)",
            [.integer(record.size), .blob(record.root.bytes), .text(record.note), .date(record.at)], duplicate: "checkpoint \(record.size)")
    }

    func storeCosignature(size: Int64, witness: String, line: String, at: Date) async throws {
        try await run(
            """
            INSERT INTO log_cosignatures (size, witness, line, at) VALUES ($1, $2, $3, $4) \
            ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, at = excluded.at
            """, [.integer(size), .text(witness), .text(line), .date(at)])
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
