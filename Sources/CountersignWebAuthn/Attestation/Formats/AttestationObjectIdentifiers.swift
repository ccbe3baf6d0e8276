import SwiftASN1

/// The object identifiers the attestation formats look for in certificates.
enum AttestationObjectIdentifiers {
    /// id-fido-gen-ce-aaguid: the authenticator model (AAGUID) a FIDO attestation certificate is for.
    static let fidoAAGUID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 45724, 1, 1, 4]
    /// tcg-kp-AIKCertificate: the extended key usage a TPM attestation identity key certificate carries.
    static let tcgAIKCertificate: ASN1ObjectIdentifier = [2, 23, 133, 8, 3]
    /// tcg-at-tpmManufacturer, tcg-at-tpmModel, tcg-at-tpmVersion: the attributes of the directory
    /// name in a TPM AIK certificate's subject alternative name.
    static let tcgTPMManufacturer: ASN1ObjectIdentifier = [2, 23, 133, 2, 1]
    static let tcgTPMModel: ASN1ObjectIdentifier = [2, 23, 133, 2, 2]
    static let tcgTPMVersion: ASN1ObjectIdentifier = [2, 23, 133, 2, 3]
    /// The Android Keystore key description extension (KeyDescription).
    static let androidKeyDescription: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 11129, 2, 1, 17]
    /// Apple's anonymous attestation nonce extension.
    static let appleNonce: ASN1ObjectIdentifier = [1, 2, 840, 113635, 100, 8, 2]
    /// X.509 certificate policies: critical in Microsoft's TPM AIK certificates.
    static let certificatePolicies: ASN1ObjectIdentifier = [2, 5, 29, 32]
    /// X.509 subject alternative name and extended key usage.
    static let subjectAlternativeName: ASN1ObjectIdentifier = [2, 5, 29, 17]
    static let extendedKeyUsage: ASN1ObjectIdentifier = [2, 5, 29, 37]
}
