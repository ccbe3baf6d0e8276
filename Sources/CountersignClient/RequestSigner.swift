import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import Foundation

/// The RFC 9421 header fields for one request (docs/http-signatures.md): @method, @target-uri and, with a
/// body, content-digest, under a fresh random nonce and `created` = now.
struct RequestSigner {
    let credentials: CountersignClient.Credentials

    func headers(method: String, url: String, body: [UInt8]) throws(CountersignClientError) -> [(String, String)] {
        let keyid: String
        let key: HTTPSignatureKey
        do {
            switch credentials {
            case .anonymous: return []
            case .admin(let secret):
                keyid = "admin"
                key = try .hmacSHA256(secret: secret)
            case .member(let jwk):
                guard jwk.isPrivate else { throw CountersignClientError.invalidRequest("the member key is public; signing needs the private JWK") }
                keyid = jwk.thumbprint
                key = try HTTPSignatureKey(jwk: jwk)
            }
            return try RequestSigning.headers(
                method: method, url: url, body: body, keyid: keyid, key: key,
                created: Int(Date().timeIntervalSince1970), nonce: Self.nonce())
        } catch let error as CountersignClientError {
            throw error
        } catch {
            throw .invalidRequest("cannot sign \(method) \(url): \(error)")
        }
    }

    /// 16 random bytes from the system's CSPRNG, base64url.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
