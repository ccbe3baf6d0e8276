import CountersignJSON

extension JWS {
    /// The General JSON serialization (RFC 7515 section 7.2.1) as a JSON object.
    public var generalJSON: JSONObject {
        ["payload": .string(encodedPayload), "signatures": .array(signatures.map { .object($0.jsonObject) })]
    }

    /// The General JSON serialization as canonical (JCS) bytes.
    public func generalSerialization() -> [UInt8] {
        JCS.canonicalize(.object(generalJSON))
    }

    /// The flattened JSON serialization; only for a JWS with exactly one signature.
    public func flattenedSerialization() throws(JWSError) -> [UInt8] {
        guard signatures.count == 1 else { throw .notSingleSignature }
        var object = signatures[0].jsonObject
        object["payload"] = .string(encodedPayload)
        return JCS.canonicalize(.object(object))
    }

    /// The compact serialization; only for one signature with a protected and no unprotected header,
    /// whose parts are base64url text.
    public func compactSerialization() throws(JWSError) -> String {
        guard signatures.count == 1 else { throw .notSingleSignature }
        let signature = signatures[0]
        guard signature.unprotectedHeader == nil, let protected = signature.encodedProtectedHeader else {
            throw .unprotectedHeaderInCompact
        }
        // A JSON-serialised JWS may carry a header or signature string that is not base64url
        // (it then fails verification); written compactly, a "." in it would change the parts.
        guard Base64URL.isAlphabetText(protected) else { throw .notCompactText(part: "protected header") }
        guard Base64URL.isAlphabetText(signature.encodedSignature) else { throw .notCompactText(part: "signature") }
        return protected + "." + encodedPayload + "." + signature.encodedSignature
    }
}

extension JWS.Signature {
    /// The signature as an entry of a General JSON "signatures" array.
    public var jsonObject: JSONObject {
        var object = JSONObject()
        if let encodedProtectedHeader { object["protected"] = .string(encodedProtectedHeader) }
        if let unprotectedHeader { object["header"] = .object(unprotectedHeader) }
        object["signature"] = .string(encodedSignature)
        return object
    }
}
