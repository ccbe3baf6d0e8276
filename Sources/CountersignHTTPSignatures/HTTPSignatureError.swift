/// Why a Content-Digest, a signature header or a signed request was refused, or signing failed.
///
/// Every case has a stable `code` (the API's `error.code`) and a human `description`. The codes
/// distinguish what a client can fix (a missing component, a stale `created`) from what it cannot
/// (a bad signature), without saying more than that about the server's keys.
public enum HTTPSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A header field is longer than the bound this module accepts.
    case fieldTooLarge(field: String, limit: Int)
    /// A header field is not the structured field it must be.
    case malformedField(field: String, reason: String)
    /// A dictionary header names the same label (key) twice.
    case duplicateLabel(String)
    /// The request carries no Signature-Input/Signature pair (or not the one asked for).
    case missingSignature(String)
    /// Several signatures and the policy did not say which one to check.
    case ambiguousSignature
    /// An `alg` parameter or algorithm name this module does not implement.
    case unknownAlgorithm(String)
    /// More covered components than the bound.
    case tooManyComponents(count: Int, limit: Int)
    /// The same component identifier appears twice in the covered components.
    case duplicateComponent(String)
    /// A component identifier this module does not implement or that is not allowed.
    case unsupportedComponent(String)
    /// A covered component has no value in the message (absent header, no query parameter…).
    case componentUnavailable(String)
    /// The policy requires a component that the signature does not cover.
    case missingRequiredComponent(String)
    /// A signature parameter has the wrong type or an invalid value.
    case invalidParameter(String)
    /// The signature has no `created` parameter.
    case missingCreated
    /// `created` is older than the policy's window.
    case createdTooOld(created: Int, now: Int)
    /// `created` lies in the future beyond the allowed skew.
    case createdInFuture(created: Int, now: Int)
    /// `expires` has passed.
    case expired(expires: Int, now: Int)
    /// The signature has no `nonce` parameter.
    case missingNonce
    /// The signature has no `keyid` parameter.
    case missingKeyID
    /// The key resolver does not know the keyid.
    case unknownKey(String)
    /// The `alg` parameter names another algorithm than the one bound to the key (alg confusion).
    case algorithmMismatch(declared: String, key: String)
    /// The signature value does not verify.
    case invalidSignature
    /// The request has a body but no Content-Digest header.
    case contentDigestMissing
    /// The Content-Digest header does not match the body.
    case contentDigestMismatch
    /// The Content-Digest header names no algorithm this module supports.
    case contentDigestUnsupported
    /// A key is unusable for the algorithm asked for.
    case invalidKey(String)
    /// Signing failed (no private part, wrong key kind).
    case signingFailed(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .fieldTooLarge: "http_signature_field_too_large"
        case .malformedField: "http_signature_malformed"
        case .duplicateLabel: "http_signature_duplicate_label"
        case .missingSignature: "http_signature_missing"
        case .ambiguousSignature: "http_signature_ambiguous"
        case .unknownAlgorithm: "http_signature_unknown_algorithm"
        case .tooManyComponents: "http_signature_too_many_components"
        case .duplicateComponent: "http_signature_duplicate_component"
        case .unsupportedComponent: "http_signature_unsupported_component"
        case .componentUnavailable: "http_signature_component_unavailable"
        case .missingRequiredComponent: "http_signature_missing_component"
        case .invalidParameter: "http_signature_invalid_parameter"
        case .missingCreated: "http_signature_missing_created"
        case .createdTooOld: "http_signature_too_old"
        case .createdInFuture: "http_signature_in_future"
        case .expired: "http_signature_expired"
        case .missingNonce: "http_signature_missing_nonce"
        case .missingKeyID: "http_signature_missing_keyid"
        case .unknownKey: "http_signature_unknown_key"
        case .algorithmMismatch: "http_signature_algorithm_mismatch"
        case .invalidSignature: "http_signature_invalid"
        case .contentDigestMissing: "content_digest_missing"
        case .contentDigestMismatch: "content_digest_mismatch"
        case .contentDigestUnsupported: "content_digest_unsupported"
        case .invalidKey: "http_signature_invalid_key"
        case .signingFailed: "http_signature_signing_failed"
        }
    }

    public var description: String {
        switch self {
        case .fieldTooLarge(let field, let limit): "\(field) is longer than \(limit) bytes"
        case .malformedField(let field, let reason): "\(field) is malformed: \(reason)"
        case .duplicateLabel(let label): "label \"\(label)\" appears more than once"
        case .missingSignature(let what): "no signature: \(what)"
        case .ambiguousSignature: "several signatures and no label chosen"
        case .unknownAlgorithm(let name): "unknown signature algorithm \"\(name)\""
        case .tooManyComponents(let count, let limit): "\(count) covered components, at most \(limit) allowed"
        case .duplicateComponent(let name): "component \(name) is covered twice"
        case .unsupportedComponent(let name): "component \(name) is not supported"
        case .componentUnavailable(let name): "component \(name) has no value in the message"
        case .missingRequiredComponent(let name): "the signature must cover \(name)"
        case .invalidParameter(let reason): "invalid signature parameter: \(reason)"
        case .missingCreated: "the signature has no created parameter"
        case .createdTooOld(let created, let now): "created \(created) is too old (now \(now))"
        case .createdInFuture(let created, let now): "created \(created) is in the future (now \(now))"
        case .expired(let expires, let now): "the signature expired at \(expires) (now \(now))"
        case .missingNonce: "the signature has no nonce parameter"
        case .missingKeyID: "the signature has no keyid parameter"
        case .unknownKey(let keyid): "unknown keyid \"\(keyid)\""
        case .algorithmMismatch(let declared, let key): "alg \"\(declared)\" does not match the key's algorithm \"\(key)\""
        case .invalidSignature: "the signature does not verify"
        case .contentDigestMissing: "the request has a body but no Content-Digest"
        case .contentDigestMismatch: "Content-Digest does not match the body"
        case .contentDigestUnsupported: "Content-Digest names no supported algorithm"
        case .invalidKey(let reason): "unusable key: \(reason)"
        case .signingFailed(let reason): "signing failed: \(reason)"
        }
    }
}
