import CountersignJSON
import CountersignWebAuthn
import Crypto
import Foundation

/// One passkey assertion (ES256 unless told, or Ed25519 with a COSE OKP key), made with a fresh
/// key, and everything both benchmark paths need: the raw verification of its signature, and the
/// relying party's full verification.
public struct AssertionFixture: Sendable {
    /// The credential's COSE algorithm.
    public enum Algorithm: Sendable {
        case es256
        case ed25519
    }

    let responseBytes: [UInt8]
    let relyingParty: RelyingParty
    let challenge: [UInt8]
    let record: CredentialRecord
    let rawVerify: @Sendable () -> Bool
    /// The credential's COSE public key, the relying party's ID and origin (for the export).
    let coseKey: [UInt8]
    let rpID: String
    let origin: String

    public init(algorithm: Algorithm = .es256) throws {
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
        let signatureBytes: [UInt8]
        let coseKey: [UInt8]
        switch algorithm {
        case .es256:
            let privateKey = P256.Signing.PrivateKey()
            let signature = try privateKey.signature(for: signed)
            signatureBytes = Array(signature.derRepresentation)
            let point = Array(privateKey.publicKey.x963Representation.dropFirst())
            coseKey = CBOREncoder.encode(.map(CBORMap(entries: [
                .init(key: .int(1), value: .int(2)), .init(key: .int(3), value: .int(-7)), .init(key: .int(-1), value: .int(1)),
                .init(key: .int(-2), value: .bytes(Array(point[0..<32]))), .init(key: .int(-3), value: .bytes(Array(point[32...]))),
            ])))
            let publicKey = privateKey.publicKey
            let digest = SHA256.hash(data: signed)
            rawVerify = { publicKey.isValidSignature(signature, for: digest) }
        case .ed25519:
            let privateKey = Curve25519.Signing.PrivateKey()
            let signature = Array(try privateKey.signature(for: signed))
            signatureBytes = signature
            coseKey = CBOREncoder.encode(.map(CBORMap(entries: [
                .init(key: .int(1), value: .int(1)), .init(key: .int(3), value: .int(-8)), .init(key: .int(-1), value: .int(6)),
                .init(key: .int(-2), value: .bytes(Array(privateKey.publicKey.rawRepresentation))),
            ])))
            let publicKey = privateKey.publicKey
            rawVerify = { publicKey.isValidSignature(signature, for: signed) }
        }
        let response: JSONObject = [
            "id": .string(Base64URL.encode(credentialID)), "rawId": .string(Base64URL.encode(credentialID)),
            "type": "public-key", "authenticatorAttachment": "platform", "clientExtensionResults": .object(JSONObject()),
            "response": .object([
                "clientDataJSON": .string(Base64URL.encode(clientDataJSON)),
                "authenticatorData": .string(Base64URL.encode(authenticatorData)),
                "signature": .string(Base64URL.encode(signatureBytes)),
                "userHandle": .string(Base64URL.encode([1, 2, 3, 4, 5, 6, 7, 8])),
            ]),
        ]
        responseBytes = JCS.canonicalize(.object(response))

        relyingParty = try RelyingParty(id: rpID, name: "Countersign", origins: ["https://\(rpID)"])
        record = CredentialRecord(
            id: credentialID, publicKey: try COSEKey(bytes: coseKey), signCount: 41, backupEligible: true, userHandle: [1, 2, 3, 4, 5, 6, 7, 8])
        self.challenge = challenge
        self.coseKey = coseKey
        self.rpID = rpID
        origin = "https://\(rpID)"
    }

    /// The baseline: one raw verification of the assertion's signature (P-256 over the digest of
    /// the signed bytes, or Ed25519 over the signed bytes).
    public func verifyRaw() -> Bool {
        rawVerify()
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
