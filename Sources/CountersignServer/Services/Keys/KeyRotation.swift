import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Rotation: `POST /api/keys` with "replaces" attests a new key and retires the old one in the
/// same transaction. The new key is valid from now; the old key is revoked at once, recorded as of
/// the next whole second (`KeyRecord.revocationTime`), so that its votes received in the same
/// second before the rotation stay valid; no vote with it is accepted after the rotation.
enum KeyRotation {
    /// Locks the member's key `kid` that a new key `successor` replaces: 404 unknown, 403 another
    /// member's, 409 already revoked.
    static func lockReplaced(_ kid: String, member: MemberID, successor: String, in tx: any StoreTransaction) async throws -> KeyRecord {
        guard kid != successor, let old = try await tx.lockKey(kid: kid) else { throw ServiceError.notFound("the replaced key") }
        guard old.member == member else { throw ServiceError.forbidden("key_of_another_member", "the replaced key belongs to another member") }
        guard old.revokedAt == nil else { throw ServiceError.conflict("key_revoked", "the replaced key is already revoked") }
        return old
    }

    /// Revokes the locked key `old` at `successor`'s validFrom, in the transaction that stores
    /// the successor, and audits `key.rotated`.
    static func retire(_ old: KeyRecord, by successor: KeyRecord, in tx: any StoreTransaction) async throws {
        let kid = old.kid
        let revokedAt = KeyRecord.revocationTime(committedAt: successor.validFrom)
        guard try await tx.revokeKey(kid: kid, at: revokedAt) else {
            throw ServiceError.conflict("key_revoked", "the replaced key is already revoked")
        }
        try await tx.appendAudit(
            actor: successor.member.rawValue, action: "key.rotated", subject: kid,
            details: ["member": .string(successor.member.rawValue), "method": .string(old.method), "replacedBy": .string(successor.kid),
                      "revokedAt": .string(Timestamp.format(revokedAt))],
            at: successor.validFrom)
    }
}
