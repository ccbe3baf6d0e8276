import Countersign
import CountersignJOSE
import CountersignStore
import Foundation

/// Rotation: `POST /api/keys` with "replaces" attests a new key and retires the old one in the
/// same transaction. The new key is valid from now; the old key is revoked at once, recorded as of
/// the next whole second (`KeyRecord.revocationTime`), so that its votes received in the same
/// second before the rotation stay valid; no vote with it is accepted after the rotation.
extension KeyRoutes {
    /// Revokes the member's key `kid` at `successor`'s validFrom, in the transaction that
    /// stores the successor: 404 unknown, 403 another member's, 409 already revoked.
    static func retire(_ kid: String, by successor: KeyRecord, in tx: any StoreTransaction) async throws {
        guard kid != successor.kid, let old = try await tx.key(kid: kid) else { throw APIError.notFound("the replaced key") }
        guard old.member == successor.member else { throw APIError.forbidden("key_of_another_member", "the replaced key belongs to another member") }
        let revokedAt = KeyRecord.revocationTime(committedAt: successor.validFrom)
        guard try await tx.revokeKey(kid: kid, at: revokedAt) else {
            throw APIError.conflict("key_revoked", "the replaced key is already revoked")
        }
        _ = try await tx.appendAudit(
            actor: successor.member.rawValue, action: "key.rotated", subject: kid,
            details: ["member": .string(successor.member.rawValue), "method": .string(old.method), "replacedBy": .string(successor.kid),
                      "revokedAt": .string(Timestamp.format(revokedAt))],
            at: successor.validFrom)
    }

    /// The optional "replaces" of POST /api/keys: a kid, or nil when absent.
    static func replacedKid(_ value: JSONValue?) throws(APIError) -> String? {
        guard let value, value != .null else { return nil }
        guard let kid = value.stringValue, PathTokens.isBase64URL(kid, maxLength: 128) else {
            throw .badRequest("invalid_field", "\"replaces\" must be the kid of the key this one replaces")
        }
        return kid
    }
}
