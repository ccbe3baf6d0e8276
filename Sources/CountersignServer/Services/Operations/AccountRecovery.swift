import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// The effect of a `member.recover` operation (docs/operations.md), run when the recovery is due.
enum AccountRecovery {
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
            throw ServiceError.conflict("recovery_not_registered", "no passkey was registered with the recovery invitation")
        }
        var deleted = 0
        for passkey in all where passkey.pendingRecovery != operation.id && passkey.revokedAt == nil {
            if try await tx.revokePasskey(credentialID: passkey.credentialID, at: now) { deleted += 1 }
        }
        for passkey in replacements { _ = try await tx.activatePasskey(credentialID: passkey.credentialID) }
        let revokedAt = KeyRecord.revocationTime(committedAt: now)
        let kids = try await MemberRemoval.revokeKeys(
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
}
