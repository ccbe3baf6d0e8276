import CountersignJSON
import Foundation

/// An invitation as the admin lists it.
public struct Invitation: Sendable {
    /// The invitation as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let id: String
    public let member: String
    public let createdAt: Date
    public let expiresAt: Date
    public let usedAt: Date?
    public let revokedAt: Date?
    /// "pending", "used", "expired" or "revoked".
    public let state: String

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        member = try response.string("member")
        createdAt = try response.date("createdAt")
        expiresAt = try response.date("expiresAt")
        usedAt = try response.optionalDate("usedAt")
        revokedAt = try response.optionalDate("revokedAt")
        state = try response.string("state")
    }
}

/// A new invitation: the one-time token (what `POST /api/registration/options` takes as
/// "invite") and the link to send. The token is shown only here.
public struct CreatedInvitation: Sendable {
    /// The invitation's id; nil from servers that predate invitation ids.
    public let id: String?
    public let member: String
    public let token: String
    public let link: String
    public let expiresAt: Date
    /// Whether the server queued the invitation as a mail (an email address was given).
    public let mailed: Bool
    /// The server's warnings about the invitation (another member with the same name); empty
    /// from servers that predate them.
    public let warnings: [String]

    init(_ response: ResponseObject) throws(CountersignClientError) {
        mailed = response.object["mailed"]?.boolValue ?? false
        warnings = (response.object["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
        id = try response.optionalString("id")
        member = try response.string("member")
        token = try response.string("token")
        link = try response.string("link")
        expiresAt = try response.date("expiresAt")
    }
}

/// Invitations (admin credentials).
extension CountersignClient {
    /// Who an invitation is for: a new member, or an existing one (a new passkey after a loss).
    public enum Invitee: Sendable {
        case newMember(name: String, roles: [String])
        case existingMember(id: String)
    }

    /// Creates an invitation; with `email`, the server stores that (unconfirmed) address for the
    /// member and mails the invitation to it.
    public func invite(_ invitee: Invitee, email: String? = nil) async throws(CountersignClientError) -> CreatedInvitation {
        var body: JSONObject =
            switch invitee {
            case .newMember(let name, let roles): ["name": .string(name), "roles": .array(roles.map { .string($0) })]
            case .existingMember(let id): ["member": .string(id)]
            }
        if let email { body["email"] = .string(email) }
        return try CreatedInvitation(try await object(.POST, "/api/admin/invitations", body: .object(body), expected: [201]))
    }

    /// Invitations, newest first, optionally only those of one member.
    public func invitations(member: String? = nil) async throws(CountersignClientError) -> [Invitation] {
        try await object(.GET, "/api/admin/invitations" + QueryString([("member", member)]).text).array("invitations", Invitation.init)
    }

    /// Revokes an invitation so its token no longer registers a passkey.
    public func revokeInvitation(_ id: String) async throws(CountersignClientError) -> Invitation {
        try Invitation(try await object(.POST, "/api/admin/invitations/\(try PathSegment(id).text)/revoke"))
    }
}
