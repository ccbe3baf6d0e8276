import CountersignJSON
import Foundation

/// A member as the admin sees it (docs/admin API): status, roles, passkey count and keys.
public struct AdminMember: Sendable {
    /// The member as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let id: String
    public let name: String
    public let roles: [String]
    /// "invited", "active", "suspended" or "removed".
    public let status: String
    public let createdAt: Date
    public let passkeys: Int64
    public let keys: [Key]

    /// One of the member's signing keys.
    public struct Key: Sendable {
        public let kid: String
        /// "passkey" or "admin-token".
        public let method: String
        public let validFrom: Date
        public let revokedAt: Date?

        init(_ response: ResponseObject) throws(CountersignClientError) {
            kid = try response.string("kid")
            method = try response.string("method")
            validFrom = try response.date("validFrom")
            revokedAt = try response.optionalDate("revokedAt")
        }
    }

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        name = try response.string("name")
        roles = try response.strings("roles")
        status = try response.string("status")
        createdAt = try response.date("createdAt")
        passkeys = try response.integer("passkeys")
        keys = try response.array("keys", Key.init)
    }
}

/// Members (admin credentials).
extension CountersignClient {
    /// Creates a member (status invited) without an invitation.
    public func createMember(name: String, roles: [String] = []) async throws(CountersignClientError) -> AdminMember {
        let body: JSONObject = ["name": .string(name), "roles": .array(roles.map { .string($0) })]
        return try AdminMember(try await object(.POST, "/api/admin/members", body: .object(body), expected: [201]))
    }

    /// Every member, oldest first, optionally only those with `status`.
    public func members(status: String? = nil) async throws(CountersignClientError) -> [AdminMember] {
        try await object(.GET, "/api/admin/members" + QueryString([("status", status)]).text).array("members", AdminMember.init)
    }

    /// One member.
    public func member(_ id: String) async throws(CountersignClientError) -> AdminMember {
        try AdminMember(try await object(.GET, "/api/admin/members/\(try PathSegment(id).text)"))
    }

    /// Suspends the member: sessions end; votes, logins and signed requests are refused.
    public func suspendMember(_ id: String) async throws(CountersignClientError) -> AdminMember {
        try AdminMember(try await object(.POST, "/api/admin/members/\(try PathSegment(id).text)/suspend"))
    }

    /// Reinstates a suspended member.
    public func reinstateMember(_ id: String) async throws(CountersignClientError) -> AdminMember {
        try AdminMember(try await object(.POST, "/api/admin/members/\(try PathSegment(id).text)/reinstate"))
    }
}
