/// TPMS_ATTEST (TPM 2.0 Part 2 section 10.12.12) of a TPM2_Certify, the "certInfo" of a tpm
/// statement: what the attestation identity key signed.
///
///     magic UINT32, type UINT16, qualifiedSigner TPM2B_NAME, extraData TPM2B_DATA,
///     clockInfo TPMS_CLOCK_INFO (UINT64, UINT32, UINT32, BYTE), firmwareVersion UINT64,
///     attested TPMS_CERTIFY_INFO (name TPM2B_NAME, qualifiedName TPM2B_NAME)
///
/// WebAuthn ignores qualifiedSigner, clockInfo and firmwareVersion; they are read only to reach the
/// members after them.
struct TPMAttestationInfo: Sendable {
    /// The caller's data the TPM signed along: the hash of authenticatorData || clientDataHash.
    let extraData: [UInt8]
    /// The Name of the certified object: must be the Name of pubArea.
    let attestedName: [UInt8]

    init(bytes: [UInt8]) throws(WebAuthnError) {
        var reader = TPMByteReader(bytes, structure: "certInfo")
        let magic = try reader.uint32("magic")
        guard magic == TPMAttestationConstants.generatedValue else {
            throw WebAuthnError(.attestationInvalid, "tpm certInfo magic is 0x\(String(magic, radix: 16)), not TPM_GENERATED_VALUE: the TPM did not produce it")
        }
        let type = try reader.uint16("type")
        guard type == TPMAttestationConstants.attestCertify else {
            throw WebAuthnError(.attestationInvalid, "tpm certInfo type is 0x\(String(type, radix: 16)), not TPM_ST_ATTEST_CERTIFY")
        }
        _ = try reader.sized("qualifiedSigner")
        extraData = try reader.sized("extraData")
        _ = try reader.uint64("clockInfo.clock")
        _ = try reader.uint32("clockInfo.resetCount")
        _ = try reader.uint32("clockInfo.restartCount")
        _ = try reader.uint8("clockInfo.safe")
        _ = try reader.uint64("firmwareVersion")
        attestedName = try reader.sized("attested.name")
        _ = try reader.sized("attested.qualifiedName")
        try reader.requireEnd()
    }
}
