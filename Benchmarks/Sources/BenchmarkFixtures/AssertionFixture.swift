import CountersignJOSE
import CountersignWebAuthn
import Crypto
import Foundation

/// One ES256 passkey assertion, made with a fresh P-256 key, and everything both benchmark paths
/// need: the raw verification of its signature, and the relying party's full verification.
public struct AssertionFixture: Sendable {
    let responseBytes: [UInt8]
    let relyingParty: RelyingParty
    let challenge: [UInt8]
    let record: CredentialRecord
    let publicKey: P256.Signing.PublicKey
    let signature: P256.Signing.ECDSASignature
    let digest: SHA256.Digest

    public init() throws {
        let privateKey = P256.Signing.PrivateKey()
        let rpID = "countersign.example"
        let challenge = Array(SHA256.hash(data: Array("key-attestation challenge".utf8)))
        let credentialID = Array((0..<32).map { UInt8($0) })

        // Authenticator data: rpIdHash, flags UP|UV|BE|BS, counter 42.
        var authenticatorData = Array(SHA256.hash(data: Array(rpID.utf8)))
        authenticatorData.append(0x1D)
        authenticatorData.append(contentsOf: [0, 0, 0, 42])
        let clientDataJSON = Array("""
            {"type":"webauthn.get","challenge":"\(Base64URL.encode(challenge))","origin":"https://\(rpID)","crossOrigin":false}
            """.utf8)
        let signed = authenticatorData + Array(SHA256.hash(data: clientDataJSON))
        let signature = try privateKey.signature(for: signed)
        let response: JSONObject = [
            "id": .string(Base64URL.encode(credentialID)), "rawId": .string(Base64URL.encode(credentialID)),
            "type": "public-key", "authenticatorAttachment": "platform", "clientExtensionResults": .object(JSONObject()),
            "response": .object([
                "clientDataJSON": .string(Base64URL.encode(clientDataJSON)),
                "authenticatorData": .string(Base64URL.encode(authenticatorData)),
                "signature": .string(Base64URL.encode(signature.derRepresentation)),
                "userHandle": .string(Base64URL.encode([1, 2, 3, 4, 5, 6, 7, 8])),
            ]),
        ]
        responseBytes = JCS.canonicalize(.object(response))

        let point = Array(privateKey.publicKey.x963Representation.dropFirst())
        let coseKey = CBOREncoder.encode(.map(CBORMap(entries: [
            .init(key: .int(1), value: .int(2)), .init(key: .int(3), value: .int(-7)), .init(key: .int(-1), value: .int(1)),
            .init(key: .int(-2), value: .bytes(Array(point[0..<32]))), .init(key: .int(-3), value: .bytes(Array(point[32...]))),
        ])))
        relyingParty = try RelyingParty(id: rpID, name: "Countersign", origins: ["https://\(rpID)"])
        record = CredentialRecord(
            id: credentialID, publicKey: try COSEKey(bytes: coseKey), signCount: 41, backupEligible: true, userHandle: [1, 2, 3, 4, 5, 6, 7, 8])
        self.challenge = challenge
        publicKey = privateKey.publicKey
        self.signature = signature
        digest = SHA256.hash(data: signed)
    }

    /// The baseline: one raw P-256 verification of the assertion's signature over its digest.
    public func verifyRaw() -> Bool {
        publicKey.isValidSignature(signature, for: digest)
    }

    /// The whole relying-party path: parse the AuthenticationResponseJSON bytes, decode and check
    /// client data and authenticator data, verify the signature, check flags and counter.
    public func verifyAssertion() -> Bool {
        guard let response = try? AuthenticationResponseJSON(json: responseBytes),
              let result = try? relyingParty.verifyAssertion(response: response, challenge: challenge, credential: record, userVerification: .required)
        else { return false }
        return result.signCount == 42
    }
}
