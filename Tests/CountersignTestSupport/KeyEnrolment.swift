import Countersign
import CountersignJOSE
import Foundation
import Testing

/// Keys enrolled with the admin's user token (POST /api/keys/enrol), as a service enrols its key.
package enum KeyEnrolment {
    /// A user token for `member` and the Ed25519 `key`, signed with `adminKey`.
    package static func token(member: String, key: JWK, adminKey: [UInt8]) throws -> String {
        let raw = try #require(key.publicKey.jsonObject()["x"]?.base64URLBytes)
        let now = Date()
        return try UserToken(userID: member, issuedAt: now, expiresAt: now.addingTimeInterval(300), publicKey: raw).signed(adminKey: adminKey)
    }

    package static func enrol(_ server: TestServer, token: String, key: JWK) async throws -> APIClient.Reply {
        try await APIClient(baseURL: server.baseURL, origin: nil).post(
            "/api/keys/enrol", ["token": .string(token), "jwk": .object(key.publicKey.jsonObject())])
    }

    /// Enrols a fresh key for `member` with a user token; the reply and the key.
    package static func enrol(_ server: TestServer, for member: String) async throws -> (APIClient.Reply, JWK) {
        let key = try JWK.generate(for: .ed25519)
        let token = try token(member: member, key: key, adminKey: server.adminKey)
        return (try await enrol(server, token: token, key: key), key)
    }
}
