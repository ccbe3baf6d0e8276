import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Self-service revocation of a member's signing key or passkey, at once.
///
/// A revocation commits with its audit event in one transaction and is in force at once; its
/// recorded time is the next whole second (`KeyRecord.revocationTime`), and a vote counts only
/// with a key valid when it was received (docs/formats.md), so votes received before stay counted
/// and later ones are refused. Afterwards the member's
/// undecided statements are re-evaluated (their status is unchanged by earlier votes; a
/// time-driven change meanwhile is recorded as on any read).
struct Revocation: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let audit: AuditRecorder
    let statements: StatementService

    /// How many undecided statements a revocation re-evaluates at most.
    static let reevaluationLimit = 200

    /// The member's key `kid`, not yet revoked: 404 when there is no such key, 403 when it is
    /// another member's, 409 `key_revoked` when it already is.
    func ownedKey(_ kid: String, of member: MemberRecord) async throws -> KeyRecord {
        guard IdentifierText.isBase64URL(kid, maxLength: 128), let key = try await store.read({ try await $0.key(kid: kid) }) else {
            throw ServiceError.notFound("the key")
        }
        guard key.member == member.id else { throw ServiceError.forbidden("key_of_another_member", "this key belongs to another member") }
        guard key.revokedAt == nil else { throw ServiceError.conflict("key_revoked", "this key is already revoked") }
        return key
    }

    /// The member's passkey whose base64url credential id is `id`, not yet revoked (404, 403,
    /// 409 `passkey_revoked` as for keys).
    func ownedPasskey(_ id: String, of member: MemberRecord) async throws -> PasskeyRecord {
        guard IdentifierText.isBase64URL(id, maxLength: 1366), let credentialID = try? Base64URL.decode(id),
              let passkey = try await store.read({ try await $0.passkey(credentialID: credentialID) })
        else { throw ServiceError.notFound("the passkey") }
        guard passkey.member == member.id else { throw ServiceError.forbidden("passkey_of_another_member", "this passkey belongs to another member") }
        guard passkey.revokedAt == nil else { throw ServiceError.conflict("passkey_revoked", "this passkey is already revoked") }
        return passkey
    }

    /// Revokes the member's key now and audits `key.revoked` with `details` (how it was
    /// authorised); returns the revoked record.
    func revokeKey(_ kid: String, of member: MemberRecord, details: JSONObject) async throws -> KeyRecord {
        let revoked = try await store.write { tx -> KeyRecord in
            guard var key = try await tx.lockKey(kid: kid), key.member == member.id else { throw ServiceError.notFound("the key") }
            // Taken once the key is locked: after every vote with the key that committed first.
            let now = clock.now
            let revokedAt = KeyRecord.revocationTime(committedAt: now)
            guard try await tx.revokeKey(kid: kid, at: revokedAt) else { throw ServiceError.conflict("key_revoked", "this key is already revoked") }
            key.revokedAt = revokedAt
            let undecided = try await tx.undecidedStatements(votedBy: member.id, limit: Self.reevaluationLimit)
            var audited = details
            audited["member"] = .string(member.id.rawValue)
            audited["method"] = .string(key.method)
            audited["revokedAt"] = .string(Timestamp.format(revokedAt))
            audited["undecidedStatements"] = .array(undecided.map { .string($0.rawValue) })
            _ = try await tx.appendAudit(actor: member.id.rawValue, action: "key.revoked", subject: kid, details: .object(audited), at: now)
            return key
        }
        events.nudge()
        try await reevaluate(member.id)
        return revoked
    }

    /// Revokes the member's passkey now unless it is their last live one (409 `last_passkey`:
    /// it would lock them out; account recovery is the path). Keys it attested stay valid.
    func revokePasskey(_ passkey: PasskeyRecord, of member: MemberRecord, assertedBy: PasskeyRecord) async throws -> PasskeyRecord {
        let now = clock.now
        let id = Base64URL.encode(passkey.credentialID)
        let revoked = try await store.write { tx -> PasskeyRecord in
            let live = try await tx.lockPasskeys(member: member.id).filter { $0.revokedAt == nil }
            guard var current = live.first(where: { $0.credentialID == passkey.credentialID }) else {
                throw ServiceError.conflict("passkey_revoked", "this passkey is already revoked")
            }
            guard live.count > 1 else {
                throw ServiceError.conflict("last_passkey", "this is the member's last live passkey; revoking it would lock them out (use account recovery)")
            }
            guard try await tx.revokePasskey(credentialID: passkey.credentialID, at: now) else {
                throw ServiceError.conflict("passkey_revoked", "this passkey is already revoked")
            }
            current.revokedAt = now
            _ = try await tx.appendAudit(
                actor: member.id.rawValue, action: "passkey.revoked", subject: member.id.rawValue,
                details: ["credentialId": .string(id), "assertedBy": .string(Base64URL.encode(assertedBy.credentialID)),
                          "revokedAt": .string(Timestamp.format(now)), "livePasskeys": .number(Double(live.count - 1))],
                at: now)
            return current
        }
        events.nudge()
        return revoked
    }

    /// Re-evaluates the member's undecided statements, recording any change as a read would.
    func reevaluate(_ member: MemberID) async throws {
        let ids = try await store.read { try await $0.undecidedStatements(votedBy: member, limit: Self.reevaluationLimit) }
        for id in ids { _ = try await statements.snapshot(id) }
    }

    /// Runs `check`, auditing its refusal as `action` (`key.refused`, `passkey.refused`).
    func audited<T>(_ member: MemberRecord, _ action: String, subject: String, _ check: () async throws -> T) async throws -> T {
        do {
            return try await check()
        } catch let error as ServiceError {
            await audit.refusal(
                actor: member.id.rawValue, action: action, subject: String(subject.prefix(128)), error: error)
            throw error
        }
    }
}
