import CountersignJSON
import Crypto
import _CryptoExtras

/// A validated JSON Web Key (RFC 7517) usable for JWS signatures.
///
/// A `JWK` value can only be made from key material that passed validation (points on the curve,
/// canonical Ed25519 encodings of large order, RSA moduli of at least 2048 bits, a private part
/// that matches its public part), so code that holds one never re-checks it. Its `thumbprint`
/// (RFC 7638) is what identifies the key everywhere in Countersign; `kid` is only a hint.
public struct JWK: Sendable {
    /// The curve of an EC key.
    public enum Curve: String, Sendable, Hashable {
        case p256 = "P-256"
        case p384 = "P-384"
        case p521 = "P-521"

        /// Length in bytes of a coordinate and of a private scalar.
        var coordinateLength: Int {
            switch self {
            case .p256: 32
            case .p384: 48
            case .p521: 66
            }
        }
    }

    /// What kind of key this is, independent of its material.
    public enum Kind: Sendable, Hashable {
        case ed25519
        case ec(Curve)
        case rsa
        case symmetric
        case mlDSA65
        case mlDSA87
    }

    /// The validated key material.
    public let material: KeyMaterial
    /// The "kid" member as written in the JWK, if any.
    public let declaredKid: String?
    /// The "alg" member as written in the JWK, if any: the only algorithm this key may be used with.
    public let declaredAlgorithm: JWSAlgorithm?
    /// RFC 7638 SHA-256 thumbprint, base64url: Countersign's key identifier.
    public let thumbprint: String

    init(material: KeyMaterial, declaredKid: String?, declaredAlgorithm: JWSAlgorithm?) {
        self.material = material
        self.declaredKid = declaredKid
        self.declaredAlgorithm = declaredAlgorithm
        self.thumbprint = Base64URL.encode(SHA256.hash(data: JCS.canonicalize(.object(material.thumbprintMembers))))
    }

    /// The kind of this key.
    public var kind: Kind { material.kind }

    /// True if the key holds private material and can sign.
    public var isPrivate: Bool { material.isPrivate }

    /// The key's identifier: its thumbprint.
    public var kid: String { thumbprint }

    /// This key without its private part, keeping its declared kid (or the thumbprint if none).
    public var publicKey: JWK {
        JWK(material: material.publicOnly, declaredKid: declaredKid ?? thumbprint, declaredAlgorithm: declaredAlgorithm)
    }

    /// The JWK as a JSON object, with "kid" (the declared one, or the thumbprint) and, if asked
    /// for and present, the private members.
    public func jsonObject(includePrivate: Bool = false) -> JSONObject {
        var object = material.members(includePrivate: includePrivate)
        if let declaredAlgorithm, object["alg"] == nil { object["alg"] = .string(declaredAlgorithm.rawValue) }
        object["kid"] = .string(declaredKid ?? thumbprint)
        return object
    }

    /// True if this key may verify or create signatures with `algorithm`.
    public func supports(_ algorithm: JWSAlgorithm) -> Bool {
        if let declaredAlgorithm {
            let equivalent = Set([declaredAlgorithm, algorithm]).isSubset(of: [.ed25519, .edDSA])
            if declaredAlgorithm != algorithm && !equivalent { return false }
        }
        return algorithm.keyKind == kind
    }
}

extension JWK: Equatable, Hashable {
    /// Two JWKs are the same key when their thumbprints and private parts agree.
    public static func == (lhs: JWK, rhs: JWK) -> Bool {
        lhs.thumbprint == rhs.thumbprint && lhs.isPrivate == rhs.isPrivate
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(thumbprint)
    }
}
