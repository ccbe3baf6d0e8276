import CountersignJOSE
import Foundation
import X509
import _CryptoExtras

/// The "tpm" attestation statement format (WebAuthn Level 3, section 8.3): a TPM 2.0 certifies,
/// with its attestation identity key (AIK), that the credential key lives in it.
///
/// The checks, in order: ver is "2.0"; pubArea holds the credential public key; certInfo is a
/// TPM-generated TPM2_Certify result whose extraData is the hash of authenticatorData ||
/// clientDataHash and whose attested name is pubArea's Name; the AIK certificate's key signed
/// certInfo with alg; the AIK certificate meets section 8.3.1. The result is AttCA.
public struct TPMAttestation: AttestationFormat {
    /// The relaxations the relying party accepts.
    public struct Policy: Sendable {
        /// Accept SHA-1 inside TPM statements: RS1 (-65535) as the AIK signature algorithm (which
        /// also makes extraData a SHA-1 hash), and SHA-1 as pubArea's name algorithm.
        ///
        /// On by default, and deliberately: Windows Hello signs every TPM statement with RS1 (all
        /// of the TPM vectors we hold do), so refusing it refuses TPM attestation from Windows
        /// altogether. The risk is small here: forging a statement needs a second preimage of
        /// SHA-1, which remains out of reach; the practical collision attacks are chosen-prefix
        /// ones, and the TPM itself writes the structure it signs (magic, clock, firmware version,
        /// the Name of the certified key) around the few bytes the caller chooses. SHA-1 stays
        /// refused everywhere else (packed, android-key, credential keys). A relying party that
        /// wants webauthn-rs's stricter stance sets this to false.
        public var allowsSHA1: Bool

        /// A policy; each argument defaults to the choice its property documents.
        public init(allowsSHA1: Bool = true) {
            self.allowsSHA1 = allowsSHA1
        }

        /// The default: SHA-1 tolerated inside TPM statements (see `allowsSHA1`).
        public static let standard = Policy()
    }

    /// The "fmt" this verifier handles: "tpm".
    public let identifier = "tpm"
    /// The relaxations this verifier applies (see `Policy`).
    public let policy: Policy

    /// A tpm verifier with `policy` (the default is `Policy.standard`).
    public init(policy: Policy = .standard) {
        self.policy = policy
    }

    /// Verifies the statement against `input`; throws the first rule it breaks.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        let reader = try AttestationStatementReader(
            input.statement, format: identifier, allowed: ["ver", "alg", "x5c", "sig", "certInfo", "pubArea"])
        let version = try reader.text("ver")
        guard version == "2.0" else {
            throw WebAuthnError(.attestationStatementMalformed, "tpm attStmt ver is \"\(version)\", not \"2.0\"")
        }
        let algorithm = try reader.algorithm()
        let signature = try reader.bytes("sig")
        let path = try reader.certificates()
        let publicArea = try TPMPublicArea(bytes: try reader.bytes("pubArea"))
        let certInfoBytes = try reader.bytes("certInfo")
        let certInfo = try TPMAttestationInfo(bytes: certInfoBytes)

        try Self.requireSameKey(publicArea.key, input.credential.credentialPublicKey)
        if publicArea.nameAlgorithm == .sha1 && !policy.allowsSHA1 {
            throw WebAuthnError(.attestationAlgorithmRefused, "tpm pubArea nameAlg is SHA-1, which the policy refuses")
        }
        let attToBeSigned = input.authenticatorData.raw + input.clientDataHash
        guard certInfo.extraData == (try digest(attToBeSigned, for: algorithm)) else {
            throw WebAuthnError(.attestationNonceMismatch, "tpm certInfo extraData is not the hash of authenticatorData || clientDataHash")
        }
        guard certInfo.attestedName == publicArea.name else {
            throw WebAuthnError(.attestationKeyMismatch, "tpm certInfo certifies another object than pubArea (attested name differs)")
        }
        let leaf = path[0]
        try AttestationSignature.verify(
            signature, over: certInfoBytes, algorithm: algorithm, key: leaf.publicKey, format: identifier,
            allowsSHA1: policy.allowsSHA1)
        try TPMAttestationCertificate.check(leaf, aaguid: input.credential.aaguid)
        let trusted = try await AttestationTrust.evaluate(
            path, input: input, format: identifier, leafCriticalExtensions: TPMAttestationCertificate.handledCriticalExtensions)
        return AttestationResult(type: .attCA, trustPath: path, chainsToTrustAnchor: trusted)
    }

    /// The hash that "alg" employs, applied to `data` (extraData must equal it).
    private func digest(_ data: [UInt8], for algorithm: COSEAlgorithm) throws(WebAuthnError) -> [UInt8] {
        switch algorithm {
        case .rs1:
            guard policy.allowsSHA1 else {
                throw WebAuthnError(.attestationAlgorithmRefused, "tpm attestation signed with RS1 (SHA-1) is refused by the policy")
            }
            return TPMHashAlgorithm.sha1.digest(data)
        case .rs256, .ps256, .es256: return TPMHashAlgorithm.sha256.digest(data)
        case .es384: return TPMHashAlgorithm.sha384.digest(data)
        case .es512: return TPMHashAlgorithm.sha512.digest(data)
        case .edDSA, .ed25519, .mlDSA44, .mlDSA65, .mlDSA87:
            throw WebAuthnError(.attestationAlgorithmRefused, "tpm attStmt alg \(algorithm.rawValue) is not a TPM signing algorithm")
        }
    }

    /// pubArea's key must be the credential key: same RSA modulus and exponent, or same curve and
    /// point.
    static func requireSameKey(_ key: TPMPublicArea.Key, _ credentialKey: COSEKey) throws(WebAuthnError) {
        let same: Bool
        switch (key, credentialKey.material) {
        case (.rsa(let modulus, let exponent), .rsa(let publicKey, _)):
            if let primitives = try? publicKey.getKeyPrimitives() {
                // TPMS_RSA_PARMS.exponent 0 means the default exponent 2^16 + 1.
                let tpmExponent = exponent == 0 ? 65537 : exponent
                let exponentBytes = withUnsafeBytes(of: tpmExponent.bigEndian) { Array($0) }
                same = stripped(modulus) == stripped(Array(primitives.modulus))
                    && stripped(exponentBytes) == stripped(Array(primitives.publicExponent))
            } else {
                same = false
            }
        case (.ecc(let curve, let x, let y), .p256(let publicKey, _)):
            same = curve == TPMECCCurve.nistP256 && point(x, y, length: 32) == Array(publicKey.x963Representation)
        case (.ecc(let curve, let x, let y), .p384(let publicKey, _)):
            same = curve == TPMECCCurve.nistP384 && point(x, y, length: 48) == Array(publicKey.x963Representation)
        case (.ecc(let curve, let x, let y), .p521(let publicKey, _)):
            same = curve == TPMECCCurve.nistP521 && point(x, y, length: 66) == Array(publicKey.x963Representation)
        default:
            same = false
        }
        guard same else {
            throw WebAuthnError(.attestationKeyMismatch, "tpm pubArea does not hold the credential public key")
        }
    }

    private static func stripped(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.drop { $0 == 0 }
    }

    /// 0x04 || x || y with each coordinate left-padded to the curve's length; nil if one is longer.
    private static func point(_ x: [UInt8], _ y: [UInt8], length: Int) -> [UInt8]? {
        guard x.count <= length, y.count <= length else { return nil }
        return [0x04] + [UInt8](repeating: 0, count: length - x.count) + x + [UInt8](repeating: 0, count: length - y.count) + y
    }
}
