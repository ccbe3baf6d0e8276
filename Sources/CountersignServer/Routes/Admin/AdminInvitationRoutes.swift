import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Invitations: one-time links to register a passkey. The admin creates one with a new member
/// (`{"name","roles"}`) or for an existing member who has no passkey yet (`{"member"}`), lists
/// them with their state, and revokes pending ones. Only the token's SHA-256 is stored; it is
/// also the invitation's id, which is useless for registering.
struct AdminInvitationRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/admin/invitations") { request, context in try await invite(request, context) }
        router.get("/api/admin/invitations") { request, context in try await list(request, context) }
        router.post("/api/admin/invitations/:id/revoke") { request, context in try await revoke(request, context) }
    }

    private func invite(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await AdminRequest.object(
            request, context, environment: environment, allowed: ["name", "roles", "member"], limit: 16 * 1024, maxDepth: 4)
        let now = environment.now
        let token = Base64URL.encode(ServerSecrets.randomBytes(32))
        let tokenHash = PasskeyRoutes.tokenHash(token)
        let expiresAt = now.addingTimeInterval(environment.configuration.invitationLifetime)
        let newMember: MemberRecord?
        let memberID: MemberID
        if let text = body["member"] {
            guard body["name"] == nil, body["roles"] == nil else {
                throw APIError.badRequest("invalid_invitation", "send either \"member\" or \"name\" and \"roles\", not both")
            }
            guard let idText = text.stringValue, let id = try? MemberID(idText) else {
                throw APIError.badRequest("invalid_member", "\"member\" must be a member id (mem_…)")
            }
            (newMember, memberID) = (nil, id)
        } else {
            let member = try AdminMemberJSON.newMember(body, at: now)
            (newMember, memberID) = (member, member.id)
        }
        let invitation = InvitationRecord(tokenHash: tokenHash, member: memberID, createdAt: now, expiresAt: expiresAt)
        try await environment.store.write { tx in
            if let newMember {
                try await tx.insertMember(newMember)
            } else {
                guard let existing = try await tx.member(memberID) else { throw APIError.notFound("member \(memberID)") }
                guard existing.status == .invited else {
                    throw APIError.conflict("member_not_invited", "the member is \(existing.status.rawValue); only a member without a passkey can be invited")
                }
            }
            try await tx.insertInvitation(invitation)
            var details: JSONObject = ["invitation": .string(tokenHash), "expiresAt": .string(Timestamp.format(expiresAt))]
            if let newMember {
                details["name"] = .string(newMember.name)
                details["roles"] = .array(newMember.roles.map { .string($0.rawValue) })
            }
            _ = try await tx.appendAudit(actor: "admin", action: "member.invited", subject: memberID.rawValue, details: .object(details), at: now)
        }
        environment.events.nudge()
        let link = environment.configuration.linkBase + "/invite#" + token
        return .json(
            ["id": .string(tokenHash), "member": .string(memberID.rawValue), "token": .string(token), "link": .string(link),
             "expiresAt": .string(Timestamp.format(expiresAt))],
            status: .created)
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.authenticate(request, context, environment: environment)
        var member: MemberID?
        if let text = request.uri.queryParameters["member"].map(String.init) {
            guard let id = try? MemberID(text) else { throw APIError.badRequest("invalid_query", "member must be a member id (mem_…)") }
            member = id
        }
        let filter = member
        let invitations = try await environment.store.read { try await $0.invitations(member: filter) }
        let now = environment.now
        return .json(["invitations": .array(invitations.map { Self.json($0, now: now) })])
    }

    private func revoke(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
        let id = try context.parameters.require("id")
        guard PathTokens.isBase64URL(id, maxLength: 64) else { throw APIError.notFound("invitation") }
        let now = environment.now
        let revoked = try await environment.store.write { tx -> InvitationRecord in
            guard let invitation = try await tx.invitation(tokenHash: id) else { throw APIError.notFound("invitation") }
            guard try await tx.revokeInvitation(tokenHash: id, at: now) else {
                throw APIError.conflict("invitation_not_pending", "the invitation is \(invitation.state(at: now).rawValue); only a pending one can be revoked")
            }
            _ = try await tx.appendAudit(
                actor: "admin", action: "invitation.revoked", subject: invitation.member.rawValue,
                details: ["invitation": .string(id)], at: now)
            return try await tx.invitation(tokenHash: id) ?? invitation
        }
        environment.events.nudge()
        return .json(Self.json(revoked, now: now))
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
