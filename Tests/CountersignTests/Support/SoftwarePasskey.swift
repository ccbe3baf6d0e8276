import Countersign
import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation

/// A passkey made in software: an Ed25519 credential that answers WebAuthn get() ceremonies the way
/// an authenticator and a browser together would, so key attestation records are real, and each
/// part can be made wrong on purpose.
struct SoftwarePasskey {
    let privateKey = Curve25519.Signing.PrivateKey()
    let credentialID: [UInt8]

    init(credentialID: [UInt8] = Array("passkey-\(UUID().uuidString)".utf8)) {
        self.credentialID = credentialID
    }

    /// COSE_Key of the public key: {1: 1 (OKP), 3: -8 (EdDSA), -1: 6 (Ed25519), -2: x}.
    var coseKey: [UInt8] { [0xA4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20] + Array(privateKey.publicKey.rawRepresentation) }

    /// What the authenticator and the client produce for a get() ceremony.
    struct Assertion {
        var authenticatorData: [UInt8]
        var clientDataJSON: [UInt8]
        var signature: [UInt8]
    }

    /// flags 0x05 = UP | UV.
    func assert(
        challenge: [UInt8], rpID: String, origin: String, flags: UInt8 = 0x05, counter: UInt32 = 7,
        type: String = "webauthn.get"
    ) throws -> Assertion {
        var authenticatorData = Array(SHA256.hash(data: Array(rpID.utf8)))
        authenticatorData.append(flags)
        authenticatorData += withUnsafeBytes(of: counter.bigEndian, Array.init)
        let clientData = #"{"type":"\#(type)","challenge":"\#(Base64URL.encode(challenge))","origin":"\#(origin)","crossOrigin":false}"#
        let clientDataJSON = Array(clientData.utf8)
        let signed = authenticatorData + Array(SHA256.hash(data: clientDataJSON))
        return Assertion(
            authenticatorData: authenticatorData, clientDataJSON: clientDataJSON,
            signature: Array(try privateKey.signature(for: signed)))
    }

    /// A key attestation record (docs/formats.md) for `jwk` by this passkey; `edit` may change the
    /// ceremony before it is signed.
    func attest(
        _ jwk: JWK, member: String, nonce: String = "nonce-1", rpID: String = EvidenceScenario.rpID,
        origin: String = EvidenceScenario.origin, at attestedAt: Date = EvidenceScenario.t0,
        flags: UInt8 = 0x05, type: String = "webauthn.get", signingRPID: String? = nil, signingOrigin: String? = nil
    ) throws -> KeyAttestationRecord {
        let challenge = KeyAttestationChallenge(member: member, jkt: jwk.thumbprint, nonce: nonce).challenge
        let assertion = try assert(
            challenge: challenge, rpID: signingRPID ?? rpID, origin: signingOrigin ?? origin, flags: flags, type: type)
        return KeyAttestationRecord(
            member: member, jwk: jwk,
            proof: .passkey(.init(
                nonce: nonce, rpID: rpID, origin: origin, credentialID: credentialID, passkeyPublicKey: coseKey,
                authenticatorData: assertion.authenticatorData, clientDataJSON: assertion.clientDataJSON,
                signature: assertion.signature, attestedAt: attestedAt)))
    }
}
