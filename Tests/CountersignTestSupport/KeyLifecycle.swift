import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation
import Testing

/// What the web app does to rotate and revoke keys and passkeys, step by step over HTTP.
extension TestMember {
    /// Has the passkey attest `key` as the replacement of the key `replaced` (rotation).
    package func rotate(to key: JWK, replacing replaced: String) async throws -> APIClient.Reply {
        let jwk = JSONValue.object(key.publicKey.jsonObject())
        let options = try await client.post("/api/keys/attestation/options", ["jwk": jwk])
        try expectStatus(options, 200)
        let response = try authenticator.assert(options: try #require(options.object["options"]?.objectValue))
        return try await client.post(
            "/api/keys", ["ceremony": try #require(options.object["ceremony"]), "jwk": jwk, "response": response, "replaces": .string(replaced)])
    }

    /// Revokes the key `kid` with an assertion by `passkey` (this member's first one by default).
    package func revokeKey(_ kid: String, passkey: SoftwareAuthenticator? = nil) async throws -> APIClient.Reply {
        try await revoke("/api/keys/\(kid)/revoke", passkey: passkey)
    }

    /// Revokes the passkey whose base64url credential id is `id`, asserted by `passkey`.
    package func revokePasskey(_ id: String, passkey: SoftwareAuthenticator? = nil) async throws -> APIClient.Reply {
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
    package var passkeyID: String { Base64URL.encode(authenticator.credentialID) }

    /// A further passkey for this member, added the way the account page does: an assertion by
    /// `asserting` (the first passkey by default) and the new credential's registration, in one
    /// request to /api/passkeys/add.
    package func addPasskey(on server: TestServer, asserting: SoftwareAuthenticator? = nil) async throws -> SoftwareAuthenticator {
        let second = SoftwareAuthenticator(origin: TestServer.origin)
        let reply = try await addPasskey(second, asserting: asserting)
        try expectStatus(reply, 201)
        return second
    }

    /// Asks to add `passkey`, asserted by `asserting`; returns the server's reply as it is.
    package func addPasskey(_ passkey: SoftwareAuthenticator, asserting: SoftwareAuthenticator? = nil) async throws -> APIClient.Reply {
        let options = try await client.post("/api/passkeys/add/options")
        guard options.status == 200 else { return options }
        let assertionOptions = try #require(options.object["assertion"]?.objectValue)
        let registrationOptions = try #require(options.object["registration"]?.objectValue)
        let assertion = try (asserting ?? authenticator).assert(options: try #require(assertionOptions["options"]?.objectValue))
        let registration = try passkey.register(options: try #require(registrationOptions["options"]?.objectValue))
        return try await client.post("/api/passkeys/add", [
            "assertion": .object(["ceremony": try #require(assertionOptions["ceremony"]), "response": assertion]),
            "registration": .object(["ceremony": try #require(registrationOptions["ceremony"]), "response": registration]),
        ])
    }
}

/// The audit events of `action`, oldest first.
package func auditEvents(_ client: APIClient, action: String) async throws -> [AuditEvent] {
    try await AuditLog.all(client).filter { $0.action == action }
}
