import Crypto
import CountersignJOSE

/// A key bound to the one algorithm it may be used with.
///
/// Binding the algorithm to the key, not reading it from the request, is what defeats algorithm
/// confusion: a public key can never be used as an HMAC secret, and an `alg` parameter that names
/// another algorithm is refused.
public struct HTTPSignatureKey: Sendable {
    /// The only algorithm this key signs or verifies with.
    public let algorithm: HTTPSignatureAlgorithm
    /// The validated key material.
    let material: KeyMaterial

    /// The shortest HMAC secret accepted: 16 bytes (128 bits).
    public static let minimumSecretLength = 16

    /// An hmac-sha256 key from raw secret bytes (for the admin key, the bytes of ADMIN_KEY).
    public static func hmacSHA256(secret: [UInt8]) throws(HTTPSignatureError) -> HTTPSignatureKey {
        guard secret.count >= minimumSecretLength else {
            throw .invalidKey("an HMAC secret needs at least \(minimumSecretLength) bytes")
        }
        return HTTPSignatureKey(algorithm: .hmacSHA256, material: .symmetric(SymmetricKey(data: secret)))
    }

    /// A public (to verify) or private (to sign) JWK used with `algorithm`; the JWK's kind and
    /// any `alg` it declares must fit the algorithm.
    public init(jwk: JWK, algorithm: HTTPSignatureAlgorithm) throws(HTTPSignatureError) {
        guard algorithm != .hmacSHA256, jwk.supports(algorithm.jwsAlgorithm) else {
            throw .invalidKey("a \(jwk.kind) key cannot be used with \(algorithm.rawValue)")
        }
        self.init(algorithm: algorithm, material: jwk.material)
    }

    /// A JWK with the algorithm its kind implies: Ed25519 keys sign with ed25519, P-256 keys with
    /// ecdsa-p256-sha256. Other kinds need `init(jwk:algorithm:)`.
    public init(jwk: JWK) throws(HTTPSignatureError) {
        switch jwk.kind {
        case .ed25519: try self.init(jwk: jwk, algorithm: .ed25519)
        case .ec(.p256): try self.init(jwk: jwk, algorithm: .ecdsaP256SHA256)
        default: throw .invalidKey("no RFC 9421 algorithm is implied by a \(jwk.kind) key")
        }
    }

    private init(algorithm: HTTPSignatureAlgorithm, material: KeyMaterial) {
        self.algorithm = algorithm
        self.material = material
    }

    /// True if `signature` is valid over `base`; HMAC values are compared in constant time.
    func verify(_ signature: [UInt8], over base: [UInt8]) -> Bool {
        SignaturePrimitives.verify(signature, of: base, algorithm: algorithm.jwsAlgorithm, key: material)
    }

    /// The signature of `base`.
    func sign(_ base: [UInt8]) throws(HTTPSignatureError) -> [UInt8] {
        do {
            return try SignaturePrimitives.sign(base, algorithm: algorithm.jwsAlgorithm, key: material)
        } catch {
            throw .signingFailed(error.description)
        }
    }
}
