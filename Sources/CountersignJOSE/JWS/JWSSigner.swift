import CountersignJSON

/// Signs JWS payloads with one private key.
///
/// The protected header always carries "alg" and "kid" (the key's thumbprint), plus whatever the
/// caller adds; it is written in JCS form so the same header always encodes the same way.
public struct JWSSigner: Sendable {
    public let key: JWK
    public let algorithm: JWSAlgorithm

    /// A signer for `key` with `algorithm`, by default the natural one for the key type
    /// (Ed25519, ES256/384/512, PS256, ML-DSA-65/87, HS256).
    public init(key: JWK, algorithm: JWSAlgorithm? = nil) throws(JWSError) {
        guard key.isPrivate else { throw .signingFailed("the key has no private part") }
        let chosen = algorithm ?? key.declaredAlgorithm ?? Self.defaultAlgorithm(for: key.kind)
        guard key.supports(chosen) else {
            throw .signingFailed("a \(key.kind) key cannot sign with \(chosen.rawValue)")
        }
        self.key = key
        self.algorithm = chosen
    }

    static func defaultAlgorithm(for kind: JWK.Kind) -> JWSAlgorithm {
        switch kind {
        case .ed25519: .ed25519
        case .ec(.p256): .es256
        case .ec(.p384): .es384
        case .ec(.p521): .es512
        case .rsa: .ps256
        case .symmetric: .hs256
        case .mlDSA65: .mlDSA65
        case .mlDSA87: .mlDSA87
        }
    }

    /// Makes a signature over `encodedPayload` with the given extra protected header parameters
    /// ("alg" and "kid" are set by the signer) and optional unprotected header.
    public func signature(
        encodedPayload: String, protectedHeader extra: JSONObject = JSONObject(), unprotectedHeader: JSONObject? = nil
    ) throws(JWSError) -> JWS.Signature {
        var header = extra
        header["alg"] = .string(algorithm.rawValue)
        header["kid"] = .string(key.thumbprint)
        if let unprotectedHeader {
            for name in unprotectedHeader.keys where header[name] != nil {
                throw .signingFailed("header parameter \"\(name)\" cannot be both protected and unprotected")
            }
        }
        let encodedHeader = Base64URL.encode(JCS.canonicalize(.object(header)))
        var input = Array(encodedHeader.utf8)
        input.append(UInt8(ascii: "."))
        input.append(contentsOf: encodedPayload.utf8)
        let bytes = try SignaturePrimitives.sign(input, algorithm: algorithm, key: key.material)
        return JWS.Signature(
            encodedProtectedHeader: encodedHeader, protectedHeader: header, unprotectedHeader: unprotectedHeader,
            signature: bytes, encodedSignature: Base64URL.encode(bytes), problem: nil)
    }

    /// Signs `jws`'s payload and appends the signature.
    public func sign(
        _ jws: inout JWS, protectedHeader extra: JSONObject = JSONObject(), unprotectedHeader: JSONObject? = nil
    ) throws(JWSError) {
        jws.append(try signature(encodedPayload: jws.encodedPayload, protectedHeader: extra, unprotectedHeader: unprotectedHeader))
    }
}
