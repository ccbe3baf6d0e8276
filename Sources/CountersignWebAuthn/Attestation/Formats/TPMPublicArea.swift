/// TPMT_PUBLIC (TPM 2.0 Part 2 section 12.2.4): the public area of the credential key as the TPM
/// holds it, the "pubArea" of a tpm statement.
///
///     type UINT16, nameAlg UINT16, objectAttributes UINT32, authPolicy TPM2B_DIGEST,
///     parameters TPMU_PUBLIC_PARMS (by type), unique TPMU_PUBLIC_ID (by type)
///
/// The parameters are parsed in full (symmetric definition, scheme, key bits or curve, KDF) rather
/// than assumed to be the NULL-scheme layout that Windows Hello happens to emit, so that a public
/// area with a signing scheme or a KDF is read correctly instead of misaligned.
struct TPMPublicArea: Sendable {
    /// The key the public area holds.
    enum Key: Sendable, Equatable {
        /// RSA: the modulus as stored, and the exponent (0 stands for the default 65537).
        case rsa(modulus: [UInt8], exponent: UInt32)
        /// ECC: the curve (TPM_ECC_CURVE) and the point coordinates as stored.
        case ecc(curve: UInt16, x: [UInt8], y: [UInt8])
    }

    /// The bytes exactly as received: the object's Name is computed over them.
    let raw: [UInt8]
    let nameAlgorithm: TPMHashAlgorithm
    let key: Key

    init(bytes: [UInt8]) throws(WebAuthnError) {
        var reader = TPMByteReader(bytes, structure: "pubArea")
        let type = try reader.uint16("type")
        let nameAlgorithmID = try reader.uint16("nameAlg")
        guard let nameAlgorithm = TPMHashAlgorithm(rawValue: nameAlgorithmID) else {
            throw WebAuthnError(.attestationStatementMalformed, "tpm pubArea nameAlg 0x\(String(nameAlgorithmID, radix: 16)) is not a supported hash")
        }
        _ = try reader.uint32("objectAttributes")
        _ = try reader.sized("authPolicy")
        try Self.skipSymmetricDefinition(&reader)
        try Self.skipScheme(&reader, field: "scheme")
        switch type {
        case TPMAlgorithmID.rsa:
            _ = try reader.uint16("keyBits")
            let exponent = try reader.uint32("exponent")
            let modulus = try reader.sized("unique (RSA modulus)")
            key = .rsa(modulus: modulus, exponent: exponent)
        case TPMAlgorithmID.ecc:
            let curve = try reader.uint16("curveID")
            try Self.skipScheme(&reader, field: "kdf")
            let x = try reader.sized("unique x")
            let y = try reader.sized("unique y")
            key = .ecc(curve: curve, x: x, y: y)
        default:
            throw WebAuthnError(.attestationStatementMalformed, "tpm pubArea type 0x\(String(type, radix: 16)) is neither RSA nor ECC")
        }
        try reader.requireEnd()
        self.raw = bytes
        self.nameAlgorithm = nameAlgorithm
    }

    /// The object's Name (Part 1 section 16): nameAlg (big-endian) || H_nameAlg(TPMT_PUBLIC).
    var name: [UInt8] {
        [UInt8(nameAlgorithm.rawValue >> 8), UInt8(nameAlgorithm.rawValue & 0xFF)] + nameAlgorithm.digest(raw)
    }

    /// TPMT_SYM_DEF_OBJECT: an algorithm, then key bits and mode unless the algorithm is NULL.
    private static func skipSymmetricDefinition(_ reader: inout TPMByteReader) throws(WebAuthnError) {
        let algorithm = try reader.uint16("symmetric.algorithm")
        guard algorithm != TPMAlgorithmID.null else { return }
        _ = try reader.uint16("symmetric.keyBits")
        _ = try reader.uint16("symmetric.mode")
    }

    /// TPMT_RSA_SCHEME, TPMT_ECC_SCHEME or TPMT_KDF_SCHEME: a scheme, then its hash algorithm unless
    /// the scheme is NULL (and, for ECDAA, a commit count).
    private static func skipScheme(_ reader: inout TPMByteReader, field: String) throws(WebAuthnError) {
        let scheme = try reader.uint16("\(field).scheme")
        guard scheme != TPMAlgorithmID.null else { return }
        _ = try reader.uint16("\(field).hashAlg")
        if scheme == TPMAlgorithmID.ecdaa {
            _ = try reader.uint16("\(field).count")
        }
    }
}
