import Countersign
import CountersignJSON
import CountersignStore
import Crypto
import Foundation

/// A member's email address for notifications: set by the member (or by the admin at invite),
/// confirmed by the member, signed in, presenting the token mailed to it. The token is 32 random
/// bytes; only its SHA-256 is stored, it expires, works once, and is compared in constant time.
/// Audited `email.set`, `email.confirmed`, `email.removed` (never with the address: the log may be
/// public).
struct EmailService: Sendable {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    /// Confirmation mails one member may cause per day (setting an address again and again must
    /// not make the server mail someone else's inbox).
    static let confirmationsPerDay = 5

    /// The member's address, if any.
    func address(of member: MemberID) async throws -> EmailRecord? {
        try await store.read { try await $0.memberEmail(member) }
    }

    /// Replaces the member's address by `text`, unconfirmed, and mails it a confirmation link.
    func set(_ text: String, for member: MemberRecord) async throws -> EmailRecord {
        guard configuration.mail != nil else {
            throw ServiceError.conflict("mail_off", "this server sends no mail (no SMTP server is configured)")
        }
        let address = try EmailAddress(text)
        let now = clock.now
        return try await store.write { tx in
            let recent = try await tx.mails(member: member.id, limit: 50).filter {
                $0.kind == AddressMail.confirmationKind && $0.createdAt > now.addingTimeInterval(-24 * 3600)
            }
            guard recent.count < Self.confirmationsPerDay else {
                throw ServiceError.rateLimited("at most \(Self.confirmationsPerDay) confirmation mails a day; try again tomorrow")
            }
            // The confirmed address it replaces hears of it: a stolen session cannot move the
            // member's notifications away silently.
            if let previous = try await tx.memberEmail(member.id), previous.isConfirmed, previous.address != address.text {
                try await MailOutbox.queue(
                    AddressMail.replaced(name: member.name, configuration: configuration), to: previous.address, member: member.id, in: tx,
                    at: now, configuration: configuration)
            }
            let (record, token) = try await Self.storeUnconfirmed(
                address, for: member.id, lifetime: configuration.emailConfirmationLifetime, in: tx, at: now)
            try await MailOutbox.queue(
                AddressMail.confirmation(name: member.name, token: token, expiresAt: record.tokenExpiresAt ?? now, configuration: configuration),
                to: address.text, member: member.id, in: tx, at: now, configuration: configuration)
            _ = try await tx.appendAudit(actor: member.id.rawValue, action: "email.set", subject: member.id.rawValue, details: [:], at: now)
            return record
        }
    }

    /// Stores `address` unconfirmed for `member` with a new confirmation token (returned, shown
    /// only in the mail), in the caller's transaction.
    static func storeUnconfirmed(
        _ address: EmailAddress, for member: MemberID, lifetime: TimeInterval, in tx: any StoreTransaction, at now: Date
    ) async throws -> (EmailRecord, String) {
        let (token, tokenHash) = InvitationToken.generate()
        let record = EmailRecord(
            member: member, address: address.text, confirmedAt: nil, tokenHash: tokenHash, tokenExpiresAt: now.addingTimeInterval(lifetime),
            updatedAt: now)
        try await tx.replaceMemberEmail(record)
        return (record, token)
    }

    /// Confirms the member's pending address with `token`. Refused: no pending confirmation (409
    /// `nothing_to_confirm`, also for a token already used), an expired one (409
    /// `confirmation_expired`), a token that is not this member's (400 `invalid_token`).
    func confirm(_ token: String, for member: MemberID) async throws -> EmailRecord {
        guard IdentifierText.isBase64URL(token, maxLength: 64) else { throw ServiceError.invalid("invalid_token", "the confirmation token is not valid") }
        let now = clock.now
        return try await store.write { tx in
            guard var record = try await tx.memberEmail(member), let stored = record.tokenHash, let expires = record.tokenExpiresAt else {
                throw ServiceError.conflict("nothing_to_confirm", "no address waits for confirmation on your account (a link works once)")
            }
            guard Self.constantTimeEqual(Array(InvitationToken.hash(token).utf8), Array(stored.utf8)) else {
                throw ServiceError.invalid("invalid_token", "the confirmation token is not valid for your account")
            }
            guard expires > now else {
                throw ServiceError.conflict("confirmation_expired", "the confirmation link expired; set the address again for a new one")
            }
            record.confirmedAt = now
            record.tokenHash = nil
            record.tokenExpiresAt = nil
            record.updatedAt = now
            try await tx.replaceMemberEmail(record)
            _ = try await tx.appendAudit(actor: member.rawValue, action: "email.confirmed", subject: member.rawValue, details: [:], at: now)
            return record
        }
    }

    /// The outbox for the operator: `member`'s mail (everyone's when nil), newest first.
    func outbox(of member: MemberID?, limit: Int) async throws -> [MailRecord] {
        try await store.read { try await $0.mails(member: member, limit: limit) }
    }

    /// Forgets the member's address (no more mail to it).
    func remove(for member: MemberID) async throws {
        let now = clock.now
        try await store.write { tx in
            guard try await tx.deleteMemberEmail(member) else { return }
            _ = try await tx.appendAudit(actor: member.rawValue, action: "email.removed", subject: member.rawValue, details: [:], at: now)
        }
    }

    /// Equal lengths and bytes, in time that depends on the length only.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }
}
