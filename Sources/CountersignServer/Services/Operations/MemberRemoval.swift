import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Removal of a member who leaves (a `member.remove` operation). Like recovery
/// (`AccountRecovery`), it revokes keys as a self-service revocation does: from the next whole
/// second (`KeyRecord.revocationTime`), so every vote received before stays counted and in
/// evidence.
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

    /// Revokes the member's live keys that `matching` selects, at `revokedAt`; returns their kids.
    static func revokeKeys(
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
