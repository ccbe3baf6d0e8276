import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Encrypted copies of a member's private signing keys (issue 7): the browser seals the key
/// under its passkey's PRF output and keeps the ciphertext here, so another device of the member
/// can restore the key with the same passkey. The server never sees the key or the PRF output.
/// Only the owner reads, stores or deletes a copy; a revoked key's copy is gone with it.
struct KeyCopyRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var revocation: Revocation { Revocation(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/keys/copies") { request, context in try await list(request, context) }
        router.put("/api/keys/:kid/copy") { request, context in try await store(request, context) }
        router.delete("/api/keys/:kid/copy") { request, context in try await delete(request, context) }
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let copies = try await environment.store.read { try await $0.keyCopies(member: member.id) }
        return .json(["copies": .array(copies.map(KeyCopyJSON.json))])
    }

    private func store(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let kid = try context.parameters.require("kid")
        let (key, upload) = try await revocation.audited(member, "key.refused", subject: kid) {
            let key = try await revocation.ownedKey(kid, of: member)
            guard key.method == MemberKey.Method.passkey.rawValue else {
                throw APIError.forbidden("key_not_passkey_attested", "only a key attested by a passkey can keep an encrypted copy")
            }
            let upload = try KeyCopyJSON.upload(try Request.jsonObject(from: bytes, limit: 16 * 1024, maxDepth: 2))
            let passkeys = try await environment.store.read { try await $0.passkeys(member: member.id) }
            guard passkeys.contains(where: { $0.credentialID == upload.credentialID && $0.isLive }) else {
                throw APIError.badRequest("invalid_credential_id", "\"credentialId\" must name one of your live passkeys")
            }
            return (key, upload)
        }
        let copy = KeyCopyRecord(
            kid: key.kid, member: member.id, credentialID: upload.credentialID, salt: upload.salt, iv: upload.iv,
            ciphertext: upload.ciphertext, createdAt: environment.now)
        try await environment.store.write { tx in
            // Locked and checked again: a revocation committed meanwhile must not leave a copy behind.
            guard let current = try await tx.lockKey(kid: copy.kid), current.member == member.id, current.revokedAt == nil else {
                throw APIError.conflict("key_revoked", "this key is already revoked")
            }
            try await tx.replaceKeyCopy(copy)
            try await tx.appendAudit(
                actor: member.id.rawValue, action: "key.copy_stored", subject: copy.kid,
                details: ["member": .string(member.id.rawValue), "credentialId": .string(Base64URL.encode(copy.credentialID))],
                at: copy.createdAt)
        }
        environment.events.nudge()
        return .json(KeyCopyJSON.json(copy), status: .created)
    }

    private func delete(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let kid = try context.parameters.require("kid")
        try await revocation.audited(member, "key.refused", subject: kid) {
            guard PathTokens.isBase64URL(kid, maxLength: 128), let key = try await environment.store.read({ try await $0.key(kid: kid) }) else {
                throw APIError.notFound("the key")
            }
            guard key.member == member.id else { throw APIError.forbidden("key_of_another_member", "this key belongs to another member") }
        }
        let now = environment.now
        try await environment.store.write { tx in
            guard try await tx.deleteKeyCopy(kid: kid) else { throw APIError.notFound("the key's copy") }
            try await tx.appendAudit(
                actor: member.id.rawValue, action: "key.copy_deleted", subject: kid, details: ["member": .string(member.id.rawValue)], at: now)
        }
        environment.events.nudge()
        return Response(status: .noContent)
    }
}
