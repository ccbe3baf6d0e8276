import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import Crypto

/// One signed POST with a 1 KiB JSON body, as the server receives it from a member (Ed25519) or
/// the admin (hmac-sha256), and the raw primitive over the same signature base for the baseline.
public struct HTTPSignatureFixture: Sendable {
    let message: HTTPMessage
    let keyid: String
    let key: HTTPSignatureKey
    let base: [UInt8]
    let rawVerify: @Sendable ([UInt8]) -> Bool
    let created = 1_795_000_000

    public enum Signer: Sendable {
        case member
        case admin
    }

    public init(_ signer: Signer) throws {
        let url = "https://countersign.example/v1/statements/stm_0123456789abcdef/approvals"
        let body = Array(("{\"signature\":\"" + String(repeating: "A", count: 1000) + "\"}").utf8)
        let signingKey: HTTPSignatureKey
        let makeRawVerify: ([UInt8]) throws -> @Sendable ([UInt8]) -> Bool
        switch signer {
        case .member:
            let jwk = try JWK.generate(for: .ed25519)
            let object = jwk.jsonObject(includePrivate: true)
            guard case .string(let d)? = object["d"], case .string(let x)? = object["x"] else {
                throw HTTPSignatureError.invalidParameter("generated key has no d")
            }
            let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: try Base64URL.decode(d))
            let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: try Base64URL.decode(x))
            signingKey = try HTTPSignatureKey(jwk: jwk, algorithm: .ed25519)
            key = try HTTPSignatureKey(jwk: JWK(jwk.jsonObject()), algorithm: .ed25519)
            keyid = "member-key"
            makeRawVerify = { base in
                let signature = try privateKey.signature(for: base)
                return { base in publicKey.isValidSignature(signature, for: base) }
            }
        case .admin:
            let secret = [UInt8](repeating: 0x5A, count: 32)
            signingKey = try HTTPSignatureKey.hmacSHA256(secret: secret)
            key = signingKey
            keyid = "admin"
            let symmetric = SymmetricKey(data: secret)
            makeRawVerify = { _ in { base in
                let code = HMAC<SHA256>.authenticationCode(for: base, using: symmetric)
                return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: base, using: symmetric)
            } }
        }
        let headers = try RequestSigning.headers(
            method: "POST", url: url, body: body, keyid: keyid, key: signingKey, created: created, nonce: "n0nce-0123456789")
        var message = HTTPMessage(method: "POST", targetURI: try TargetURI(parsing: url), body: body)
        for (name, value) in headers {
            message = message.adding(name.lowercased(), value)
        }
        self.message = message
        let parameters = SignatureParameters(
            components: [.method, .targetURI, .contentDigest], created: created, nonce: "n0nce-0123456789", keyid: keyid,
            algorithm: signingKey.algorithm)
        base = Array(try SignatureBase.build(for: message, parameters: parameters).utf8)
        rawVerify = try makeRawVerify(base)
    }

    /// The path: parse Signature-Input and Signature, check coverage, time and key, rebuild the
    /// signature base, verify, and check the Content-Digest of the body.
    public func verify() -> Bool {
        (try? HTTPSignatureVerifier().verify(message, now: created + 1) { $0 == keyid ? key : nil }) != nil
    }

    /// The baseline: the raw primitive over the same signature base (an Ed25519 verification, or
    /// computing and comparing the HMAC-SHA256).
    public func verifyRaw() -> Bool {
        rawVerify(base)
    }
}
