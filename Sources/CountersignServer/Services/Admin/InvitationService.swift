import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Invitations: one-time links to register a first passkey. The admin creates one with a new
/// member or for an existing member who has no passkey yet, lists them with their state, and
/// revokes pending ones (`InvitationToken`: only the token's hash is stored).
struct InvitationService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let configuration: ServerConfiguration

    /// Whom an invitation is for.
    enum Invitee: Sendable {
        /// A new member, created with the invitation.
        case newMember(MemberRecord)
        /// An existing member who is still invited (no passkey, no key).
        case existing(MemberID)
    }

    /// A new invitation: its record and the token, shown once; `mailed` when it was queued as a
    /// mail to the address the admin gave; and the members who already had the new member's
    /// name (compared without case and surrounding space), removed ones excepted: the admin is
    /// warned, since people would then tell the two apart by email or id.
    struct Created: Sendable {
        let invitation: InvitationRecord
        let token: String
        var mailed = false
        var namesakes: [MemberRecord] = []
    }

    /// The members other than `member` whose name is `member`'s, removed ones excepted.
    static func namesakes(of member: MemberRecord, among all: [MemberRecord]) -> [MemberRecord] {
        let key = Member.namesakeKey(member.name)
        return all.filter { other in other.id != member.id && other.status != .removed && Member.namesakeKey(other.name) == key }
    }

    /// The invitation link of `token`.
    func link(_ token: String) -> String { configuration.linkBase + "/invite#" + token }

    /// Creates the invitation (and the new member), audited `member.invited`. With `email`, the
    /// address is stored for the member, unconfirmed, and the invitation is mailed to it in the
    /// same transaction, with a link that confirms the address once the member has signed in.
    func invite(_ invitee: Invitee, email: EmailAddress? = nil) async throws -> Created {
        if email != nil, configuration.mail == nil {
            throw ServiceError.conflict("mail_off", "this server sends no mail (no SMTP server is configured); invite without an email address")
        }
        let now = clock.now
        let (token, tokenHash) = InvitationToken.generate()
        let expiresAt = now.addingTimeInterval(configuration.invitationLifetime)
        let newMember: MemberRecord?
        let memberID: MemberID
        switch invitee {
        case .newMember(let member): (newMember, memberID) = (member, member.id)
        case .existing(let id): (newMember, memberID) = (nil, id)
        }
        let invitation = InvitationRecord(tokenHash: tokenHash, member: memberID, createdAt: now, expiresAt: expiresAt)
        let configuration = configuration
        let link = link(token)
        let namesakes = try await store.write { tx -> [MemberRecord] in
            var namesakes: [MemberRecord] = []
            let name: String
            if let newMember {
                namesakes = Self.namesakes(of: newMember, among: try await tx.allMembers())
                try await tx.insertMember(newMember)
                name = newMember.name
            } else {
                guard let existing = try await tx.member(memberID) else { throw ServiceError.notFound("member \(memberID)") }
                guard existing.status == .invited else {
                    throw ServiceError.conflict("member_not_invited", "the member is \(existing.status.rawValue); only a member without a passkey can be invited")
                }
                name = existing.name
            }
            try await tx.insertInvitation(invitation)
            var details: JSONObject = ["invitation": .string(tokenHash), "expiresAt": .string(Timestamp.format(expiresAt))]
            if let email {
                let (_, confirmToken) = try await EmailService.storeUnconfirmed(
                    email, for: memberID, lifetime: configuration.invitationLifetime, in: tx, at: now)
                try await MailOutbox.queue(
                    AddressMail.invitation(
                        name: name, inviteLink: link, invitationExpiresAt: expiresAt, confirmToken: confirmToken, configuration: configuration),
                    to: email.text, member: memberID, in: tx, at: now, configuration: configuration)
                // Whether it was mailed, never the address (the log may be public).
                details["mailed"] = .bool(true)
            }
            if let newMember {
                details["name"] = .string(newMember.name)
                details["roles"] = .array(newMember.roles.map { .string($0.rawValue) })
            }
            _ = try await tx.appendAudit(actor: "admin", action: "member.invited", subject: memberID.rawValue, details: .object(details), at: now)
            return namesakes
        }
        events.nudge()
        return Created(invitation: invitation, token: token, mailed: email != nil, namesakes: namesakes)
    }

    /// The invitations of `member` (all when nil).
    func invitations(member: MemberID?) async throws -> [InvitationRecord] {
        try await store.read { try await $0.invitations(member: member) }
    }

    /// Revokes the pending invitation `id` (its token's hash), audited `invitation.revoked`.
    func revoke(_ id: String) async throws -> InvitationRecord {
        guard IdentifierText.isBase64URL(id, maxLength: 64) else { throw ServiceError.notFound("invitation") }
        let now = clock.now
        let revoked = try await store.write { tx -> InvitationRecord in
            guard let invitation = try await tx.invitation(tokenHash: id) else { throw ServiceError.notFound("invitation") }
            guard try await tx.revokeInvitation(tokenHash: id, at: now) else {
                throw ServiceError.conflict("invitation_not_pending", "the invitation is \(invitation.state(at: now).rawValue); only a pending one can be revoked")
            }
            _ = try await tx.appendAudit(
                actor: "admin", action: "invitation.revoked", subject: invitation.member.rawValue,
                details: ["invitation": .string(id)], at: now)
            return try await tx.invitation(tokenHash: id) ?? invitation
        }
        events.nudge()
        return revoked
    }
}
