import Countersign
import CountersignJOSE
import CountersignStore
import Foundation
import Testing

/// What the web app does to rotate and revoke keys and passkeys, step by step over HTTP.
extension TestMember {
    /// Has the passkey attest `key` as the replacement of the key `replaced` (rotation).
    func rotate(to key: JWK, replacing replaced: String) async throws -> APIClient.Reply {
        let jwk = JSONValue.object(key.publicKey.jsonObject())
        let options = try await client.post("/api/keys/attestation/options", ["jwk": jwk])
        try expectStatus(options, 200)
        let response = try authenticator.assert(options: try #require(options.object["options"]?.objectValue))
        return try await client.post(
            "/api/keys", ["ceremony": try #require(options.object["ceremony"]), "jwk": jwk, "response": response, "replaces": .string(replaced)])
    }

    /// Revokes the key `kid` with an assertion by `passkey` (this member's first one by default).
    func revokeKey(_ kid: String, passkey: SoftwareAuthenticator? = nil) async throws -> APIClient.Reply {
        try await revoke("/api/keys/\(kid)/revoke", passkey: passkey)
    }

    /// Revokes the passkey whose base64url credential id is `id`, asserted by `passkey`.
    func revokePasskey(_ id: String, passkey: SoftwareAuthenticator? = nil) async throws -> APIClient.Reply {
        try await revoke("/api/passkeys/\(id)/revoke", passkey: passkey)
    }

    /// Options, the authenticator's get(), then the revocation.
    private func revoke(_ path: String, passkey: SoftwareAuthenticator?) async throws -> APIClient.Reply {
        let options = try await client.post(path + "/options")
        guard options.status == 200 else { return options }
        let response = try (passkey ?? authenticator).assert(options: try #require(options.object["options"]?.objectValue))
        return try await client.post(path, ["ceremony": try #require(options.object["ceremony"]), "response": response])
    }

    /// The member's first passkey's id, base64url.
    var passkeyID: String { Base64URL.encode(authenticator.credentialID) }

    /// A second passkey for this member, stored directly (the API registers one passkey per
    /// invitation; recovery, which adds more, is not this suite's subject).
    func addPasskey(on server: TestServer) async throws -> SoftwareAuthenticator {
        let second = SoftwareAuthenticator(origin: TestServer.origin)
        let handle = try #require(authenticator.userHandle)
        _ = try second.register(options: [
            "challenge": .string(Base64URL.encode([UInt8](repeating: 7, count: 32))),
            "rp": .object(["id": .string(TestServer.rpID)]), "user": .object(["id": .string(Base64URL.encode(handle))]),
        ])
        let record = PasskeyRecord(
            credentialID: second.credentialID, member: try MemberID(id), publicKey: second.coseKey, signCount: 0, backupEligible: false,
            backedUp: false, transports: ["internal"], attestationFormat: "none", createdAt: Date().addingTimeInterval(1))
        try await server.store.write { tx in try await tx.insertPasskey(record) }
        return second
    }
}

/// The audit events of `action`, oldest first.
func auditEvents(_ client: APIClient, action: String) async throws -> [AuditEvent] {
    try await AuditLog.all(client).filter { $0.action == action }
}
