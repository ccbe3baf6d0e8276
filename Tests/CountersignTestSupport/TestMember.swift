import Countersign
import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import Testing

/// One person in a test: a browser session, a software passkey and an Ed25519 signing key that
/// the passkey attests, doing what the web app does, step by step over HTTP.
package final class TestMember: @unchecked Sendable {
    package let name: String
    package let client: APIClient
    package let authenticator = SoftwareAuthenticator(origin: TestServer.origin)
    package let signingKey: JWK
    package private(set) var id = ""

    package init(name: String, server: any ServerEndpoint) throws {
        self.name = name
        client = APIClient(baseURL: server.baseURL)
        signingKey = try JWK.generate(for: .ed25519)
    }

    package var kid: String { signingKey.thumbprint }

    /// Redeems an invitation token: registration options, the passkey's create(), verify.
    package func register(invite token: String) async throws {
        let options = try await client.post("/api/registration/options", ["invite": .string(token)])
        try expectStatus(options, 200)
        let response = try authenticator.register(options: try #require(options.object["options"]?.objectValue))
        let verified = try await client.post("/api/registration/verify", ["ceremony": try #require(options.object["ceremony"]), "response": response])
        try expectStatus(verified, 201)
        id = try #require(verified.object["member"]?.objectValue?["id"]?.stringValue)
    }

    /// Logs in with the passkey (discoverable: no user name); returns the verify reply, whose
    /// Set-Cookie header carries the new session.
    @discardableResult
    package func login() async throws -> APIClient.Reply {
        let options = try await client.post("/api/login/options")
        try expectStatus(options, 200)
        let response = try authenticator.assert(options: try #require(options.object["options"]?.objectValue))
        let verified = try await client.post("/api/login/verify", ["ceremony": try #require(options.object["ceremony"]), "response": response])
        try expectStatus(verified, 200)
        return verified
    }

    /// Has the passkey attest the signing key; returns the server's reply.
    @discardableResult
    package func attestKey(_ key: JWK? = nil) async throws -> APIClient.Reply {
        let jwk = JSONValue.object((key ?? signingKey).publicKey.jsonObject())
        let options = try await client.post("/api/keys/attestation/options", ["jwk": jwk])
        try expectStatus(options, 200)
        let response = try authenticator.assert(options: try #require(options.object["options"]?.objectValue))
        return try await client.post("/api/keys", ["ceremony": try #require(options.object["ceremony"]), "jwk": jwk, "response": response])
    }

    /// The signature entry for a vote of `kind` on a statement whose JCS document is `payload`.
    /// A rejection's `reason` is signed in its rejection/v2 payload.
    package func signature(
        _ kind: VoteKind, statement: String, payload: [UInt8], digest: String, key: JWK? = nil, iat: Int = Int(Date().timeIntervalSince1970),
        reason: VoteReason? = nil
    ) throws -> JSONObject {
        let signed = SignedStatement(id: statement, canonicalBytes: payload, digest: digest)
        let signature = try JWSSigner(key: key ?? signingKey).signature(
            encodedPayload: Base64URL.encode(kind.payload(for: signed, reason: reason)),
            protectedHeader: ["typ": .string(kind.type), "iat": .number(Double(iat))])
        return signature.jsonObject
    }

    /// Reads the statement and signs a vote on exactly what the server shows.
    /// With `reason`, a rejection signs it (rejection/v2) and sends it beside the signature.
    package func vote(_ kind: VoteKind, on statement: String, key: JWK? = nil, reason: VoteReason? = nil) async throws -> APIClient.Reply {
        let (payload, digest) = try await document(of: statement)
        let entry = try signature(kind, statement: statement, payload: payload, digest: digest, key: key, reason: reason)
        return try await submit(kind, entry, on: statement, reason: reason?.text)
    }

    package func submit(_ kind: VoteKind, _ entry: JSONObject, on statement: String, reason: String? = nil) async throws -> APIClient.Reply {
        var body: JSONObject = ["signature": .object(entry)]
        if let reason { body["reason"] = .string(reason) }
        return try await client.post("/api/statements/\(statement)/\(kind == .approve ? "approvals" : "rejections")", body)
    }

    /// The statement's canonical bytes and digest as the server serves them.
    package func document(of statement: String) async throws -> (payload: [UInt8], digest: String) {
        let reply = try await client.get("/api/statements/\(statement)")
        try expectStatus(reply, 200)
        let payload = try #require(reply.object["payload"]?.base64URLBytes)
        return (payload, try #require(reply.object["digest"]?.stringValue))
    }
}

/// Fails the test with the reply when its status is not `expected`.
package func expectStatus(_ reply: APIClient.Reply, _ expected: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard reply.status == expected else {
        Issue.record("expected HTTP \(expected), got \(reply)", sourceLocation: sourceLocation)
        throw TestServerFailure("unexpected status \(reply.status)")
    }
}
