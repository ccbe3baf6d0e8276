/// A JWS signature algorithm Countersign implements (RFC 7518, RFC 9864, the JOSE ML-DSA draft).
///
/// "none" is deliberately absent: a header naming it is an unknown algorithm, so no code path can
/// ever treat an unsigned object as signed.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// Ed25519, the fully specified name of RFC 9864; what Countersign emits.
    case ed25519 = "Ed25519"
    /// The older polymorphic name for EdDSA; accepted and treated as Ed25519 (Ed448 is not supported).
    case edDSA = "EdDSA"
    case es256 = "ES256"
    case es384 = "ES384"
    case es512 = "ES512"
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case ps256 = "PS256"
    case ps384 = "PS384"
    case ps512 = "PS512"
    /// HMAC SHA-256: verified only with a secret handed to the verifier explicitly, never from a key set.
    case hs256 = "HS256"
    case mlDSA65 = "ML-DSA-65"
    case mlDSA87 = "ML-DSA-87"

    /// The asymmetric algorithms: every algorithm except HS256. The default allow-list.
    public static let asymmetric: Set<JWSAlgorithm> = Set(allCases).subtracting([.hs256])

    /// The kind of key the algorithm needs.
    public var keyKind: JWK.Kind {
        switch self {
        case .ed25519, .edDSA: .ed25519
        case .es256: .ec(.p256)
        case .es384: .ec(.p384)
        case .es512: .ec(.p521)
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512: .rsa
        case .hs256: .symmetric
        case .mlDSA65: .mlDSA65
        case .mlDSA87: .mlDSA87
        }
    }
}
