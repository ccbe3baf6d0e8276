import Crypto
import SwiftASN1
import X509

/// The "apple" anonymous attestation statement format (WebAuthn Level 3, section 8.8).
///
/// There is no signature in the statement: Apple's CA issues a one-off certificate for the
/// credential key whose extension 1.2.840.113635.100.8.2 holds
/// SHA-256(authenticatorData || clientDataHash). The binding is that nonce plus the certificate's
/// subject key being the credential key.
public struct AppleAnonymousAttestation: AttestationFormat {
    /// The "fmt" this verifier handles: "apple".
    public let identifier = "apple"

    /// A apple verifier; the format has no options.
    public init() {}

    /// Verifies the statement against `input`; throws the first rule it breaks.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        let reader = try AttestationStatementReader(input.statement, format: identifier, allowed: ["x5c"])
        let path = try reader.certificates()
        let certificate = path[0]
        let expected = Array(SHA256.hash(data: input.authenticatorData.raw + input.clientDataHash))
        guard try Self.nonce(in: certificate) == expected else {
            throw WebAuthnError(.attestationNonceMismatch, "apple attestation nonce is not SHA-256(authenticatorData || clientDataHash)")
        }
        try AttestationPublicKey.requireMatch(certificate, credentialKey: input.credential.credentialPublicKey, format: identifier)
        let trusted = try await AttestationTrust.evaluate(path, input: input, format: identifier)
        return AttestationResult(type: .anonCA, trustPath: path, chainsToTrustAnchor: trusted)
    }

    /// The nonce of extension 1.2.840.113635.100.8.2: SEQUENCE { [1] EXPLICIT OCTET STRING }.
    static func nonce(in certificate: Certificate) throws(WebAuthnError) -> [UInt8] {
        guard let ext = certificate.extensions[oid: AttestationObjectIdentifiers.appleNonce] else {
            throw WebAuthnError(.attestationCertificateInvalid, "apple attestation certificate lacks the nonce extension 1.2.840.113635.100.8.2")
        }
        do {
            let root = try DER.parse(Array(ext.value))
            return try DER.sequence(root, identifier: .sequence) { nodes in
                let nonce = try DER.explicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { node in
                    try ASN1OctetString(derEncoded: node)
                }
                return Array(nonce.bytes)
            }
        } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "apple attestation nonce extension is malformed: \(error)")
        }
    }
}
