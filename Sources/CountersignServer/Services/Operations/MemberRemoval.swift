import Countersign
import CountersignJOSE
import CountersignStore
import Foundation

/// The two operations that take a member's credentials away: removal (the member leaves) and
/// recovery (the member's passkeys are replaced by the one registered with a recovery
/// invitation). Both revoke keys as a self-service revocation does: from the next whole second
/// (`KeyRecord.revocationTime`), so every vote received before stays counted and in evidence.
enum MemberRemoval {
    /// Removal: status `removed` (final), every key revoked, every passkey deleted, sessions
    /// ended, pending invitations revoked. Audited `member.removed`.
    static func remove(
        _ member: MemberRecord, operation: OperationRecord, in tx: any StoreTransaction, at now: Date
    ) async throws -> OperationEffect.Outcome {
        var removed = member
        removed.status = .removed
        try await tx.updateMember(removed)
        let revokedAt = KeyRecord.revocationTime(committedAt: now)
        let kids = try await revokeKeys(of: member.id, where: { _ in true }, at: revokedAt, in: tx)
        var passkeys = 0
        for passkey in try await tx.lockPasskeys(member: member.id) where passkey.revokedAt == nil {
            if try await tx.revokePasskey(credentialID: passkey.credentialID, at: now) { passkeys += 1 }
        }
        let sessions = try await tx.deleteSessions(member: member.id)
        for invitation in try await tx.invitations(member: member.id) where invitation.state(at: now) == .pending {
            _ = try await tx.revokeInvitation(tokenHash: invitation.tokenHash, at: now)
        }
        let result: JSONObject = [
            "revokedAt": .string(Timestamp.format(revokedAt)), "keys": .array(kids.map { .string($0) }),
            "passkeys": .number(Double(passkeys)), "sessions": .number(Double(sessions)),
        ]
        var details = result
        details["operation"] = .string(operation.id)
        _ = try await tx.appendAudit(actor: "admin", action: "member.removed", subject: member.id.rawValue, details: details, at: now)
        return OperationEffect.Outcome(result: result, reevaluate: member.id)
    }

    /// Recovery: the passkey registered for this operation becomes active and the member's only
    /// one; every other passkey is deleted; every key a passkey attested is revoked (keys the
    /// admin enrolled with a user token are not: no lost device holds them); sessions end.
    /// Audited `member.recovered`.
    static func recover(
        _ member: MemberRecord, operation: OperationRecord, in tx: any StoreTransaction, at now: Date
    ) async throws -> OperationEffect.Outcome {
        let all = try await tx.lockPasskeys(member: member.id)
        let replacements = all.filter { $0.pendingRecovery == operation.id && $0.revokedAt == nil }
        guard !replacements.isEmpty else {
            throw APIError.conflict("recovery_not_registered", "no passkey was registered with the recovery invitation")
        }
        var deleted = 0
        for passkey in all where passkey.pendingRecovery != operation.id && passkey.revokedAt == nil {
            if try await tx.revokePasskey(credentialID: passkey.credentialID, at: now) { deleted += 1 }
        }
        for passkey in replacements { _ = try await tx.activatePasskey(credentialID: passkey.credentialID) }
        let revokedAt = KeyRecord.revocationTime(committedAt: now)
        let kids = try await revokeKeys(
            of: member.id, where: { $0.method == MemberKey.Method.passkey.rawValue }, at: revokedAt, in: tx)
        let sessions = try await tx.deleteSessions(member: member.id)
        let result: JSONObject = [
            "revokedAt": .string(Timestamp.format(revokedAt)), "keys": .array(kids.map { .string($0) }),
            "passkeysDeleted": .number(Double(deleted)), "sessions": .number(Double(sessions)),
            "passkey": .string(Base64URL.encode(replacements[0].credentialID)),
        ]
        var details = result
        details["operation"] = .string(operation.id)
        _ = try await tx.appendAudit(actor: "admin", action: "member.recovered", subject: member.id.rawValue, details: details, at: now)
        return OperationEffect.Outcome(result: result, reevaluate: member.id)
    }

    /// Revokes the member's live keys that `matching` selects, at `revokedAt`; returns their kids.
    private static func revokeKeys(
        of member: MemberID, where matching: (KeyRecord) -> Bool, at revokedAt: Date, in tx: any StoreTransaction
    ) async throws -> [String] {
        var kids: [String] = []
        for key in try await tx.keys(member: member) where key.revokedAt == nil && matching(key) {
            guard try await tx.lockKey(kid: key.kid) != nil else { continue }
            if try await tx.revokeKey(kid: key.kid, at: revokedAt) { kids.append(key.kid) }
        }
        return kids
    }
}
