import CountersignJSON

extension JWS {
    /// Bounds on what a JWS may be.
    public struct Limits: Sendable {
        /// Total serialized size: a 1 MiB statement grows by a third in base64url.
        public var maxBytes = 8 << 20
        /// Signatures in one envelope.
        public var maxSignatures = 256
        /// One encoded protected header.
        public var maxHeaderBytes = 16 * 1024
        /// Nesting of the envelope (a step-up assertion sits at depth 5).
        public var maxDepth = 8

        public init() {}

        public static let standard = Limits()
    }

    /// Parses a JWS in any serialization: compact if the text does not start with "{".
    ///
    /// `detachedPayload` supplies the content of a JWS that omits it (RFC 7515 Appendix F); it is
    /// refused for a JWS that carries a payload of its own.
    public init(
        parsing bytes: some Collection<UInt8>, detachedPayload: [UInt8]? = nil, limits: Limits = .standard
    ) throws(JWSError) {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if firstNonSpace == UInt8(ascii: "{") {
            try self.init(json: bytes, detachedPayload: detachedPayload, limits: limits)
        } else {
            try self.init(compact: bytes, detachedPayload: detachedPayload, limits: limits)
        }
    }

    /// Resolves the payload: the envelope's own, or the detached one when the envelope has none.
    private static func payload(encoded: String?, detached: [UInt8]?) throws(JWSError) -> (String, [UInt8]) {
        switch (encoded, detached) {
        case (let encoded?, nil):
            guard let payload = try? Base64URL.decode(encoded) else { throw .invalidPayloadEncoding }
            return (encoded, payload)
        case (nil, let detached?), ("", let detached?):
            return (Base64URL.encode(detached), detached)
        case (nil, nil):
            throw .malformedEnvelope("\"payload\" is missing (a detached payload must be supplied separately)")
        case (_?, _?):
            throw .malformedEnvelope("a detached payload was supplied but the JWS carries its own")
        }
    }

    /// Parses the compact serialization (RFC 7515 section 7.1). Surrounding whitespace is trimmed.
    public init(
        compact bytes: some Collection<UInt8>, detachedPayload: [UInt8]? = nil, limits: Limits = .standard
    ) throws(JWSError) {
        var text = Array(bytes)
        guard text.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        while let last = text.last, [0x20, 0x09, 0x0A, 0x0D].contains(last) { text.removeLast() }
        while let first = text.first, [0x20, 0x09, 0x0A, 0x0D].contains(first) { text.removeFirst() }
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty else { throw .malformedCompact }
        let (encodedPayload, payload) = try Self.payload(
            encoded: String(decoding: parts[1], as: UTF8.self), detached: detachedPayload)
        let signature = Self.parseSignature(
            protected: String(decoding: parts[0], as: UTF8.self), unprotected: nil,
            signature: String(decoding: parts[2], as: UTF8.self), limits: limits)
        self.init(encodedPayload: encodedPayload, payload: payload, signatures: [signature], serialization: .compact)
    }

    /// Parses the flattened or general JSON serialization (RFC 7515 section 7.2).
    ///
    /// Strict: duplicate member names, unknown members, a mix of the flattened and general forms,
    /// and an absent payload without `detachedPayload` are refused.
    public init(
        json bytes: some Collection<UInt8>, detachedPayload: [UInt8]? = nil, limits: Limits = .standard
    ) throws(JWSError) {
        let value: JSONValue
        do {
            value = try JSONParser(limits: .init(maxBytes: limits.maxBytes, maxDepth: limits.maxDepth)).parse(bytes)
        } catch {
            throw .notJSON(error)
        }
        guard case .object(let envelope) = value else { throw .malformedEnvelope("not a JSON object") }
        var ownPayload: String?
        if let value = envelope["payload"] {
            guard case .string(let text) = value else { throw .malformedEnvelope("\"payload\" must be a string") }
            ownPayload = text
        }
        let (encodedPayload, payload) = try Self.payload(encoded: ownPayload, detached: detachedPayload)
        if let signaturesValue = envelope["signatures"] {
            for name in envelope.keys where name != "payload" && name != "signatures" {
                throw .unexpectedMember(name)
            }
            guard case .array(let entries) = signaturesValue else {
                throw .malformedEnvelope("\"signatures\" must be an array")
            }
            guard !entries.isEmpty else { throw .noSignatures }
            guard entries.count <= limits.maxSignatures else { throw .tooManySignatures(limit: limits.maxSignatures) }
            var signatures: [Signature] = []
            signatures.reserveCapacity(entries.count)
            for entry in entries {
                guard case .object(let object) = entry else {
                    throw .malformedEnvelope("every entry of \"signatures\" must be an object")
                }
                signatures.append(try Self.parseSignatureObject(object, allowed: ["protected", "header", "signature"], limits: limits))
            }
            self.init(encodedPayload: encodedPayload, payload: payload, signatures: signatures, serialization: .general)
        } else {
            let signature = try Self.parseSignatureObject(
                envelope, allowed: ["payload", "protected", "header", "signature"], limits: limits)
            self.init(encodedPayload: encodedPayload, payload: payload, signatures: [signature], serialization: .flattened)
        }
    }

