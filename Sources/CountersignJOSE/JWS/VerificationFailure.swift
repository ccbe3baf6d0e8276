/// Why one signature of a JWS did not verify. Verification reports these as data, per signature.
public enum VerificationFailure: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    case malformedHeader(String)
    case headerNotDisjoint(String)
    case missingAlgorithm
    case unsupportedAlgorithm(String)
    case algorithmNotAllowed(String)
    case invalidCritical(String)
    case unknownCriticalHeader(String)
    case unencodedPayloadUnsupported
    case keyNotFound
    case keyAlgorithmMismatch
    case hmacSecretRequired
    case invalidSignatureEncoding
    case signatureInvalid

    /// A stable machine-readable code, used by the CLI and the API.
    public var code: String {
        switch self {
        case .malformedHeader: "malformed_header"
        case .headerNotDisjoint: "header_not_disjoint"
        case .missingAlgorithm: "missing_alg"
        case .unsupportedAlgorithm: "unsupported_alg"
        case .algorithmNotAllowed: "alg_not_allowed"
        case .invalidCritical: "invalid_crit"
        case .unknownCriticalHeader: "unknown_critical_header"
        case .unencodedPayloadUnsupported: "b64_unsupported"
        case .keyNotFound: "key_not_found"
        case .keyAlgorithmMismatch: "key_alg_mismatch"
        case .hmacSecretRequired: "hmac_secret_required"
        case .invalidSignatureEncoding: "signature_encoding"
        case .signatureInvalid: "signature_invalid"
        }
    }

    public var description: String {
        switch self {
        case .malformedHeader(let reason): "malformed header: \(reason)"
        case .headerNotDisjoint(let name): "header parameter \"\(name)\" appears in both the protected and the unprotected header"
        case .missingAlgorithm: "the header has no \"alg\""
        case .unsupportedAlgorithm(let alg): "algorithm \"\(alg)\" is not supported"
        case .algorithmNotAllowed(let alg): "algorithm \"\(alg)\" is not in the verifier's allow-list"
        case .invalidCritical(let reason): "invalid \"crit\": \(reason)"
        case .unknownCriticalHeader(let name): "critical header parameter \"\(name)\" is not understood"
        case .unencodedPayloadUnsupported: "unencoded payloads (\"b64\": false, RFC 7797) are not supported"
        case .keyNotFound: "no key in the key set matches this signature's algorithm and kid"
        case .keyAlgorithmMismatch: "the key named by kid is of a different type than the algorithm needs"
        case .hmacSecretRequired: "HS256 verifies only with an explicitly given secret"
        case .invalidSignatureEncoding: "the signature is not unpadded base64url of the right length"
        case .signatureInvalid: "the signature does not verify"
        }
    }
}
