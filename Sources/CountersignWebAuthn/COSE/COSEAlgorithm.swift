/// COSE algorithm identifiers (IANA COSE Algorithms registry) that WebAuthn credentials use.
public enum COSEAlgorithm: Int, Sendable, Hashable, CaseIterable {
    case es256 = -7
    case es384 = -35
    case es512 = -36
    /// EdDSA: with an OKP key, Ed25519 (Ed448 is not supported).
    case edDSA = -8
    /// Ed25519, fully specified (RFC 9864).
    case ed25519 = -19
    case rs256 = -257
    case ps256 = -37
    /// RSASSA-PKCS1-v1_5 with SHA-1: only meaningful inside TPM attestation (see docs/webauthn.md).
    case rs1 = -65535
    case mlDSA44 = -48
    case mlDSA65 = -49
    case mlDSA87 = -50

    /// The COSE key type (kty) this algorithm needs: 1 OKP, 2 EC2, 3 RSA, 7 AKP.
    public var keyType: Int {
        switch self {
        case .es256, .es384, .es512: 2
        case .edDSA, .ed25519: 1
        case .rs256, .ps256, .rs1: 3
        case .mlDSA44, .mlDSA65, .mlDSA87: 7
        }
    }
}
