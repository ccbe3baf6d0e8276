import CountersignJSON
import Crypto

/// Invitation tokens: 32 random bytes, shown once in the invitation link. Only the token's
/// SHA-256 is stored; it is also the invitation's id, which is useless for registering.
enum InvitationToken {
    /// A new token and its hash.
    static func generate() -> (token: String, hash: String) {
        let token = Base64URL.encode(ServerSecrets.randomBytes(32))
        return (token, hash(token))
    }

    static func hash(_ token: String) -> String { Base64URL.encode(SHA256.hash(data: Array(token.utf8))) }
}
