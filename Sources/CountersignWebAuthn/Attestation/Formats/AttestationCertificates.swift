import SwiftASN1
import X509

/// Rules on attestation certificates that several formats share: parsing, the X.509 version, the
/// basic constraints of a leaf, and the FIDO AAGUID extension.
enum AttestationCertificates {
    /// Parses one DER certificate; `what` names it in the error.
    static func parse(_ der: [UInt8], what: String) throws(WebAuthnError) -> Certificate {
        do {
            return try Certificate(derEncoded: der)
        } catch {
            throw WebAuthnError(.attestationStatementMalformed, "\(what) is not a DER X.509 certificate: \(error)")
        }
    }

    /// The certificate must be X.509 version 3 (packed and tpm require it of the leaf).
    static func requireVersion3(_ certificate: Certificate, format: String) throws(WebAuthnError) {
        guard certificate.version == .v3 else {
            throw WebAuthnError(.attestationCertificateInvalid, "\(format) attestation certificate is X.509 \(certificate.version), not v3")
        }
    }

    /// The leaf must carry basic constraints with CA false.
    ///
    /// WebAuthn says "the Basic Constraints extension MUST have the CA component set to false"; we
    /// read MUST have as "must be present". An absent extension also means "not a CA" in RFC 5280,
    /// but every packed and TPM attestation certificate we have seen carries it, and requiring it
    /// costs nothing while keeping a CA key from ever passing as an attestation key.
    static func requireNotCertificateAuthority(_ certificate: Certificate, format: String) throws(WebAuthnError) {
        let constraints: BasicConstraints?
        do {
            constraints = try certificate.extensions.basicConstraints
        } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "\(format) attestation certificate has unreadable basic constraints: \(error)")
        }
        switch constraints {
        case .notCertificateAuthority?:
            return
        case .isCertificateAuthority?:
            throw WebAuthnError(.attestationCertificateInvalid, "\(format) attestation certificate is a CA certificate (basic constraints CA=true)")
        case nil:
            throw WebAuthnError(.attestationCertificateInvalid, "\(format) attestation certificate lacks the basic constraints extension (CA=false is required)")
        }
    }

    /// If the certificate carries the FIDO AAGUID extension, it must not be critical and must name
    /// the authenticator model of the authenticator data.
    ///
    /// The check is what stops an attestation key of one model from vouching for another: the
    /// packed and tpm procedures require it (WebAuthn Level 3, sections 8.2 and 8.3), so a mismatch
    /// is refused even though some libraries skip it (see docs/webauthn.md, "Attestation formats").
    static func checkAAGUIDExtension(_ certificate: Certificate, aaguid: [UInt8], format: String) throws(WebAuthnError) {
        guard let ext = certificate.extensions[oid: AttestationObjectIdentifiers.fidoAAGUID] else { return }
        guard !ext.critical else {
            throw WebAuthnError(.attestationAAGUIDMismatch, "\(format) attestation certificate marks the FIDO AAGUID extension critical")
        }
        let value: ASN1OctetString
        do {
            value = try ASN1OctetString(derEncoded: Array(ext.value))
        } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "\(format) attestation certificate's FIDO AAGUID extension is not an OCTET STRING")
        }
        guard value.bytes.count == 16 else {
            throw WebAuthnError(.attestationCertificateInvalid, "\(format) attestation certificate's FIDO AAGUID extension is \(value.bytes.count) bytes, not 16")
        }
        guard Array(value.bytes) == aaguid else {
            throw WebAuthnError(.attestationAAGUIDMismatch, "\(format) attestation certificate is for AAGUID \(AAGUIDText.format(Array(value.bytes))), the authenticator data says \(AAGUIDText.format(aaguid))")
        }
    }
}
