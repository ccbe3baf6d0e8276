import Countersign
import Foundation

/// Members' email addresses and the mail outbox.
extension SQLTransaction {
    static let emailColumns = "member, address, confirmed_at, token_hash, token_expires_at, updated_at"
    static let mailColumns =
        "id, member, recipient, kind, subject, body, message_id, state, attempts, last_error, next_attempt_at, leased_until, sent_at, created_at"

    static func decodeEmail(_ row: SQLRow) throws -> EmailRecord {
        EmailRecord(
            member: try row.parsed(0, "member id", MemberID.init), address: try row.text(1), confirmedAt: try row.optionalDate(2),
            tokenHash: try row.optionalText(3), tokenExpiresAt: try row.optionalDate(4), updatedAt: try row.date(5))
    }

    static func decodeMail(_ row: SQLRow) throws -> MailRecord {
        MailRecord(
            id: try row.text(0), member: try row.optionalText(1).map { try MemberID($0) }, recipient: try row.text(2), kind: try row.text(3),
            subject: try row.text(4), body: try row.text(5), messageID: try row.text(6), state: try row.enumeration(7, as: DeliveryState.self),
            attempts: Int(try row.int(8)), lastError: try row.optionalText(9), nextAttemptAt: try row.optionalDate(10),
            leasedUntil: try row.optionalDate(11), sentAt: try row.optionalDate(12), createdAt: try row.date(13))
    }

    // MARK: Addresses

    func memberEmail(_ member: MemberID) async throws -> EmailRecord? {
        try await first("SELECT \(Self.emailColumns) FROM member_emails WHERE member = $1", [.text(member.rawValue)], Self.decodeEmail)
    }

    func confirmedEmails(_ members: [MemberID]) async throws -> [EmailRecord] {
        var found: [EmailRecord] = []
        for member in members {
            if let email = try await memberEmail(member), email.isConfirmed { found.append(email) }
        }
        return found
    }

    func replaceMemberEmail(_ email: EmailRecord) async throws {
        try await run(
            """
            INSERT INTO member_emails (\(Self.emailColumns)) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (member) DO UPDATE SET \
            address = excluded.address, confirmed_at = excluded.confirmed_at, token_hash = excluded.token_hash, \
            token_expires_at = excluded.token_expires_at, updated_at = excluded.updated_at
            """,
            [.text(email.member.rawValue), .text(email.address), .date(email.confirmedAt), .optionalText(email.tokenHash),
             .date(email.tokenExpiresAt), .date(email.updatedAt)])
    }

    func deleteMemberEmail(_ member: MemberID) async throws -> Bool {
        !(try await run("DELETE FROM member_emails WHERE member = $1 RETURNING 1", [.text(member.rawValue)])).isEmpty
    }

    // MARK: Outbox

    /// The state of a pending mail that is due and free to claim at $1.
    private static let mailDue = "state = 'pending' AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)"

    func mails(member: MemberID?, limit: Int) async throws -> [MailRecord] {
        guard let member else {
            return try await all(
                "SELECT \(Self.mailColumns) FROM mail_outbox ORDER BY created_at DESC, id LIMIT $1", [.integer(Int64(max(0, limit)))],
                Self.decodeMail)
        }
        return try await all(
            "SELECT \(Self.mailColumns) FROM mail_outbox WHERE member = $1 ORDER BY created_at DESC, id LIMIT $2",
            [.text(member.rawValue), .integer(Int64(max(0, limit)))], Self.decodeMail)
    }

    func hasDueMail(now: Date) async throws -> Bool {
        try await first("SELECT 1 FROM mail_outbox WHERE \(Self.mailDue) LIMIT 1", [.date(now)], { _ in true }) ?? false
    }

    func insertMail(_ mail: MailRecord) async throws {
        try await run(
            "INSERT INTO mail_outbox (\(Self.mailColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            [.text(mail.id), .optionalText(mail.member?.rawValue), .text(mail.recipient), .text(mail.kind), .text(mail.subject),
             .text(mail.body), .text(mail.messageID), .text(mail.state.rawValue), .integer(Int64(mail.attempts)),
             .optionalText(mail.lastError), .date(mail.nextAttemptAt), .date(mail.leasedUntil), .date(mail.sentAt), .date(mail.createdAt)],
            duplicate: "mail \(mail.id)")
    }

    func claimMail(now: Date, leaseUntil: Date, lease: String, limit: Int) async throws -> [MailRecord] {
        // As claimDeliveries: the outer conditions are checked again against the committed row.
        let due = Self.mailDue
        return try await all(
            """
            UPDATE mail_outbox SET leased_until = $2, lease = $3 WHERE \(due) \
            AND id IN (SELECT id FROM mail_outbox WHERE \(due) ORDER BY next_attempt_at, id LIMIT $4) \
            RETURNING \(Self.mailColumns)
            """,
            [.date(now), .date(leaseUntil), .text(lease), .integer(Int64(max(0, limit)))], Self.decodeMail)
    }

    func finishMail(_ id: String, lease: String, attempts: Int, error: String?, outcome: DeliveryOutcome, at: Date) async throws -> Bool {
        let (state, next, sent) = outcome.stored(at: at)
        let rows = try await run(
            """
            UPDATE mail_outbox SET state = $3, attempts = $4, last_error = $5, next_attempt_at = $6, sent_at = $7, \
            leased_until = NULL, lease = NULL WHERE id = $1 AND lease = $2 RETURNING 1
            """,
            [.text(id), .text(lease), .text(state.rawValue), .integer(Int64(attempts)), .optionalText(error), .date(next), .date(sent)])
        return !rows.isEmpty
    }

    func releaseMail(_ id: String, lease: String) async throws {
        try await run("UPDATE mail_outbox SET leased_until = NULL, lease = NULL WHERE id = $1 AND lease = $2", [.text(id), .text(lease)])
    }

    // MARK: Daily reminders

    func claimReminder(member: MemberID, day: String) async throws -> Bool {
        let rows = try await run(
            """
            INSERT INTO mail_reminders (member, last_day) VALUES ($1, $2) ON CONFLICT (member) DO UPDATE \
            SET last_day = excluded.last_day WHERE mail_reminders.last_day < excluded.last_day RETURNING 1
            """,
            [.text(member.rawValue), .text(day)])
        return !rows.isEmpty
    }

    func reminderDay(member: MemberID) async throws -> String? {
        try await first("SELECT last_day FROM mail_reminders WHERE member = $1", [.text(member.rawValue)]) { try $0.text(0) }
    }

    func confirmedEmailMembers() async throws -> [EmailRecord] {
        try await all(
            "SELECT \(Self.emailColumns) FROM member_emails WHERE confirmed_at IS NOT NULL ORDER BY member", [], Self.decodeEmail)
    }
}
