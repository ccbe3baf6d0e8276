import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Invitations over HTTP (`InvitationService`): the admin creates one with a new member
/// (`{"name","roles"}`, and optionally `"email"`, to which the invitation is then mailed) or for an existing member who has no passkey yet (`{"member"}`), lists
/// them with their state, and revokes pending ones.
struct AdminInvitationRoutes: Sendable {
    let environment: ServerEnvironment
    var invitations: InvitationService { environment.services.invitations }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("invitations") { request, context in try await invite(request, context) }
        group.get("invitations") { request, context in try await list(request, context) }
        group.post("invitations/:id/revoke") { request, context in try await revoke(request, context) }
    }

    private func invite(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await AdminRequest.object(
            request, context, environment: environment, allowed: ["name", "roles", "member", "email"], limit: 16 * 1024, maxDepth: 4)
        let invitee: InvitationService.Invitee
        if let text = body["member"] {
            guard body["name"] == nil, body["roles"] == nil else {
                throw ServiceError.invalid("invalid_invitation", "send either \"member\" or \"name\" and \"roles\", not both")
            }
            guard let idText = text.stringValue, let id = try? MemberID(idText) else {
                throw ServiceError.invalid("invalid_member", "\"member\" must be a member id (mem_…)")
            }
            invitee = .existing(id)
        } else {
            invitee = .newMember(try MemberFields.newMember(body, at: environment.now))
        }
        var email: EmailAddress?
        if let value = body["email"] {
            guard let text = value.stringValue else { throw ServiceError.invalid("invalid_email", "\"email\" must be a string") }
            email = try EmailAddress(text)
        }
        let created = try await invitations.invite(invitee, email: email)
        let invitation = created.invitation
        return .json(
            ["id": .string(invitation.tokenHash), "member": .string(invitation.member.rawValue), "token": .string(created.token),
             "link": .string(invitations.link(created.token)), "expiresAt": .string(Timestamp.format(invitation.expiresAt)),
             "mailed": .bool(created.mailed),
             "namesakes": .array(created.namesakes.map { .string($0.id.rawValue) }),
             "warnings": .array(created.namesakes.map { namesake in
                 .string("\(namesake.id.rawValue) is also named \"\(namesake.name)\"; people will tell the two apart only by email or member id")
             })],
            status: .created)
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.authenticate(request, context, environment: environment)
        var member: MemberID?
        if let text = request.uri.queryParameters["member"].map(String.init) {
            guard let id = try? MemberID(text) else { throw ServiceError.invalid("invalid_query", "member must be a member id (mem_…)") }
            member = id
        }
        let list = try await invitations.invitations(member: member)
        let now = environment.now
        return .json(["invitations": .array(list.map { Self.json($0, now: now) })])
    }

    private func revoke(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
        let revoked = try await invitations.revoke(try context.parameters.require("id"))
        return .json(Self.json(revoked, now: environment.now))
    }

    static func json(_ invitation: InvitationRecord, now: Date) -> JSONValue {
        .object([
            "id": .string(invitation.tokenHash), "member": .string(invitation.member.rawValue),
            "createdAt": .string(Timestamp.format(invitation.createdAt)), "expiresAt": .string(Timestamp.format(invitation.expiresAt)),
            "usedAt": invitation.usedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "revokedAt": invitation.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "state": .string(invitation.state(at: now).rawValue),
        ])
    }
}
