import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Queues mail inside the caller's transaction: the transaction that records the event that
/// causes a mail also queues it, so the mail exists if and only if the event committed. With
/// mail off (no SMTP URL) nothing is queued. `MailDeliverer` sends the queue.
enum MailOutbox {
    /// A mail's kind, subject and plain-text body, before it has a recipient.
    struct Composed: Sendable {
        let kind: String
        let subject: String
        let body: String
    }

    /// Queues `composed` for `recipient` (an address the caller has validated and, for anything
    /// but a confirmation or an invitation, checked confirmed).
    static func queue(
        _ composed: Composed, to recipient: String, member: MemberID?, in tx: any StoreTransaction, at now: Date,
        configuration: ServerConfiguration
    ) async throws {
        guard let mail = configuration.mail else { return }
        let id = "mail_" + Base64URL.encode(ServerSecrets.randomBytes(16))
        try await tx.insertMail(MailRecord(
            id: id, member: member, recipient: recipient, kind: composed.kind, subject: composed.subject, body: composed.body,
            messageID: MailMessage.messageID(mailID: id, from: mail.from), nextAttemptAt: now, createdAt: now))
    }

    /// Queues one mail to each of `members` whose address is confirmed (an unconfirmed address
    /// receives nothing but its confirmation mail); `compose` writes it for the member and may
    /// return nil to skip them (a removed member, say).
    static func notify(
        _ members: some Sequence<MemberID>, in tx: any StoreTransaction, at now: Date, configuration: ServerConfiguration,
        compose: (MemberRecord) -> Composed?
    ) async throws {
        guard configuration.mail != nil else { return }
        for email in try await tx.confirmedEmails(Array(members)) {
            guard let member = try await tx.member(email.member), member.status != .removed, let composed = compose(member) else { continue }
            try await queue(composed, to: email.address, member: member.id, in: tx, at: now, configuration: configuration)
        }
    }
}
