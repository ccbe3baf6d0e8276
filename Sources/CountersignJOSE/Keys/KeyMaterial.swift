import CountersignJSON
import Crypto
import _CryptoExtras

/// The validated material of a JWK, as swift-crypto key values.
public enum KeyMaterial: Sendable {
    case ed25519(Curve25519.Signing.PublicKey, private: Curve25519.Signing.PrivateKey?)
    case p256(P256.Signing.PublicKey, private: P256.Signing.PrivateKey?)
    case p384(P384.Signing.PublicKey, private: P384.Signing.PrivateKey?)
    case p521(P521.Signing.PublicKey, private: P521.Signing.PrivateKey?)
    /// RSA; the private JSON members are kept as given, since swift-crypto does not export them.
    case rsa(_RSA.Signing.PublicKey, private: RSAPrivatePart?)
    case symmetric(SymmetricKey)
    case mlDSA65(MLDSA65.PublicKey, private: MLDSA65.PrivateKey?)
    case mlDSA87(MLDSA87.PublicKey, private: MLDSA87.PrivateKey?)

    /// A private RSA key with the JWK members it was read from.
    public struct RSAPrivatePart: Sendable {
        public let key: _RSA.Signing.PrivateKey
        let members: JSONObject
    }

    var kind: JWK.Kind {
        switch self {
        case .ed25519: .ed25519
        case .p256: .ec(.p256)
        case .p384: .ec(.p384)
        case .p521: .ec(.p521)
        case .rsa: .rsa
        case .symmetric: .symmetric
        case .mlDSA65: .mlDSA65
        case .mlDSA87: .mlDSA87
        }
    }

    var isPrivate: Bool {
        switch self {
        case .ed25519(_, let key): key != nil
        case .p256(_, let key): key != nil
        case .p384(_, let key): key != nil
        case .p521(_, let key): key != nil
        case .rsa(_, let key): key != nil
        case .symmetric: true
        case .mlDSA65(_, let key): key != nil
        case .mlDSA87(_, let key): key != nil
        }
    }

    var publicOnly: KeyMaterial {
        switch self {
        case .ed25519(let key, _): .ed25519(key, private: nil)
        case .p256(let key, _): .p256(key, private: nil)
        case .p384(let key, _): .p384(key, private: nil)
        case .p521(let key, _): .p521(key, private: nil)
        case .rsa(let key, _): .rsa(key, private: nil)
        case .symmetric(let key): .symmetric(key)
        case .mlDSA65(let key, _): .mlDSA65(key, private: nil)
        case .mlDSA87(let key, _): .mlDSA87(key, private: nil)
        }
    }

    /// The members RFC 7638 hashes for the thumbprint (and the draft's "alg", "kty", "pub" for AKP).
    var thumbprintMembers: JSONObject {
        switch self {
        case .ed25519(let key, _):
            ["crv": "Ed25519", "kty": "OKP", "x": .string(Base64URL.encode(key.rawRepresentation))]
        case .p256(let key, _): Self.ecMembers(.p256, x963: key.x963Representation)
        case .p384(let key, _): Self.ecMembers(.p384, x963: key.x963Representation)
        case .p521(let key, _): Self.ecMembers(.p521, x963: key.x963Representation)
        case .rsa(let key, _):
            Self.rsaMembers(key)
        case .symmetric(let key):
            ["k": .string(key.withUnsafeBytes { Base64URL.encode($0) }), "kty": "oct"]
        case .mlDSA65(let key, _):
            ["alg": "ML-DSA-65", "kty": "AKP", "pub": .string(Base64URL.encode(key.rawRepresentation))]
        case .mlDSA87(let key, _):
            ["alg": "ML-DSA-87", "kty": "AKP", "pub": .string(Base64URL.encode(key.rawRepresentation))]
        }
    }

    /// All members of the JWK, with the private ones if asked for and present.
    func members(includePrivate: Bool) -> JSONObject {
        var object = thumbprintMembers
        guard includePrivate else { return object }
        switch self {
        case .ed25519(_, let key?): object["d"] = .string(Base64URL.encode(key.rawRepresentation))
        case .p256(_, let key?): object["d"] = .string(Base64URL.encode(key.rawRepresentation))
        case .p384(_, let key?): object["d"] = .string(Base64URL.encode(key.rawRepresentation))
        case .p521(_, let key?): object["d"] = .string(Base64URL.encode(key.rawRepresentation))
        case .rsa(_, let part?): for (name, value) in part.members { object[name] = value }
        case .mlDSA65(_, let key?): object["priv"] = .string(Base64URL.encode(key.seedRepresentation))
        case .mlDSA87(_, let key?): object["priv"] = .string(Base64URL.encode(key.seedRepresentation))
        default: break
        }
        return object
    }

    private static func ecMembers(_ curve: JWK.Curve, x963: some Collection<UInt8>) -> JSONObject {
        let point = Array(x963.dropFirst())
        let length = curve.coordinateLength
        return [
            "crv": .string(curve.rawValue), "kty": "EC",
            "x": .string(Base64URL.encode(point[0..<length])),
            "y": .string(Base64URL.encode(point[length...])),
        ]
    }

    private static func rsaMembers(_ key: _RSA.Signing.PublicKey) -> JSONObject {
        // getKeyPrimitives only fails for keys swift-crypto could not have built.
        guard let primitives = try? key.getKeyPrimitives() else { return ["kty": "RSA"] }
        return [
            "e": .string(Base64URL.encode(primitives.publicExponent.drop { $0 == 0 })),
            "kty": "RSA",
            "n": .string(Base64URL.encode(primitives.modulus.drop { $0 == 0 })),
        ]
    }
}
