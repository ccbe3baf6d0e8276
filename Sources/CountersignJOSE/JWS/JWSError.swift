import CountersignJSON

/// Why a whole JWS was refused (problems of a single signature are `VerificationFailure`s).
public enum JWSError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case notJSON(JSONError)
    case malformedCompact
    case malformedEnvelope(String)
    case unexpectedMember(String)
    case invalidPayloadEncoding
    case noSignatures
    case tooManySignatures(limit: Int)
    case payloadMismatch
    case notSingleSignature
    case unprotectedHeaderInCompact
    case notCompactText(part: String)
    case signingFailed(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .tooLarge: "jws_too_large"
        case .notJSON: "jws_not_json"
        case .malformedCompact: "jws_malformed_compact"
        case .malformedEnvelope: "jws_malformed"
        case .unexpectedMember: "jws_unexpected_member"
        case .invalidPayloadEncoding: "jws_payload_encoding"
        case .noSignatures: "jws_no_signatures"
        case .tooManySignatures: "jws_too_many_signatures"
        case .payloadMismatch: "jws_payload_mismatch"
        case .notSingleSignature: "jws_not_single_signature"
        case .unprotectedHeaderInCompact: "jws_unprotected_header_in_compact"
        case .notCompactText: "jws_not_compact_text"
        case .signingFailed: "jws_signing_failed"
        }
    }

    public var description: String {
        switch self {
        case .tooLarge(let limit): "JWS is larger than the limit of \(limit) bytes"
        case .notJSON(let error): "JWS JSON serialization is not valid JSON: \(error)"
        case .malformedCompact: "compact JWS must be three base64url parts separated by two dots"
        case .malformedEnvelope(let reason): "JWS is malformed: \(reason)"
        case .unexpectedMember(let name): "JWS has an unexpected member \"\(name)\""
        case .invalidPayloadEncoding: "JWS payload is not unpadded base64url"
        case .noSignatures: "JWS has no signatures"
        case .tooManySignatures(let limit): "JWS has more than \(limit) signatures"
        case .payloadMismatch: "the signatures are over a different payload"
        case .notSingleSignature: "this serialization holds exactly one signature"
        case .unprotectedHeaderInCompact: "the compact serialization cannot carry an unprotected header"
        case .notCompactText(let part): "the \(part) is not base64url text, so it cannot be written in the compact serialization"
        case .signingFailed(let reason): "signing failed: \(reason)"
        }
    }
}
