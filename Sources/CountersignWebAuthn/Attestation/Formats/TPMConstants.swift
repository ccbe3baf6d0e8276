import Crypto

/// TPM 2.0 algorithm identifiers (TPM_ALG_ID, TPM 2.0 Part 2 section 6.3) that WebAuthn's tpm
/// format meets.
enum TPMAlgorithmID {
    static let rsa: UInt16 = 0x0001
    static let null: UInt16 = 0x0010
    static let ecdaa: UInt16 = 0x001A
    static let ecc: UInt16 = 0x0023
}

/// TPM 2.0 ECC curve identifiers (TPM_ECC_CURVE, Part 2 section 6.4).
enum TPMECCCurve {
    static let nistP256: UInt16 = 0x0003
    static let nistP384: UInt16 = 0x0004
    static let nistP521: UInt16 = 0x0005
}

/// Constants of the attestation structure (Part 2 sections 6.2 and 6.9).
enum TPMAttestationConstants {
    /// TPM_GENERATED_VALUE: the TPM puts it at the start of every structure it signs and refuses to
    /// sign external data that starts with it, so a signature over data without it is not a TPM
    /// attestation.
    static let generatedValue: UInt32 = 0xFF54_4347
    /// TPM_ST_ATTEST_CERTIFY: the structure is the result of TPM2_Certify.
    static let attestCertify: UInt16 = 0x8017
}

/// A TPM hash algorithm (TPMI_ALG_HASH) used for object names.
enum TPMHashAlgorithm: UInt16, Sendable {
    case sha1 = 0x0004
    case sha256 = 0x000B
    case sha384 = 0x000C
    case sha512 = 0x000D

    /// The digest of `data` with this algorithm.
    func digest(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: Array(Insecure.SHA1.hash(data: data))
        case .sha256: Array(SHA256.hash(data: data))
        case .sha384: Array(SHA384.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }
}
