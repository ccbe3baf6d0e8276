import SwiftASN1
import X509

/// The requirements on a TPM attestation identity key (AIK) certificate (WebAuthn Level 3,
/// section 8.3.1, after the TCG EK credential profile).
enum TPMAttestationCertificate {
    /// The critical extensions these rules read on the leaf; chain validation must not refuse the
    /// leaf for them. Microsoft's AIK certificates mark the subject alternative name critical (the
    /// subject is empty, so RFC 5280 requires it) and the certificate policies critical as well.
    /// WebAuthn states no rule on the certificate policies; the anchors the relying party configures
    /// for tpm are what it trusts to issue AIK certificates under their policy.
    static let handledCriticalExtensions: [ASN1ObjectIdentifier] = [
        AttestationObjectIdentifiers.subjectAlternativeName,
        AttestationObjectIdentifiers.extendedKeyUsage,
        AttestationObjectIdentifiers.certificatePolicies,
    ]

    /// What the subject alternative name says about the TPM.
    struct TPMDescription: Sendable, Equatable {
        /// tcg-at-tpmManufacturer, "id:" and the TCG vendor id in hexadecimal (e.g. "id:4E544300").
        let manufacturer: String
        let model: String
        let version: String
    }

    /// Throws unless `certificate` is a valid AIK certificate for `aaguid`; returns the TPM it names.
    @discardableResult
    static func check(_ certificate: Certificate, aaguid: [UInt8]) throws(WebAuthnError) -> TPMDescription {
        try AttestationCertificates.requireVersion3(certificate, format: "tpm")
        guard certificate.subject.isEmpty else {
            throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate subject must be empty, not \(certificate.subject)")
        }
        let description = try tpmDescription(certificate)
        let usages: ExtendedKeyUsage?
        do { usages = try certificate.extensions.extendedKeyUsage } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate has an unreadable extended key usage: \(error)")
        }
        guard let usages, usages.contains(ExtendedKeyUsage.Usage(oid: AttestationObjectIdentifiers.tcgAIKCertificate)) else {
            throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate lacks the extended key usage tcg-kp-AIKCertificate (2.23.133.8.3)")
        }
        try AttestationCertificates.requireNotCertificateAuthority(certificate, format: "tpm")
        try AttestationCertificates.checkAAGUIDExtension(certificate, aaguid: aaguid, format: "tpm")
        return description
    }

    /// The TPM manufacturer, model and version from the directory name of the subject alternative
    /// name; all three must be present, and the manufacturer must have the "id:XXXXXXXX" form.
    static func tpmDescription(_ certificate: Certificate) throws(WebAuthnError) -> TPMDescription {
        let names: SubjectAlternativeNames?
        do { names = try certificate.extensions.subjectAlternativeNames } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate has an unreadable subject alternative name: \(error)")
        }
        guard let names else {
            throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate lacks the subject alternative name")
        }
        var attributes: [RelativeDistinguishedName.Attribute] = []
        for name in names {
            if case .directoryName(let directory) = name {
                attributes += directory.flatMap { $0 }
            }
        }
        func value(_ type: ASN1ObjectIdentifier, _ label: String) throws(WebAuthnError) -> String {
            let matches = attributes.filter { $0.type == type }
            guard matches.count == 1, let text = String(matches[0].value), !text.isEmpty else {
                throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate subject alternative name lacks exactly one \(label)")
            }
            return text
        }
        let manufacturer = try value(AttestationObjectIdentifiers.tcgTPMManufacturer, "TPM manufacturer (2.23.133.2.1)")
        let model = try value(AttestationObjectIdentifiers.tcgTPMModel, "TPM model (2.23.133.2.2)")
        let version = try value(AttestationObjectIdentifiers.tcgTPMVersion, "TPM version (2.23.133.2.3)")
        let vendorID = manufacturer.dropFirst(3)
        guard manufacturer.hasPrefix("id:"), vendorID.count == 8, vendorID.allSatisfy(\.isHexDigit) else {
            throw WebAuthnError(.attestationCertificateInvalid, "tpm AIK certificate names the TPM manufacturer \"\(manufacturer)\", not \"id:\" and a TCG vendor id")
        }
        return TPMDescription(manufacturer: manufacturer, model: model, version: version)
    }
}
