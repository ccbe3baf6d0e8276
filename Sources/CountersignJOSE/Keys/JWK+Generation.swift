import Crypto

extension JWK {
    /// Generates a new private key for `algorithm`.
    ///
    /// RSA is not offered: Countersign never needs new RSA keys, and swift-crypto cannot export
    /// a generated key's private members as a JWK.
    public static func generate(for algorithm: JWSAlgorithm) throws(KeyGenerationError) -> JWK {
        let material: KeyMaterial
        switch algorithm {
        case .ed25519, .edDSA:
            let key = Curve25519.Signing.PrivateKey()
            material = .ed25519(key.publicKey, private: key)
        case .es256:
            let key = P256.Signing.PrivateKey()
            material = .p256(key.publicKey, private: key)
        case .es384:
            let key = P384.Signing.PrivateKey()
            material = .p384(key.publicKey, private: key)
        case .es512:
            let key = P521.Signing.PrivateKey()
            material = .p521(key.publicKey, private: key)
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512:
            throw .unsupportedAlgorithm(algorithm)
        case .hs256:
            material = .symmetric(SymmetricKey(size: .bits256))
        case .mlDSA65:
            guard let key = try? MLDSA65.PrivateKey() else { throw .generationFailed(algorithm) }
            material = .mlDSA65(key.publicKey, private: key)
        case .mlDSA87:
            guard let key = try? MLDSA87.PrivateKey() else { throw .generationFailed(algorithm) }
            material = .mlDSA87(key.publicKey, private: key)
        }
        let declared: JWSAlgorithm? = switch algorithm {
        case .mlDSA65, .mlDSA87: algorithm
        default: nil
        }
        let unnamed = JWK(material: material, declaredKid: nil, declaredAlgorithm: declared)
        return JWK(material: material, declaredKid: unnamed.thumbprint, declaredAlgorithm: declared)
    }
}

/// Why a key could not be generated.
public enum KeyGenerationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedAlgorithm(JWSAlgorithm)
    case generationFailed(JWSAlgorithm)

    public var description: String {
        switch self {
        case .unsupportedAlgorithm(let algorithm): "generating \(algorithm.rawValue) keys is not supported"
        case .generationFailed(let algorithm): "the crypto library failed to generate a \(algorithm.rawValue) key"
        }
    }
}
