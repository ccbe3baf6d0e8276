import CountersignJOSE
import CountersignJSON
import Foundation

/// The admin-signed user token of the Sigpair model (docs/http-signatures.md): a JWT, HS256 over the
/// ADMIN_KEY, with claims {"user_id","iat","exp","public_key"} (public_key: hex Ed25519 key).
/// A service or CLI member presents it once to enrol that key without a passkey.
public struct UserToken: Sendable, Hashable {
    public let userID: String
    public let issuedAt: Date
    public let expiresAt: Date
    /// The raw 32-byte Ed25519 public key the token enrols.
    public let publicKey: [UInt8]

    public init(userID: String, issuedAt: Date, expiresAt: Date, publicKey: [UInt8]) {
        self.userID = userID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.publicKey = publicKey
    }

    /// The ADMIN_KEY is 32 bytes; anything else is a configuration error.
    public static let adminKeyLength = 32

    /// Signs the token with the ADMIN_KEY (compact JWS).
    public func signed(adminKey: [UInt8]) throws(UserTokenError) -> String {
        guard adminKey.count == Self.adminKeyLength else { throw .invalidAdminKey }
        let claims = JCS.canonicalize(.object([
            "user_id": .string(userID), "iat": .number(Double(Int64(issuedAt.timeIntervalSince1970))),
            "exp": .number(Double(Int64(expiresAt.timeIntervalSince1970))), "public_key": .string(Hex.encode(publicKey)),
        ]))
        let header = Base64URL.encode(JCS.canonicalize(.object(["alg": "HS256", "typ": "JWT"])))
        let input = Array((header + "." + Base64URL.encode(claims)).utf8)
        guard let mac = try? SignaturePrimitives.sign(input, algorithm: .hs256, key: JWK(["kty": "oct", "k": .string(Base64URL.encode(adminKey))]).material) else {
            throw .invalidAdminKey
        }
        return header + "." + Base64URL.encode(claims) + "." + Base64URL.encode(mac)
    }

    /// Verifies a token with the ADMIN_KEY at `now` and returns its claims.
    ///
    /// Refused: any algorithm but HS256, a bad MAC (compared in constant time), an expired token or
    /// one issued in the future (beyond `allowedClockSkew`), missing or mistyped claims, a
    /// public_key that is not 32 bytes of hex.
    public static func verify(
        _ token: String, adminKey: [UInt8], now: Date, allowedClockSkew: TimeInterval = 60
    ) throws(UserTokenError) -> UserToken {
        guard adminKey.count == adminKeyLength else { throw .invalidAdminKey }
        guard token.utf8.count <= 4096 else { throw .malformed("token is longer than 4096 bytes") }
        let jws: JWS
        do { jws = try JWS(compact: Array(token.utf8)) } catch { throw .malformed(error.description) }
        let verifier = JWSVerifier(keys: .empty, allowedAlgorithms: [.hs256], hmacSecret: adminKey)
        let outcome = verifier.verifySignature(at: 0, of: jws)
        guard outcome.verified else { throw .signatureInvalid(outcome.failure?.description ?? "unknown") }
        guard let claims = try? JSONParser(limits: .init(maxBytes: 4096, maxDepth: 2)).parse(jws.payload).objectValue else {
            throw .malformed("claims are not a JSON object")
        }
        guard let userID = claims["user_id"]?.stringValue, !userID.isEmpty else { throw .malformed("user_id must be a string") }
        guard let iat = claims["iat"]?.integerValue, let exp = claims["exp"]?.integerValue else {
            throw .malformed("iat and exp must be integer Unix times")
        }
        guard let hex = claims["public_key"]?.stringValue, let publicKey = Hex.decode(hex), publicKey.count == 32 else {
            throw .malformed("public_key must be 64 hex digits (an Ed25519 public key)")
        }
        let issuedAt = Date(timeIntervalSince1970: Double(iat))
        let expiresAt = Date(timeIntervalSince1970: Double(exp))
        guard expiresAt > now else { throw .expired }
        guard issuedAt <= now.addingTimeInterval(allowedClockSkew) else { throw .notYetValid }
        return UserToken(userID: userID, issuedAt: issuedAt, expiresAt: expiresAt, publicKey: publicKey)
    }
}

extension UserToken {
    /// Verifies an admin-token enrolment record (docs/formats.md): the token verifies with the
    /// ADMIN_KEY at the enrolment time and names exactly this member and this Ed25519 key.
    public static func verifyEnrolment(
        _ token: String, adminKey: [UInt8], member: String, key: JWK, enrolledAt: Date
    ) throws(UserTokenError) -> UserToken {
        let claims = try verify(token, adminKey: adminKey, now: enrolledAt)
        guard claims.userID == member else { throw .wrongMember }
        guard case .ed25519(let publicKey, _) = key.material, Array(publicKey.rawRepresentation) == claims.publicKey else {
            throw .wrongKey
        }
        return claims
    }
}

/// Why a user token was refused.
public enum UserTokenError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidAdminKey
    case malformed(String)
    case signatureInvalid(String)
    case expired
    case notYetValid
    case wrongMember
    case wrongKey

    public var code: String {
        switch self {
        case .invalidAdminKey: "admin_key_invalid"
        case .malformed: "user_token_malformed"
        case .signatureInvalid: "user_token_signature"
        case .expired: "user_token_expired"
        case .notYetValid: "user_token_not_yet_valid"
        case .wrongMember: "user_token_wrong_member"
        case .wrongKey: "user_token_wrong_key"
        }
    }

    public var description: String {
        switch self {
        case .invalidAdminKey: "the ADMIN_KEY must be 32 bytes"
        case .malformed(let reason): "user token is malformed: \(reason)"
        case .signatureInvalid(let reason): "user token signature does not verify: \(reason)"
        case .expired: "user token has expired"
        case .notYetValid: "user token is issued in the future"
        case .wrongMember: "user token is for another member"
        case .wrongKey: "user token enrols another public key"
        }
    }
}
