import CountersignJOSE
import Foundation

/// The signing member's own keys: the list with validity periods, and self-revocation of a key
/// the admin enrolled (the request is signed by the key it revokes). Keys attested by a passkey
/// are revoked with a passkey assertion, from the web app.
extension CountersignClient {
    /// The signing member's keys, newest first, revoked ones included (GET /api/keys).
    public func keys() async throws(CountersignClientError) -> [KeyRecordView] {
        try await object(.GET, "/api/keys").array("keys") { item throws(CountersignClientError) in try KeyRecordView(item) }
    }

    /// Revokes the signing key itself, at once (POST /api/keys/{kid}/revoke, signed by that key,
    /// no body). Only a key enrolled with a user token may revoke itself this way; `kid` must be
    /// the signing key's. Returns the revoked record, with its revokedAt.
    public func revokeOwnKey(_ kid: String) async throws(CountersignClientError) -> KeyRecordView {
        guard case .member(let key) = credentials else { throw .invalidRequest("revoking a key needs member credentials") }
        guard key.thumbprint == kid else {
            throw .invalidRequest("a key revokes itself: \(kid) is not the signing key \(key.thumbprint); revoke other keys with a passkey")
        }
        return try KeyRecordView(try await object(.POST, "/api/keys/\(try PathSegment(kid).text)/revoke"))
    }
}
