import CountersignJOSE
import CountersignJSON
import Foundation

/// A signing key's record (docs/formats.md): the public JWK, its member, how it was bound
/// ("passkey" or "admin-token"), the attestation record and its validity.
public struct KeyRecordView: Sendable {
    public let kid: String
    public let member: String
    public let jwk: JWK
    public let method: String
    /// The attestation record as JSON, checkable offline.
    public let attestation: JSONValue
    public let validFrom: Date
    public let revokedAt: Date?
    /// For an enrolment the admin made for a member who has a passkey: the `key.enrol`
    /// operation the key waits for (it is valid from `validFrom`, its due time, unless the
    /// member confirms it sooner or cancels it). Nil otherwise.
    public let pendingOperation: String?

    init(_ response: ResponseObject) throws(CountersignClientError) {
        if let operation = response.object["operation"], operation != .null {
            pendingOperation = try response.child("operation").string("id")
        } else {
            pendingOperation = nil
        }
        kid = try response.string("kid")
        member = try response.string("member")
        jwk = try response.jwk("jwk")
        method = try response.string("method")
        attestation = try response.value("attestation")
        validFrom = try response.date("validFrom")
        revokedAt = try response.optionalDate("revokedAt")
        guard jwk.thumbprint == kid else { throw .invalidResponse("\(response.what): the key's thumbprint is not its kid") }
    }
}

/// Keys: records, the JWK set, enrolment with a user token and the server key.
extension CountersignClient {
    /// The record of the key whose thumbprint is `kid` (public; not signed).
    public func key(_ kid: String) async throws(CountersignClientError) -> KeyRecordView {
        try KeyRecordView(try await object(.GET, "/api/keys/\(try PathSegment(kid).text)", signed: false))
    }

    /// Every valid member key (`/.well-known/jwks.json`).
    public func jwks() async throws(CountersignClientError) -> JWKSet {
        let bytes = try await send(.GET, "/.well-known/jwks.json", signed: false)
        do { return try JWKSet(json: bytes) } catch { throw .invalidResponse("GET /.well-known/jwks.json: \(error)") }
    }

    /// Enrols the public part of `key` for the member a user token (from `countersign admin
    /// token`) names. The token is the authentication, so the request is not signed; only the
    /// public key is sent.
    public func enrolKey(token: String, key: JWK) async throws(CountersignClientError) -> KeyRecordView {
        let body: JSONObject = ["token": .string(token), "jwk": .object(key.publicKey.jsonObject())]
        return try KeyRecordView(try await object(.POST, "/api/keys/enrol", body: .object(body), expected: [201, 202], signed: false))
    }

    /// The server's public Ed25519 key, which signs receipts, checkpoints and webhook deliveries.
    public func serverKey() async throws(CountersignClientError) -> JWK {
        let bytes = try await send(.GET, "/.well-known/countersign-server-key.json", signed: false)
        do { return try JWK(json: bytes) } catch { throw .invalidResponse("GET /.well-known/countersign-server-key.json: \(error)") }
    }
}
