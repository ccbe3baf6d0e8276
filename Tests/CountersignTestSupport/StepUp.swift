import Countersign
import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import Testing

/// Step-up votes as the web app makes them: the vote's JWS signature, then a passkey assertion
/// whose challenge is SHA-256 of that signature's signing input, carried in the unprotected
/// header as "webauthn".
extension TestMember {
    /// The signature entry of a `kind` vote on `statement` with a step-up by `passkey` (the
    /// first passkey by default), its assertion altered by `tampering`.
    package func stepUpSignature(
        _ kind: VoteKind, on statement: String, passkey: SoftwareAuthenticator? = nil,
        tampering: SoftwareAuthenticator.Tampering = .init()
    ) async throws -> JSONObject {
        let (payload, digest) = try await document(of: statement)
        let signed = SignedStatement(id: statement, canonicalBytes: payload, digest: digest)
        var jws = JWS(payload: kind.payload(for: signed))
        try JWSSigner(key: signingKey).sign(
            &jws, protectedHeader: ["typ": .string(kind.type), "iat": .number(Double(Int(Date().timeIntervalSince1970)))])
        let signature = jws.signatures[0]
        let assertion = try (passkey ?? authenticator).assert(
            challenge: Array(SHA256.hash(data: jws.signingInput(for: signature))), tampering: tampering)
        let response = try #require(assertion.objectValue?["response"]?.objectValue)
        let proof: JSONObject = [
            "credentialId": try #require(assertion.objectValue?["id"]),
            "authenticatorData": try #require(response["authenticatorData"]),
            "clientDataJSON": try #require(response["clientDataJSON"]),
            "signature": try #require(response["signature"]),
        ]
        return [
            "protected": .string(signature.encodedProtectedHeader ?? ""), "header": .object(["webauthn": .object(proof)]),
            "signature": .string(signature.encodedSignature),
        ]
    }
}