    static func parseSignatureObject(
        _ object: JSONObject, allowed: [String], limits: Limits
    ) throws(JWSError) -> Signature {
        for name in object.keys where !allowed.contains(name) { throw .unexpectedMember(name) }
        var protected: String?
        if let value = object["protected"] {
            guard case .string(let text) = value else { throw .malformedEnvelope("\"protected\" must be a string") }
            protected = text
        }
        var unprotected: JSONObject?
        if let value = object["header"] {
            guard case .object(let header) = value else { throw .malformedEnvelope("\"header\" must be an object") }
            unprotected = header
        }
        guard case .string(let signature)? = object["signature"] else {
            throw .malformedEnvelope("every signature needs a \"signature\" string")
        }
        guard protected != nil || unprotected != nil else {
            throw .malformedEnvelope("a signature needs a \"protected\" or a \"header\" member")
        }
        return parseSignature(protected: protected, unprotected: unprotected, signature: signature, limits: limits)
    }

    /// Decodes one signature's parts; problems become the signature's `problem`, not an error.
    private static func parseSignature(
        protected: String?, unprotected: JSONObject?, signature encodedSignature: String, limits: Limits
    ) -> Signature {
        var problem: VerificationFailure?
        var protectedHeader = JSONObject()
        if let protected {
            if protected.utf8.count > limits.maxHeaderBytes {
                problem = .malformedHeader("protected header is larger than \(limits.maxHeaderBytes) bytes")
            } else if protected.isEmpty {
                problem = .malformedHeader("protected header is empty")
            } else {
                do {
                    let bytes = try Base64URL.decode(protected)
                    let parsed = try JSONParser(limits: .init(maxBytes: limits.maxHeaderBytes, maxDepth: limits.maxDepth)).parse(bytes)
                    if case .object(let object) = parsed {
                        protectedHeader = object
                    } else {
                        problem = .malformedHeader("protected header is not a JSON object")
                    }
                } catch let error as Base64URLError {
                    problem = .malformedHeader("protected header is not base64url (\(error))")
                } catch {
                    problem = .malformedHeader("protected header is not valid JSON (\(error))")
                }
            }
        }
        // An undecodable signature is reported after the header checks, so that a header naming
        // "none" (which comes with an empty signature) is reported as what it is.
        let signatureBytes = (try? Base64URL.decode(encodedSignature)) ?? []
        if problem == nil, let unprotected {
            for name in unprotected.keys where protectedHeader[name] != nil {
                problem = .headerNotDisjoint(name)
                break
            }
        }
        return Signature(
            encodedProtectedHeader: protected, protectedHeader: protectedHeader, unprotectedHeader: unprotected,
            signature: signatureBytes, encodedSignature: encodedSignature, problem: problem)
    }
}

extension JWS.Signature {
    /// Parses one entry of a General JWS "signatures" array, {"protected","header"?,"signature"}:
    /// the form in which a single vote is submitted. Header problems become `problem`.
    public init(entry object: JSONObject, limits: JWS.Limits = .standard) throws(JWSError) {
        self = try JWS.parseSignatureObject(object, allowed: ["protected", "header", "signature"], limits: limits)
    }
}
