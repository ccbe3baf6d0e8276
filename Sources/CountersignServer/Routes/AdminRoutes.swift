import Countersign
import CountersignJOSE
import CountersignStore
import Foundation
import Hummingbird

/// The admin API (DESIGN.md 6), authenticated by an RFC 9421 signature with the ADMIN_KEY.
/// Issue 5 needs invitations; the rest of administration builds on the same authentication.
struct AdminRoutes: Sendable {
    let environment: ServerEnvironment
    var admin: AdminAuthenticator { AdminAuthenticator(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/admin/invitations") { request, context in try await invite(request, context) }
    }

    private func invite(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        try await admin.authenticate(request, body: bytes, context: context)
        let body = try JSONParser(limits: .init(maxBytes: 16 * 1024, maxDepth: 4)).parseObject(bytes)
        try body.allowOnly(["name", "roles"])
        let name = try body.requiredString("name").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, PathTokens.isOneLine(name) else {
            throw APIError.badRequest("invalid_name", "a name is one line of 1 to 200 characters")
        }
        var roles: [Role] = []
        if let value = body["roles"] {
            guard let array = value.arrayValue, array.count <= 32 else { throw APIError.badRequest("invalid_roles", "\"roles\" must be an array of at most 32 role names") }
            for item in array {
                guard let text = item.stringValue, let role = try? Role(text) else {
                    throw APIError.badRequest("invalid_roles", "a role is a short lowercase name, e.g. \"investor\"")
                }
                if !roles.contains(role) { roles.append(role) }
            }
        }
        let now = environment.now
        let roleList = roles
        let memberID = try MemberID(randomBytes: ServerSecrets.randomBytes(16))
        let token = Base64URL.encode(ServerSecrets.randomBytes(32))
        let member = MemberRecord(id: memberID, name: name, roles: roleList, status: .invited, userHandle: ServerSecrets.randomBytes(32), createdAt: now)
        let invitation = InvitationRecord(
            tokenHash: PasskeyRoutes.tokenHash(token), member: memberID, createdAt: now,
            expiresAt: now.addingTimeInterval(environment.configuration.invitationLifetime))
        try await environment.store.write { tx in
            try await tx.insertMember(member)
            try await tx.insertInvitation(invitation)
            _ = try await tx.appendAudit(
                actor: "admin", action: "member.invited", subject: memberID.rawValue,
                details: ["name": .string(name), "roles": .array(roleList.map { .string($0.rawValue) }),
                          "expiresAt": .string(Timestamp.format(invitation.expiresAt))],
                at: now)
        }
        let link = environment.configuration.linkBase + "/invite#" + token
        return .json(
            ["member": .string(memberID.rawValue), "token": .string(token), "link": .string(link),
             "expiresAt": .string(Timestamp.format(invitation.expiresAt))],
            status: .created)
    }
}
