/// What a verified signature must satisfy beyond being mathematically valid.
///
/// Defaults are Countersign's (docs/http-signatures.md): cover `@method`, `@target-uri` and, when the
/// request has a body, `content-digest`; `created` within 300 seconds, at most 60 seconds in the
/// future; a `nonce` always. Each relaxation is a named field, so a weaker policy is visible.
public struct HTTPSignatureVerificationPolicy: Sendable, Hashable {
    /// Components the signature must cover. `content-digest` is required only of messages with a
    /// body; a body is then also checked against the Content-Digest field.
    public var requiredComponents: [ComponentIdentifier]
    /// How old `created` may be, in seconds.
    public var maximumAge: Int
    /// How far `created` may lie in the future (clock skew), in seconds.
    public var allowedFutureSkew: Int
    /// The label to verify; nil means the message must carry exactly one signature.
    public var label: String?
    /// The longest nonce accepted, in characters: the caller stores it.
    public var maximumNonceLength: Int

    /// A policy; the defaults are the ones described on the type.
    public init(
        requiredComponents: [ComponentIdentifier] = [.method, .targetURI, .contentDigest],
        maximumAge: Int = 300, allowedFutureSkew: Int = 60, label: String? = nil, maximumNonceLength: Int = 128
    ) {
        self.requiredComponents = requiredComponents
        self.maximumAge = maximumAge
        self.allowedFutureSkew = allowedFutureSkew
        self.label = label
        self.maximumNonceLength = maximumNonceLength
    }
}
