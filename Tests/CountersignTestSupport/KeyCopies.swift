import CountersignJSON
import Foundation
import Testing

/// What the web app's keycopy.js sends and reads, over HTTP. The bytes are random: the server
/// never opens a copy, so these tests need no real encryption.
extension TestMember {
    /// A PUT body for a copy sealed by this member's first passkey, with random bytes of the
    /// given sizes.
    package func copyBody(salt: Int = 32, iv: Int = 12, ciphertext: Int = 64, credentialID: [UInt8]? = nil) -> JSONObject {
        func random(_ count: Int) -> String { Base64URL.encode((0..<count).map { _ in UInt8.random(in: 0...255) }) }
        return [
            "credentialId": .string(Base64URL.encode(credentialID ?? authenticator.credentialID)), "salt": .string(random(salt)),
            "iv": .string(random(iv)), "ciphertext": .string(random(ciphertext)), "alg": "A256GCM", "kdf": "HKDF-SHA256",
        ]
    }

    /// A valid body with one member replaced (or removed, with nil).
    package func copyBody(setting key: String, _ value: JSONValue?) -> JSONObject {
        var body = copyBody()
        body[key] = value
        return body
    }

    package func putCopy(_ kid: String, _ body: JSONObject) async throws -> APIClient.Reply {
        try await client.send(.PUT, "/api/keys/\(kid)/copy", body: JCS.canonicalize(.object(body)))
    }

    /// The member's copies as GET /api/keys/copies lists them.
    package func copies() async throws -> [JSONObject] {
        let reply = try await client.get("/api/keys/copies")
        try expectStatus(reply, 200)
        return (reply.object["copies"]?.arrayValue ?? []).compactMap(\.objectValue)
    }
}
