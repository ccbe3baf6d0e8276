import RawStructuredFieldValues

/// Signs messages (RFC 9421 section 3.1): the client side of admin and member requests.
///
/// No clock and no randomness here: the caller passes `created` (its current time) and a fresh
/// `nonce`, so signing is deterministic for ed25519 and hmac-sha256 and testable.
public enum HTTPMessageSigner {
    /// Signs `message` covering `components`, with parameters created, keyid, alg (the key's
    /// algorithm, stated so a verifier can refuse a mismatch) and nonce.
    public static func sign(
        _ message: HTTPMessage, components: [ComponentIdentifier], keyid: String, key: HTTPSignatureKey,
        created: Int, nonce: String, expires: Int? = nil, label: String = "sig1"
    ) throws(HTTPSignatureError) -> SignedFields {
        let parameters = SignatureParameters(
            components: components, created: created, expires: expires, nonce: nonce, keyid: keyid,
            algorithm: key.algorithm)
        return try sign(message, parameters: parameters, key: key, label: label)
    }

    /// Signs `message` with parameters given in full (as the RFC's examples do).
    public static func sign(
        _ message: HTTPMessage, parameters: SignatureParameters, key: HTTPSignatureKey, label: String
    ) throws(HTTPSignatureError) -> SignedFields {
        if let stated = parameters.algorithm, stated != key.algorithm {
            throw .algorithmMismatch(declared: stated.rawValue, key: key.algorithm.rawValue)
        }
        let base = try SignatureBase.build(for: message, parameters: parameters)
        let signature = try key.sign(Array(base.utf8))
        let value = Item(bareItem: RFC9651BareItem.undecodedByteSequence(Base64.encode(signature)),
                         parameters: OrderedMap<String, RFC9651BareItem>())
        do {
            var serializer = StructuredFieldValueSerializer()
            let input = try serializer.writeDictionaryFieldValue([label: .innerList(parameters.innerList)])
            let output = try serializer.writeDictionaryFieldValue([label: .item(value)])
            return SignedFields(signatureInput: String(decoding: input, as: UTF8.self),
                                signature: String(decoding: output, as: UTF8.self))
        } catch {
            throw .signingFailed("label \"\(label)\" is not a structured-field key")
        }
    }
}
