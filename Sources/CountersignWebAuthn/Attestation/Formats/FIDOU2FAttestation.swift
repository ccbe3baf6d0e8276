import CountersignJOSE
import Crypto
import X509

/// The "fido-u2f" attestation statement format (WebAuthn Level 3, section 8.6): a U2F
/// registration re-expressed in WebAuthn terms.
///
/// The attestation certificate must hold a P-256 key, the credential key must be an EC2 P-256 key,
/// and the certificate key signs 0x00 || rpIdHash || clientDataHash || credentialId || 0x04 || x || y
/// (the U2F raw registration message).
public struct FIDOU2FAttestation: AttestationFormat {
    /// The "fmt" this verifier handles: "fido-u2f".
    public let identifier = "fido-u2f"

    /// A fido-u2f verifier; the format has no options.
    public init() {}

    /// Verifies the statement against `input`; throws the first rule it breaks.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        let reader = try AttestationStatementReader(input.statement, format: identifier, allowed: ["sig", "x5c"])
        let signature = try reader.bytes("sig")
        let path = try reader.certificates()
        // U2F has exactly one attestation certificate; anything more is not a U2F statement.
        guard path.count == 1 else {
            throw WebAuthnError(.attestationStatementMalformed, "fido-u2f x5c must hold exactly one certificate, not \(path.count)")
        }
        let certificate = path[0]
        guard P256.Signing.PublicKey(certificate.publicKey) != nil else {
            throw WebAuthnError(.attestationCertificateInvalid, "fido-u2f attestation certificate key is \(certificate.publicKey), not EC P-256")
        }
        guard case .p256(let credentialKey, _) = input.credential.credentialPublicKey.material else {
            throw WebAuthnError(.attestationKeyMismatch, "fido-u2f credential public key must be EC2 P-256")
        }
        // x963 is 0x04 || x || y: the uncompressed point U2F signs.
        let verificationData = [0x00] + input.authenticatorData.rpIDHash + input.clientDataHash
            + input.credential.credentialID + Array(credentialKey.x963Representation)
        try AttestationSignature.verify(signature, over: verificationData, algorithm: .es256, key: certificate.publicKey, format: identifier)
        let trusted = try await AttestationTrust.evaluate(path, input: input, format: identifier)
        return AttestationResult(type: .basic, trustPath: path, chainsToTrustAnchor: trusted)
    }
}
