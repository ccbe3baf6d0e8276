import CountersignJOSE
import CountersignJSON

/// The documents the server signs with its receipt key (receipts, audit checkpoints): a compact
/// JWS over the JCS bytes of a JSON object, whose protected "typ" names the kind of document so
/// that one kind can never pass for another.
enum ServerSignature {
    /// Why a server-signed document was refused, before its own content rules apply.
    enum Failure: Error {
        case malformed(String)
        case signatureInvalid(String)
    }

    /// Signs `payload` as a document of `type`.
    static func sign(_ payload: JSONObject, type: String, with serverKey: JWK) throws(JWSError) -> String {
        var jws = JWS(payload: JCS.canonicalize(.object(payload)))
        try JWSSigner(key: serverKey).sign(&jws, protectedHeader: ["typ": .string(type)])
        return try jws.compactSerialization()
    }

    /// Verifies a compact document of `type` against the server's public key; returns its payload.
    static func verify(_ compact: String, type: String, serverKey: JWK) throws(Failure) -> JSONObject {
        let jws: JWS
        do { jws = try JWS(compact: Array(compact.utf8)) } catch { throw .malformed(error.description) }
        guard let keySet = try? JWKSet([serverKey.publicKey]) else { throw .malformed("the server key is not a public signing key") }
        let outcome = JWSVerifier(keys: keySet, allowedAlgorithms: JWSAlgorithm.asymmetric).verifySignature(at: 0, of: jws)
        guard outcome.verified else { throw .signatureInvalid(outcome.failure?.description ?? "unknown") }
        guard jws.signatures[0].protectedHeader["typ"]?.stringValue == type else { throw .malformed("typ is not \(type)") }
        guard let object = try? JSONParser().parse(jws.payload).objectValue else { throw .malformed("the payload is not a JSON object") }
        return object
    }
}
