import CountersignJOSE
import CountersignJSON
import Crypto
import _CryptoExtras

/// A validated COSE_Key (RFC 9052/9053) holding a credential public key.
///
/// Like `JWK`, a `COSEKey` exists only if its material is valid for its algorithm: EC points on
/// their curve, canonical Ed25519 keys of large order, RSA moduli of at least 2048 bits.
public struct COSEKey: Sendable {
    /// The algorithm the key is bound to (label 3).
    public let algorithm: COSEAlgorithm
    /// The key as a validated public JWK (kid = RFC 7638 thumbprint), for evidence bundles and
    /// JOSE tools; built through the JOSE layer so both layers accept exactly the same keys.
    public let jwk: JWK
    /// The COSE_Key bytes exactly as received.
    public let encoded: [UInt8]

    /// Parses a COSE_Key from CBOR bytes (the whole input must be the key).
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        let value: CBORValue
        do { value = try CBORDecoder().decode(bytes) } catch { throw .cbor(error, in: "COSE key") }
        try self.init(value, encoded: bytes)
    }

    /// Parses a COSE_Key from a decoded CBOR value and its encoding.
    public init(_ value: CBORValue, encoded: [UInt8]) throws(WebAuthnError) {
        guard case .map(let map) = value else { throw WebAuthnError(.invalidCOSEKey, "COSE key is not a CBOR map") }
        guard let kty = map[int: 1]?.intValue else { throw WebAuthnError(.invalidCOSEKey, "COSE key lacks kty (1)") }
        guard let algValue = map[int: 3]?.intValue else { throw WebAuthnError(.invalidCOSEKey, "COSE key lacks alg (3)") }
        guard let algorithm = COSEAlgorithm(rawValue: algValue) else {
            throw WebAuthnError(.unsupportedAlgorithm, "COSE algorithm \(algValue) is not supported")
        }
        guard algorithm.keyType == kty else {
            throw WebAuthnError(.invalidCOSEKey, "COSE key type \(kty) does not fit algorithm \(algValue)")
        }
        var jwk: JSONObject
        switch algorithm {
        case .es256, .es384, .es512:
            let curve: (id: Int, name: String, length: Int) = switch algorithm {
            case .es256: (1, "P-256", 32)
            case .es384: (2, "P-384", 48)
            default: (3, "P-521", 66)
            }
            guard map[int: -1]?.intValue == curve.id else {
                throw WebAuthnError(.invalidCOSEKey, "EC2 key curve does not match algorithm \(algValue)")
            }
            let x = try Self.bytes(map, -2, "x", length: curve.length)
            let y = try Self.bytes(map, -3, "y (compressed points are not accepted)", length: curve.length)
            jwk = ["kty": "EC", "crv": .string(curve.name), "x": .string(Base64URL.encode(x)), "y": .string(Base64URL.encode(y))]
        case .edDSA, .ed25519:
            guard map[int: -1]?.intValue == 6 else {
                throw WebAuthnError(.invalidCOSEKey, "OKP key curve must be Ed25519 (6)")
            }
            jwk = ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(try Self.bytes(map, -2, "x", length: 32)))]
        case .rs256, .ps256, .rs1:
            jwk = [
                "kty": "RSA", "n": .string(Base64URL.encode(try Self.bytes(map, -1, "n"))),
                "e": .string(Base64URL.encode(try Self.bytes(map, -2, "e"))),
            ]
        case .mlDSA65, .mlDSA87:
            jwk = [
                "kty": "AKP", "alg": .string(algorithm == .mlDSA65 ? "ML-DSA-65" : "ML-DSA-87"),
                "pub": .string(Base64URL.encode(try Self.bytes(map, -1, "pub"))),
            ]
        case .mlDSA44:
            throw WebAuthnError(.unsupportedAlgorithm, "ML-DSA-44 is not offered by swift-crypto")
        }
        do {
            self.jwk = try JWK(jwk)
        } catch {
            throw WebAuthnError(.invalidCOSEKey, "COSE key is invalid: \(error.description)")
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    private static func bytes(_ map: CBORMap, _ label: Int, _ name: String, length: Int? = nil) throws(WebAuthnError) -> [UInt8] {
        guard let value = map[int: label]?.bytesValue else {
            throw WebAuthnError(.invalidCOSEKey, "COSE key lacks \(name) (\(label)) as a byte string")
        }
        if let length, value.count != length {
            throw WebAuthnError(.invalidCOSEKey, "COSE key \(name) must be \(length) bytes, not \(value.count)")
        }
        return value
    }

    /// The key as swift-crypto values.
    public var material: KeyMaterial { jwk.material }

    /// True if `signature` is this key's signature over `data` in WebAuthn's encoding: ECDSA
    /// signatures are ASN.1 DER (not raw r||s), RSA and EdDSA signatures are raw.
    public func isValidSignature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        switch (algorithm, material) {
        case (.es256, .p256(let key, _)):
            guard let value = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(value, for: SHA256.hash(data: data))
        case (.es384, .p384(let key, _)):
            guard let value = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(value, for: SHA384.hash(data: data))
        case (.es512, .p521(let key, _)):
            guard let value = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(value, for: SHA512.hash(data: data))
        case (.edDSA, _), (.ed25519, _):
            return SignaturePrimitives.verify(signature, of: data, algorithm: .ed25519, key: material)
        case (.rs256, _):
            return SignaturePrimitives.verify(signature, of: data, algorithm: .rs256, key: material)
        case (.ps256, _):
            return SignaturePrimitives.verify(signature, of: data, algorithm: .ps256, key: material)
        case (.rs1, .rsa(let key, _)):
            let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
            return key.isValidSignature(value, for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
        case (.mlDSA65, _):
            return SignaturePrimitives.verify(signature, of: data, algorithm: .mlDSA65, key: material)
        case (.mlDSA87, _):
            return SignaturePrimitives.verify(signature, of: data, algorithm: .mlDSA87, key: material)
        default:
            return false
        }
    }
}
