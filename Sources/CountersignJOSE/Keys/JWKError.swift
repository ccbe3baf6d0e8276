import CountersignJSON

/// Why a JWK or a key set was refused.
public enum JWKError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(JSONError)
    case notAnObject
    case missingMember(String)
    case wrongMemberType(String, expected: String)
    case invalidBase64URL(member: String)
    case unsupportedKeyType(String)
    case unsupportedCurve(String)
    case unsupportedAlgorithm(String)
    case wrongLength(member: String, expected: Int, actual: Int)
    case pointNotOnCurve
    case nonCanonicalEncoding
    case smallOrderKey
    case rsaModulusTooSmall(bits: Int)
    case rsaLeadingZero(member: String)
    case rsaInvalidExponent
    case rsaMultiPrimeUnsupported
    case rsaIncompletePrivateKey
    case privateKeyMismatch
    case invalidPrivateKey
    case notForSignatures(use: String)
    case invalidKeyOperations(String)
    case algorithmKeyMismatch(String)
    case tooManyKeys(limit: Int)
    case invalidKeySet(String)
    case symmetricKeyInKeySet

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .notJSON: "jwk_not_json"
        case .notAnObject: "jwk_not_object"
        case .missingMember: "jwk_missing_member"
        case .wrongMemberType: "jwk_member_type"
        case .invalidBase64URL: "jwk_base64url"
        case .unsupportedKeyType: "jwk_unsupported_kty"
        case .unsupportedCurve: "jwk_unsupported_crv"
        case .unsupportedAlgorithm: "jwk_unsupported_alg"
        case .wrongLength: "jwk_length"
        case .pointNotOnCurve: "jwk_point_not_on_curve"
        case .nonCanonicalEncoding: "jwk_non_canonical"
        case .smallOrderKey: "jwk_small_order"
        case .rsaModulusTooSmall: "jwk_rsa_too_small"
        case .rsaLeadingZero: "jwk_rsa_leading_zero"
        case .rsaInvalidExponent: "jwk_rsa_exponent"
        case .rsaMultiPrimeUnsupported: "jwk_rsa_multiprime"
        case .rsaIncompletePrivateKey: "jwk_rsa_incomplete_private"
        case .privateKeyMismatch: "jwk_private_mismatch"
        case .invalidPrivateKey: "jwk_invalid_private"
        case .notForSignatures: "jwk_use"
        case .invalidKeyOperations: "jwk_key_ops"
        case .algorithmKeyMismatch: "jwk_alg_mismatch"
        case .tooManyKeys: "jwks_too_many_keys"
        case .invalidKeySet: "jwks_invalid"
        case .symmetricKeyInKeySet: "jwks_symmetric_key"
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let error): "JWK is not valid JSON: \(error)"
        case .notAnObject: "JWK must be a JSON object"
        case .missingMember(let name): "JWK lacks the required member \"\(name)\""
        case .wrongMemberType(let name, let expected): "JWK member \"\(name)\" must be \(expected)"
        case .invalidBase64URL(let name): "JWK member \"\(name)\" is not unpadded base64url"
        case .unsupportedKeyType(let kty): "key type \"\(kty)\" is not supported (OKP, EC, RSA, AKP, oct)"
        case .unsupportedCurve(let crv): "curve \"\(crv)\" is not supported (Ed25519, P-256, P-384, P-521)"
        case .unsupportedAlgorithm(let alg): "algorithm \"\(alg)\" is not supported"
        case .wrongLength(let name, let expected, let actual):
            "JWK member \"\(name)\" must be \(expected) bytes, not \(actual)"
        case .pointNotOnCurve: "EC public key is not a point on its curve"
        case .nonCanonicalEncoding: "Ed25519 public key is not canonically encoded"
        case .smallOrderKey: "Ed25519 public key has small order and would accept forged signatures"
        case .rsaModulusTooSmall(let bits): "RSA modulus has \(bits) bits; at least 2048 are required"
        case .rsaLeadingZero(let name): "RSA member \"\(name)\" has a leading zero byte"
        case .rsaInvalidExponent: "RSA public exponent must be odd and at least 3"
        case .rsaMultiPrimeUnsupported: "multi-prime RSA keys (\"oth\") are not supported"
        case .rsaIncompletePrivateKey: "RSA private key needs d, p and q"
        case .privateKeyMismatch: "the private key does not match the public key in the same JWK"
        case .invalidPrivateKey: "the private key material is invalid"
        case .notForSignatures(let use): "JWK has \"use\":\"\(use)\"; only \"sig\" keys verify signatures"
        case .invalidKeyOperations(let reason): "JWK \"key_ops\" does not allow signatures: \(reason)"
        case .algorithmKeyMismatch(let alg): "JWK \"alg\" \(alg) does not fit its key type"
        case .tooManyKeys(let limit): "key set holds more than \(limit) keys"
        case .invalidKeySet(let reason): "key set is invalid: \(reason)"
        case .symmetricKeyInKeySet:
            "symmetric (oct) keys are not accepted from key sets; pass an HMAC secret explicitly"
        }
    }
}
