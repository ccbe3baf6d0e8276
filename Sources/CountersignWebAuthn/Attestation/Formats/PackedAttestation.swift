import SwiftASN1
import X509

/// The "packed" attestation statement format (WebAuthn Level 3, section 8.2).
///
/// Two shapes: self attestation (no x5c: the credential key signs authenticatorData ||
/// clientDataHash with its own algorithm) and full attestation (x5c: the attestation certificate's
/// key signs, and the certificate must meet the packed requirements of section 8.2.1). ECDAA is
/// refused.
public struct PackedAttestation: AttestationFormat {
    /// The "fmt" this verifier handles: "packed".
    public let identifier = "packed"

    /// A packed verifier; the format has no options.
    public init() {}

    /// Verifies the statement against `input`; throws the first rule it breaks.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        let reader = try AttestationStatementReader(input.statement, format: identifier, allowed: ["alg", "sig", "x5c"])
        let algorithm = try reader.algorithm()
        let signature = try reader.bytes("sig")
        let signedData = input.authenticatorData.raw + input.clientDataHash

        guard reader.contains("x5c") else {
            return try verifySelf(input, algorithm: algorithm, signature: signature, signedData: signedData)
        }
        let path = try reader.certificates()
        let leaf = path[0]
        try AttestationSignature.verify(signature, over: signedData, algorithm: algorithm, key: leaf.publicKey, format: identifier)
        try Self.checkCertificate(leaf, aaguid: input.credential.aaguid)
        let trusted = try await AttestationTrust.evaluate(path, input: input, format: identifier)
        // Basic and AttCA cannot be told apart from the statement alone (that takes metadata about
        // the issuer); reporting basic claims the least.
        return AttestationResult(type: .basic, trustPath: path, chainsToTrustAnchor: trusted)
    }

    /// Self attestation: the credential key signs with the algorithm it is bound to.
    private func verifySelf(
        _ input: AttestationInput, algorithm: COSEAlgorithm, signature: [UInt8], signedData: [UInt8]
    ) throws(WebAuthnError) -> AttestationResult {
        let key = input.credential.credentialPublicKey
        guard algorithm == key.algorithm else {
            throw WebAuthnError(.attestationSignatureInvalid, "packed self attestation alg \(algorithm.rawValue) is not the credential key's algorithm \(key.algorithm.rawValue)")
        }
        // SHA-1 is tolerated only inside TPM statements (see TPMAttestation.Policy).
        guard algorithm != .rs1 else {
            throw WebAuthnError(.attestationAlgorithmRefused, "packed self attestation signed with RS1 (SHA-1) is refused")
        }
        guard key.isValidSignature(signature, for: signedData) else {
            throw WebAuthnError(.attestationSignatureInvalid, "packed self attestation signature does not verify with the credential public key")
        }
        return AttestationResult(type: .self)
    }

    /// The requirements of section 8.2.1 on the attestation certificate.
    static func checkCertificate(_ certificate: Certificate, aaguid: [UInt8]) throws(WebAuthnError) {
        try AttestationCertificates.requireVersion3(certificate, format: "packed")
        try checkSubject(certificate.subject)
        try AttestationCertificates.requireNotCertificateAuthority(certificate, format: "packed")
        try AttestationCertificates.checkAAGUIDExtension(certificate, aaguid: aaguid, format: "packed")
    }

    /// Subject-C (an ISO 3166 two-letter code), Subject-O, Subject-OU = "Authenticator Attestation"
    /// and Subject-CN must all be present.
    private static func checkSubject(_ subject: DistinguishedName) throws(WebAuthnError) {
        func values(_ type: ASN1ObjectIdentifier) -> [String] {
            subject.flatMap { $0 }.filter { $0.type == type }.compactMap { String($0.value) }
        }
        let country = values(.RDNAttributeType.countryName)
        let organization = values(.RDNAttributeType.organizationName)
        let unit = values(.RDNAttributeType.organizationalUnitName)
        let commonName = values(.RDNAttributeType.commonName)
        guard country.count == 1, country[0].count == 2, country[0].allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw WebAuthnError(.attestationCertificateInvalid, "packed attestation certificate subject lacks a two-letter country (C)")
        }
        guard organization.count == 1, !organization[0].isEmpty else {
            throw WebAuthnError(.attestationCertificateInvalid, "packed attestation certificate subject lacks the vendor's organization (O)")
        }
        guard unit == ["Authenticator Attestation"] else {
            throw WebAuthnError(.attestationCertificateInvalid, "packed attestation certificate subject OU must be \"Authenticator Attestation\"")
        }
        guard commonName.count == 1, !commonName[0].isEmpty else {
            throw WebAuthnError(.attestationCertificateInvalid, "packed attestation certificate subject lacks a common name (CN)")
        }
    }
}
