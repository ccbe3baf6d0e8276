import CountersignJSON
import Crypto

/// Verifies JWS signatures against a key set under an explicit algorithm allow-list.
///
/// The verifier resolves each signature's key itself: candidates are the keys whose type fits the
/// algorithm, narrowed by "kid" (matched against thumbprints first, then declared kids). An
/// embedded "jwk", "jku" or "x5u" header is never used: the key set is the only source of trust.
public struct JWSVerifier: Sendable {
    /// Header parameters this verifier understands when they are listed in "crit".
    public static let builtInCriticalParameters: Set<String> = ["b64"]

    /// Names RFC 7515 defines; "crit" must not list them (section 4.1.11).
    static let registeredParameters: Set<String> = [
        "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
    ]

    public let keys: JWKSet
    public let allowedAlgorithms: Set<JWSAlgorithm>
    public let understoodCriticalParameters: Set<String>
    private let hmacKey: KeyMaterial?
    private let hmacThumbprint: String?

    /// A verifier for `keys`, accepting only `allowedAlgorithms`. HS256 additionally needs
    /// `hmacSecret`; extension parameters the caller processes itself go in
    /// `understoodCriticalParameters`.
    public init(
        keys: JWKSet, allowedAlgorithms: Set<JWSAlgorithm>, hmacSecret: [UInt8]? = nil,
        understoodCriticalParameters: Set<String> = []
    ) {
        self.keys = keys
        self.allowedAlgorithms = allowedAlgorithms
        self.understoodCriticalParameters = understoodCriticalParameters.union(Self.builtInCriticalParameters)
        if let hmacSecret, !hmacSecret.isEmpty {
            let material = KeyMaterial.symmetric(SymmetricKey(data: hmacSecret))
            self.hmacKey = material
            self.hmacThumbprint = JWK(material: material, declaredKid: nil, declaredAlgorithm: nil).thumbprint
        } else {
            self.hmacKey = nil
            self.hmacThumbprint = nil
        }
    }

    /// One outcome per signature, in envelope order.
    public func verify(_ jws: JWS) -> [SignatureOutcome] {
        jws.signatures.indices.map { verifySignature(at: $0, of: jws) }
    }

    /// Verifies every signature and evaluates `policy` over the outcomes.
    public func verify(_ jws: JWS, policy: JWSVerificationPolicy) -> JWSVerificationReport {
        JWSVerificationReport(outcomes: verify(jws), policy: policy, keys: keys)
    }

    /// Verifies the signature at `index`.
    public func verifySignature(at index: Int, of jws: JWS) -> SignatureOutcome {
        let signature = jws.signatures[index]
        let (thumbprint, failure) = check(signature, of: jws)
        return SignatureOutcome(
            index: index, kid: signature.kid, algorithm: signature.algorithmName,
            keyThumbprint: failure == nil ? thumbprint : nil, failure: failure)
    }

    private func check(_ signature: JWS.Signature, of jws: JWS) -> (String?, VerificationFailure?) {
        if let problem = signature.problem { return (nil, problem) }
        let algorithm: JWSAlgorithm
        switch checkHeader(signature) {
        case .success(let value): algorithm = value
        case .failure(let failure): return (nil, failure)
        }
        if signature.signature.isEmpty { return (nil, .invalidSignatureEncoding) }
        let input = jws.signingInput(for: signature)
        if algorithm == .hs256 {
            guard let hmacKey else { return (nil, .hmacSecretRequired) }
            let valid = SignaturePrimitives.verify(signature.signature, of: input, algorithm: algorithm, key: hmacKey)
            return valid ? (hmacThumbprint, nil) : (nil, .signatureInvalid)
        }
        let candidates = keys.candidates(for: algorithm, kid: signature.kid)
        if candidates.isEmpty {
            let kidNamesAKey = signature.kid.map { kid in
                keys.key(thumbprint: kid) != nil || keys.keys.contains { $0.declaredKid == kid }
            } ?? false
            return (nil, kidNamesAKey ? .keyAlgorithmMismatch : .keyNotFound)
        }
        for key in candidates
        where SignaturePrimitives.verify(signature.signature, of: input, algorithm: algorithm, key: key.material) {
            return (key.thumbprint, nil)
        }
        return (nil, .signatureInvalid)
    }

    /// Validates the JOSE header of one signature and returns its algorithm.
    private func checkHeader(_ signature: JWS.Signature) -> Result<JWSAlgorithm, VerificationFailure> {
        guard let algValue = signature["alg"] else { return .failure(.missingAlgorithm) }
        guard case .string(let algName) = algValue else { return .failure(.malformedHeader("\"alg\" must be a string")) }
        guard let algorithm = JWSAlgorithm(rawValue: algName) else { return .failure(.unsupportedAlgorithm(algName)) }
        guard allowedAlgorithms.contains(algorithm) else { return .failure(.algorithmNotAllowed(algName)) }
        if let kid = signature["kid"], kid.stringValue == nil { return .failure(.malformedHeader("\"kid\" must be a string")) }
        if let b64 = signature["b64"] {
            guard case .bool(let encoded) = b64 else { return .failure(.malformedHeader("\"b64\" must be a boolean")) }
            if !encoded { return .failure(.unencodedPayloadUnsupported) }
        }
        if signature.unprotectedHeader?["crit"] != nil {
            return .failure(.invalidCritical("\"crit\" must be in the protected header"))
        }
        if let crit = signature.protectedHeader["crit"] {
            if let failure = checkCritical(crit, in: signature.protectedHeader) { return .failure(failure) }
        }
        return .success(algorithm)
    }

    private func checkCritical(_ crit: JSONValue, in header: JSONObject) -> VerificationFailure? {
        guard case .array(let entries) = crit, !entries.isEmpty else {
            return .invalidCritical("\"crit\" must be a non-empty array")
        }
        var seen = Set<String>()
        for entry in entries {
            guard case .string(let name) = entry, !name.isEmpty else {
                return .invalidCritical("every \"crit\" entry must be a non-empty string")
            }
            guard seen.insert(name).inserted else { return .invalidCritical("\"\(name)\" is listed twice") }
            guard !Self.registeredParameters.contains(name) else {
                return .invalidCritical("\"\(name)\" is defined by RFC 7515 and must not be listed")
            }
            guard header[name] != nil else { return .invalidCritical("\"\(name)\" is listed but absent") }
        }
        // Only a well-formed list is judged on understanding.
        for name in seen.sorted() where !understoodCriticalParameters.contains(name) {
            return .unknownCriticalHeader(name)
        }
        return nil
    }
}
