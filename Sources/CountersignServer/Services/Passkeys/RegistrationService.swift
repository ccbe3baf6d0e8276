import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// Registration with an invitation: a member's first passkey (which activates an invited member
/// and opens a session), or, with a recovery invitation, a passkey that waits for the recovery
/// (`RecoveryRegistration`). Refusals are audited `registration.refused`.
struct RegistrationService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let audit: AuditRecorder
    let ceremonies: CeremonyKeeper
    let registrationCeremonies: PasskeyRegistration
    let recoveryRegistration: RecoveryRegistration
    let sessions: SessionService

    /// What a registration did.
    enum Outcome: Sendable {
        /// The passkey is registered and a session opened.
        case registered(MemberRecord, PasskeyRecord, SessionService.NewSession)
        /// The passkey waits for the recovery operation, now due after the recovery delay.
        case recovering(MemberRecord, PasskeyRecord, OperationRecord)
    }

    /// Creation options for the member the invitation `token` names, if it is pending (and, for
    /// a recovery, the member is active). An ordinary invitation registers a first passkey only.
    func options(invitation token: String) async throws -> (options: JSONValue, id: String) {
        let hash = InvitationToken.hash(token)
        let now = clock.now
        let found = try await store.read { reader -> (InvitationRecord, MemberRecord?, [PasskeyRecord])? in
            guard let invitation = try await reader.invitation(tokenHash: hash) else { return nil }
            return (invitation, try await reader.member(invitation.member), try await reader.passkeys(member: invitation.member))
        }
        guard let (invitation, member, passkeys) = found, let member, invitation.state(at: now) == .pending,
              invitation.recovery == nil || member.status == .active
        else {
            let error = ServiceError.forbidden("invitation_invalid", "the invitation is unknown, used or expired")
            await audit.refusal(actor: "anonymous", action: "registration.refused", subject: "invitation", error: error)
            throw error
        }
        if invitation.recovery == nil, let refusal = Self.invitationRefusal(passkeys: passkeys) {
            await audit.refusal(actor: member.id.rawValue, action: "registration.refused", subject: member.id.rawValue, error: refusal)
            throw refusal
        }
        return try await registrationCeremonies.begin(for: member, excluding: passkeys, invitationHash: hash)
    }

    /// What the invitation page says at once, before any passkey prompt: the invitation with the
    /// token `token` and its state now, or nil for a token no invitation has. Nothing else is
    /// told: not the member, and the same nil for every wrong token.
    func status(invitation token: String) async throws -> (state: InvitationRecord.State, invitation: InvitationRecord)? {
        let hash = InvitationToken.hash(token)
        guard let invitation = try await store.read({ try await $0.invitation(tokenHash: hash) }) else { return nil }
        return (invitation.state(at: clock.now), invitation)
    }

    /// Verifies the registration `response` of the ceremony `ceremonyID` and stores the passkey:
    /// the invitation is used (and the member's other invitations end) in the same transaction.
    func register(ceremony ceremonyID: String, response: JSONObject) async throws -> Outcome {
        let stored = try await ceremonies.finish(ceremonyID, purpose: .registration)
        let memberText = stored.ceremony.memberID ?? ""
        guard let invitationHash = stored.invitationHash, let memberID = try? MemberID(memberText) else { throw CeremonyKeeper.unknown }
        let now = clock.now
        let passkey: PasskeyRecord
        do {
            passkey = try await registrationCeremonies.passkey(from: response, ceremony: stored.ceremony, member: memberID, at: now)
        } catch let refusal as ServiceError {
            await audit.refusal(actor: memberText, action: "registration.refused", subject: memberText, error: refusal)
            throw refusal
        }
        if let recovery = try await store.read({ try await $0.invitation(tokenHash: invitationHash)?.recovery }) {
            let (member, operation) = try await recoveryRegistration.register(
                passkey, invitationHash: invitationHash, operation: recovery, now: now)
            return .recovering(member, passkey, operation)
        }
        let result: (MemberRecord, SessionService.NewSession)
        do {
            result = try await store.write { tx -> (MemberRecord, SessionService.NewSession) in
                guard var member = try await tx.member(memberID) else { throw ServiceError.notFound("the member") }
                guard try await tx.markInvitationUsed(tokenHash: invitationHash, at: now) else {
                    if try await tx.invitation(tokenHash: invitationHash)?.state(at: now) == .revoked {
                        throw ServiceError.forbidden("invitation_invalid", "the invitation was revoked, or ended when another invitation of the member was used")
                    }
                    throw ServiceError.conflict("invitation_used", "the invitation was already used")
                }
                // Locked and read again: an invitation left pending by an earlier version, or two
                // used at once, cannot add a passkey to a member who has one.
                if let refusal = Self.invitationRefusal(passkeys: try await tx.lockPasskeys(member: memberID)) { throw refusal }
                try await tx.endOtherInvitations(of: memberID, than: invitationHash, at: now)
                do {
                    try await tx.insertPasskey(passkey)
                } catch StoreError.duplicate {
                    throw ServiceError.conflict("passkey_exists", "this passkey is already registered")
                }
                if member.status == .invited {
                    member.status = .active
                    try await tx.updateMember(member)
                }
                let session = try await sessions.open(for: memberID, credentialID: passkey.credentialID, in: tx, now: now)
                _ = try await tx.appendAudit(
                    actor: memberID.rawValue, action: "passkey.registered", subject: memberID.rawValue,
                    details: .object(PasskeyRegistration.identityDetails(of: passkey, response: response)), at: now)
                return (member, session)
            }
        } catch let refusal as ServiceError {
            await audit.refusal(actor: memberText, action: "registration.refused", subject: memberText, error: refusal)
            throw refusal
        }
        events.nudge()
        return .registered(result.0, passkey, result.1)
    }

    /// An ordinary invitation registers a member's first passkey only: once the member has a
    /// live passkey, another one is added by the member (signed in, asserted with a passkey they
    /// have) or by account recovery, never by a second invitation.
    static func invitationRefusal(passkeys: [PasskeyRecord]) -> ServiceError? {
        guard passkeys.contains(where: \.isLive) else { return nil }
        return ServiceError.forbidden(
            "invitation_member_has_passkey",
            "the member already has a passkey; add another from the account page, or ask the admin for account recovery")
    }
}
