import CountersignJSON

/// The verification result of one signature: data, never a thrown error, so that one bad
/// signature in an envelope cannot hide the others (and every outcome can go to the audit log).
public struct SignatureOutcome: Sendable, Hashable {
    /// Position of the signature in the envelope.
    public let index: Int
    /// The header's "kid", as written (a hint only).
    public let kid: String?
    /// The header's "alg", as written.
    public let algorithm: String?
    /// Thumbprint of the key that verified the signature; nil unless verified.
    public let keyThumbprint: String?
    /// Why the signature did not verify; nil when it did.
    public let failure: VerificationFailure?

    public init(index: Int, kid: String?, algorithm: String?, keyThumbprint: String?, failure: VerificationFailure?) {
        self.index = index
        self.kid = kid
        self.algorithm = algorithm
        self.keyThumbprint = keyThumbprint
        self.failure = failure
    }

    /// True if the signature verified.
    public var verified: Bool { failure == nil && keyThumbprint != nil }

    /// The outcome as JSON: {"index","kid","alg","verified","thumbprint"} or {…,"error","message"}.
    public var jsonObject: JSONObject {
        var object: JSONObject = ["index": .number(Double(index)), "verified": .bool(verified)]
        object["kid"] = kid.map(JSONValue.string) ?? .null
        object["alg"] = algorithm.map(JSONValue.string) ?? .null
        if let keyThumbprint { object["thumbprint"] = .string(keyThumbprint) }
        if let failure {
            object["error"] = .string(failure.code)
            object["message"] = .string(failure.description)
        }
        return object
    }
}
