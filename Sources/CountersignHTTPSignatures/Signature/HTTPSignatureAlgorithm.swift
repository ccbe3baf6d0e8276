import CountersignJOSE

/// An RFC 9421 signature algorithm (section 3.3), mapped onto CountersignJOSE's primitives.
///
/// Countersign signs with hmac-sha256 (admin), ed25519 and ecdsa-p256-sha256 (members). The RSA
/// algorithms are here so that the RFC's examples can be verified; no key resolver in the product
/// hands out RSA keys.
public enum HTTPSignatureAlgorithm: String, Sendable, Hashable, CaseIterable {
    case hmacSHA256 = "hmac-sha256"
    case ed25519 = "ed25519"
    /// ECDSA P-256 with SHA-256; the signature is raw r||s, 64 bytes (not DER).
    case ecdsaP256SHA256 = "ecdsa-p256-sha256"
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt.
    case rsaPSSSHA512 = "rsa-pss-sha512"
    case rsaV15SHA256 = "rsa-v1_5-sha256"

    /// The JWS algorithm that computes the same signature bytes.
    var jwsAlgorithm: JWSAlgorithm {
        switch self {
        case .hmacSHA256: .hs256
        case .ed25519: .ed25519
        case .ecdsaP256SHA256: .es256
        case .rsaPSSSHA512: .ps512
        case .rsaV15SHA256: .rs256
        }
    }
}
