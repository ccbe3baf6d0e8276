/// Verifies a signed request against a policy (RFC 9421 section 3.2): the server side.
///
/// Pure: `now` is passed in, keys come from the caller's resolver, and the nonce is returned for
/// the caller's replay store. Checks run cheapest first and the signature is checked before the
/// body's digest, so an unsigned request costs no hashing of its body.
public struct HTTPSignatureVerifier: Sendable {
    /// The policy every signature must satisfy.
    public let policy: HTTPSignatureVerificationPolicy

    /// A verifier with `policy`.
    public init(policy: HTTPSignatureVerificationPolicy = .init()) {
        self.policy = policy
    }

    /// Verifies the signature of `message` at time `now` (seconds since the Unix epoch).
    ///
    /// `resolveKey` maps a keyid to its key (an HMAC secret or a public JWK, each bound to one
    /// algorithm) or nil if unknown. For Countersign: "admin" to the ADMIN_KEY's hmac-sha256 key,
    /// a member key's RFC 7638 thumbprint to that key.
    public func verify(
        _ message: HTTPMessage, now: Int, resolveKey: (String) -> HTTPSignatureKey?
    ) throws(HTTPSignatureError) -> VerifiedSignature {
        try verify(message, fields: try SignatureFields(message: message), now: now, resolveKey: resolveKey)
    }

    /// As `verify(_:now:resolveKey:)`, with the message's signature fields already parsed (a
    /// caller that read the keyid from them first need not parse them twice).
    public func verify(
        _ message: HTTPMessage, fields: SignatureFields, now: Int, resolveKey: (String) -> HTTPSignatureKey?
    ) throws(HTTPSignatureError) -> VerifiedSignature {
        let entry = try fields.entry(label: policy.label)
        let parameters = entry.parameters
        guard let keyid = parameters.keyid else { throw .missingKeyID }
        guard let created = parameters.created else { throw .missingCreated }
        guard let nonce = parameters.nonce else { throw .missingNonce }
        guard !nonce.isEmpty, nonce.count <= policy.maximumNonceLength else {
            throw .invalidParameter("nonce must have 1 to \(policy.maximumNonceLength) characters")
        }
        try checkCoverage(parameters.components, message: message)
        try checkTime(created: created, expires: parameters.expires, now: now)
        guard let key = resolveKey(keyid) else { throw .unknownKey(keyid) }
        if let stated = parameters.algorithm, stated != key.algorithm {
            throw .algorithmMismatch(declared: stated.rawValue, key: key.algorithm.rawValue)
        }
        let base = try SignatureBase.build(for: message, parameters: parameters)
        guard key.verify(entry.signature, over: Array(base.utf8)) else { throw .invalidSignature }
        if parameters.components.contains(.contentDigest) {
            guard let digest = message.combinedValue(of: "content-digest") else { throw .contentDigestMissing }
            try ContentDigest.verify(digest, body: message.body)
        }
        return VerifiedSignature(
            label: entry.label, keyid: keyid, algorithm: key.algorithm, created: created,
            expires: parameters.expires, nonce: nonce, components: parameters.components)
    }

    /// Every required component must be covered; content-digest only when there is a body.
    private func checkCoverage(_ covered: [ComponentIdentifier], message: HTTPMessage) throws(HTTPSignatureError) {
        for required in policy.requiredComponents where !covered.contains(required) {
            if required == .contentDigest {
                guard !message.body.isEmpty else { continue }
                guard message.combinedValue(of: "content-digest") != nil else { throw .contentDigestMissing }
            }
            throw .missingRequiredComponent(required.description)
        }
    }

    /// `created` within the window and not in the future beyond the skew; `expires` not passed.
    private func checkTime(created: Int, expires: Int?, now: Int) throws(HTTPSignatureError) {
        if created > now, created - now > policy.allowedFutureSkew { throw .createdInFuture(created: created, now: now) }
        if now > created, now - created > policy.maximumAge { throw .createdTooOld(created: created, now: now) }
        if let expires, now >= expires { throw .expired(expires: expires, now: now) }
    }
}
