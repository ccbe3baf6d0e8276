import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// Verifies a passkey assertion against a consumed ceremony and the stored credential: the
/// credential must exist, be unrevoked and belong to an active member (the expected one, when the
/// caller knows who is acting); the counter and backup state are stored back. Every refusal is
/// audited under `action`.
struct PasskeyAssertionCheck: Sendable {
    let store: any Store
    let clock: ServerClock
    let relyingParty: RelyingParty
    let audit: AuditRecorder

    func verify(
        _ response: AuthenticationResponseJSON, ceremony: Ceremony, action: String, expectedMember: MemberID?
    ) async throws -> (MemberRecord, VerifiedAssertion, PasskeyRecord) {
        let actor = expectedMember?.rawValue ?? "anonymous"
        let credentialID = response.rawID
        let found = try await store.read { reader -> (PasskeyRecord, MemberRecord?)? in
            guard let passkey = try await reader.passkey(credentialID: credentialID) else { return nil }
            return (passkey, try await reader.member(passkey.member))
        }
        // A removed member's passkeys were deleted with the removal; the removal is the answer.
        if let (_, owner) = found, let member = owner, member.status == .removed, let refusal = MemberStatusCheck.refusal(member) {
            await audit.refusal(actor: member.id.rawValue, action: action, subject: member.id.rawValue, error: refusal)
            throw refusal
        }
        guard let (passkey, owner) = found, let member = owner, passkey.revokedAt == nil else {
            let error = ServiceError.invalid("passkey_unknown", "this passkey is not registered")
            await audit.refusal(actor: actor, action: action, subject: Base64URL.encode(credentialID), error: error)
            throw error
        }
        if let expectedMember, member.id != expectedMember {
            let error = ServiceError.forbidden("passkey_of_another_member", "this passkey belongs to another member")
            await audit.refusal(actor: actor, action: action, subject: member.id.rawValue, error: error)
            throw error
        }
        if let refusal = try await refusal(member: member, passkey: passkey) {
            await audit.refusal(actor: member.id.rawValue, action: action, subject: member.id.rawValue, error: refusal)
            throw refusal
        }
        let now = clock.now
        let verified: VerifiedAssertion
        do throws(WebAuthnError) {
            let key = try COSEKey(bytes: passkey.publicKey)
            let record = CredentialRecord(
                id: passkey.credentialID, publicKey: key, signCount: passkey.signCount, backupEligible: passkey.backupEligible,
                userHandle: member.userHandle)
            verified = try relyingParty.verifyAssertion(response: response, ceremony: ceremony, credential: record, now: now)
        } catch {
            let refusal = ServiceError.invalid("webauthn_\(error.code.rawValue)", error.message)
            await audit.refusal(actor: member.id.rawValue, action: action, subject: member.id.rawValue, error: refusal)
            throw refusal
        }
        try await store.write { tx in
            try await tx.updatePasskeyUse(
                credentialID: passkey.credentialID, signCount: verified.signCount, backedUp: verified.flags.backedUp, usedAt: now)
        }
        return (member, verified, passkey)
    }

    /// Why this member or passkey cannot act, if they cannot: a removed or suspended member
    /// (403 `member_removed`, `member_suspended`), or a passkey registered by a recovery that has
    /// not run yet (403 `passkey_pending_recovery`, naming the due time).
    func refusal(member: MemberRecord, passkey: PasskeyRecord) async throws -> ServiceError? {
        if let refusal = MemberStatusCheck.refusal(member) { return refusal }
        guard let operationID = passkey.pendingRecovery else { return nil }
        let dueAt = try await store.read { try await $0.operation(operationID)?.dueAt }
        let when = dueAt.map { "after \(Timestamp.format($0))" } ?? "once the recovery is due"
        return ServiceError.forbidden(
            "passkey_pending_recovery",
            "this passkey waits for account recovery \(operationID); it can log in \(when) unless the recovery is cancelled")
    }
}
