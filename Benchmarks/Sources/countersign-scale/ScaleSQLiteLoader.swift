import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// The one place where the scale tool writes SQL itself: bulk loading into SQLite through the
/// `sqlite3` shell, for speed. Through the store, every query hops to SQLite's thread pool and
/// back, about 0.4 ms on the shared 2-core machine, and a statement with its votes and audit
/// events is about ten queries: 1,000,000 statements would take over an hour. The schema is still
/// the product's (the store created and migrated the file first) and the rows are exactly what
/// the store writes: the same columns, timestamps as microseconds, booleans as 0/1, audit
/// details as JCS text, and the audit hash chain computed by `AuditEvent.next` event by event.
/// Foreign keys are not checked during the load (the shell's default), as every row it writes
/// refers to a row written before it.
final class ScaleSQLiteLoader {
    private let process = Process()
    private let input = Pipe()
    private var buffer = ""
    private(set) var head: AuditEvent?

    /// Starts `sqlite3` on the database file; `head` is the last audit event already stored.
    init(path: String, head: AuditEvent?) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-bail", path]
        process.standardInput = input
        try process.run()
        self.head = head
        append("PRAGMA synchronous = OFF;\nBEGIN;\n")
    }

    /// One statement, its votes and its audit events, in the order the server writes them.
    func add(_ statement: ScaleStatement) throws {
        let record = statement.record
        let status = record.status
        append("""
            INSERT INTO statements (id, creator, title, document, digest, state, weight, threshold, decided_at, created_at, \
            expires_at, updated_at) VALUES (\(Self.text(record.id.rawValue)), \(Self.text(record.creator.rawValue)), \
            \(Self.text(record.title)), X'\(Hex.encode(record.document))', \(Self.text(record.digest)), \
            \(Self.text(status.state.rawValue)), \(status.weight), \(status.threshold), \(Self.time(status.decidedAt)), \
            \(Self.time(record.createdAt)), \(Self.time(record.expiresAt)), \(Self.time(record.updatedAt)));\n
            """)
        for vote in statement.votes {
            append("""
                INSERT INTO votes (statement, member, kind, kid, key_method, signature, received_at, step_up) VALUES \
                (\(Self.text(vote.statement.rawValue)), \(Self.text(vote.member.rawValue)), \(Self.text(vote.kind.rawValue)), \
                \(Self.text(vote.kid)), \(Self.text(vote.keyMethod)), \(Self.text(vote.signature)), \(Self.time(vote.receivedAt)), \
                \(vote.stepUp ? 1 : 0));\n
                """)
        }
        for event in statement.audit {
            let next = AuditEvent.next(
                after: head, at: event.at, actor: event.actor, action: event.action, subject: event.subject, details: .object(event.details))
            append("""
                INSERT INTO audit_events (seq, at, actor, action, subject, details, prev, hash) VALUES (\(next.seq), \
                \(Self.time(next.at)), \(Self.text(next.actor)), \(Self.text(next.action)), \(Self.text(next.subject)), \
                \(Self.text(String(decoding: JCS.canonicalize(next.details), as: UTF8.self))), \(Self.text(next.prev)), \
                \(Self.text(next.hash)));\n
                """)
            head = next
        }
        if buffer.utf8.count > 4 << 20 { try flush() }
    }

    /// Commits what was added so far and opens the next transaction.
    func commit() throws {
        append("COMMIT;\nBEGIN;\n")
        try flush()
    }

    /// Commits, moves the webhook dispatcher's cursor to the head (a running server's dispatcher
    /// follows the log as it grows; without this it would walk every seeded event while the
    /// measurements run) and waits for `sqlite3` to finish.
    func finish() throws {
        append("UPDATE webhook_cursor SET last_seq = \(head?.seq ?? 0) WHERE id = 1;\nCOMMIT;\n")
        try flush()
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScaleError.failed("sqlite3 exited with \(process.terminationStatus)") }
    }

    private func append(_ text: String) {
        buffer += text
    }

    private func flush() throws {
        try input.fileHandleForWriting.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    /// An SQL string literal.
    static func text(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A timestamp as the store keeps it: microseconds since 1970, or NULL.
    static func time(_ date: Date?) -> String {
        guard let date else { return "NULL" }
        return String(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
