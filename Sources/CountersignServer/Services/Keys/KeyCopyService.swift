import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Encrypted copies of a member's private signing keys: the browser seals the key under its
/// passkey's PRF output and keeps the ciphertext here, so another device of the member can
/// restore the key with the same passkey. The server never sees the key or the PRF output. Only
/// the owner reads, stores or deletes a copy; a revoked key's copy is gone with it. Refusals are
/// audited `key.refused`.
struct KeyCopyService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let revocation: Revocation

    func copies(of member: MemberID) async throws -> [KeyCopyRecord] {
        try await store.read { try await $0.keyCopies(member: member) }
    }

    /// Stores (or replaces) the copy of the member's passkey-attested key `kid`, sealed under
    /// one of their live passkeys; `upload` is parsed inside the audited check so that a malformed
    /// one is audited too.
    func store(kid: String, of member: MemberRecord, upload parse: () throws -> KeyCopyJSON.Upload) async throws -> KeyCopyRecord {
        let (key, upload) = try await revocation.audited(member, "key.refused", subject: kid) {
            let key = try await revocation.ownedKey(kid, of: member)
            guard key.method == MemberKey.Method.passkey.rawValue else {
                throw ServiceError.forbidden("key_not_passkey_attested", "only a key attested by a passkey can keep an encrypted copy")
            }
            let upload = try parse()
            let passkeys = try await store.read { try await $0.passkeys(member: member.id) }
            guard passkeys.contains(where: { $0.credentialID == upload.credentialID && $0.isLive }) else {
                throw ServiceError.invalid("invalid_credential_id", "\"credentialId\" must name one of your live passkeys")
            }
            return (key, upload)
        }
        let copy = KeyCopyRecord(
            kid: key.kid, member: member.id, credentialID: upload.credentialID, salt: upload.salt, iv: upload.iv,
            ciphertext: upload.ciphertext, createdAt: clock.now)
        try await store.write { tx in
            // Locked and checked again: a revocation committed meanwhile must not leave a copy behind.
            guard let current = try await tx.lockKey(kid: copy.kid), current.member == member.id, current.revokedAt == nil else {
                throw ServiceError.conflict("key_revoked", "this key is already revoked")
            }
            try await tx.replaceKeyCopy(copy)
            try await tx.appendAudit(
                actor: member.id.rawValue, action: "key.copy_stored", subject: copy.kid,
                details: ["member": .string(member.id.rawValue), "credentialId": .string(Base64URL.encode(copy.credentialID))],
                at: copy.createdAt)
        }
        events.nudge()
        return copy
    }

    /// Deletes the copy of the member's key `kid`.
    func delete(kid: String, of member: MemberRecord) async throws {
        try await revocation.audited(member, "key.refused", subject: kid) {
            guard IdentifierText.isBase64URL(kid, maxLength: 128), let key = try await store.read({ try await $0.key(kid: kid) }) else {
                throw ServiceError.notFound("the key")
            }
            guard key.member == member.id else { throw ServiceError.forbidden("key_of_another_member", "this key belongs to another member") }
        }
        let now = clock.now
        try await store.write { tx in
            guard try await tx.deleteKeyCopy(kid: kid) else { throw ServiceError.notFound("the key's copy") }
            try await tx.appendAudit(
                actor: member.id.rawValue, action: "key.copy_deleted", subject: kid, details: ["member": .string(member.id.rawValue)], at: now)
        }
        events.nudge()
    }
}
