/// Signing a whole HTTP request the way Countersign's server expects (docs/http-signatures.md): cover
/// @method, @target-uri and, with a body, content-digest (RFC 9530 sha-256), with created, keyid,
/// alg and nonce. Returns the header fields to add: Content-Digest (with a body), Signature-Input
/// and Signature.
public enum RequestSigning {
    public static func headers(
        method: String, url: String, body: [UInt8], keyid: String, key: HTTPSignatureKey, created: Int, nonce: String
    ) throws(HTTPSignatureError) -> [(String, String)] {
        var message = HTTPMessage(method: method, targetURI: try TargetURI(parsing: url), body: body)
        var components: [ComponentIdentifier] = [.method, .targetURI]
        var headers: [(String, String)] = []
        if !body.isEmpty {
            let digest = ContentDigest.fieldValue(for: body)
            message = message.adding("content-digest", digest)
            components.append(.contentDigest)
            headers.append(("Content-Digest", digest))
        }
        let signed = try HTTPMessageSigner.sign(message, components: components, keyid: keyid, key: key, created: created, nonce: nonce)
        headers.append(("Signature-Input", signed.signatureInput))
        headers.append(("Signature", signed.signature))
        return headers
    }
}
