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
        router.post("/api/admin/policies") { request, context in try await storePolicy(request, context, id: nil) }
        router.post("/api/admin/policies/:id") { request, context in
            let text = try context.parameters.require("id")
            guard let id = try? PolicyID(text) else { throw APIError.notFound("policy \(text)") }
            return try await storePolicy(request, context, id: id)
        }
    }

    /// Stores a named policy (a new id) or a new version of an existing one. Statements name a
    /// stored policy by id and freeze its current version into their document.
    private func storePolicy(_ request: Request, _ context: ServerRequestContext, id existing: PolicyID?) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        try await admin.authenticate(request, body: bytes, context: context)
        let body = try JSONParser(limits: .init(maxBytes: 64 * 1024, maxDepth: 16)).parseObject(bytes)
        try body.allowOnly(["name", "policy"])
        let name = try body.requiredString("name")
        guard !name.isEmpty, name.count <= 200, PathTokens.isOneLine(name) else {
            throw APIError.badRequest("invalid_name", "a policy name is one line of 1 to 200 characters")
        }
        guard let value = body["policy"] else { throw APIError.badRequest("missing_field", "\"policy\" is required") }
        let policy: Policy
        do {
            policy = try Policy(json: value)
        } catch {
            throw APIError.unprocessable(error.code, error.description)
        }
        let now = environment.now
        let id = try existing ?? PolicyID(randomBytes: ServerSecrets.randomBytes(16))
        let stored = try await environment.store.write { tx -> PolicyRecord in
            let previous = try await tx.policy(id)
            if existing != nil, previous == nil { throw APIError.notFound("policy \(id)") }
            let record = PolicyRecord(id: id, version: (previous?.version ?? 0) + 1, name: name, policy: policy.canonicalBytes, createdAt: now)
            try await tx.insertPolicy(record)
            try await tx.appendAudit(
                actor: "admin", action: "policy.stored", subject: id.rawValue,
                details: ["name": .string(name), "version": .number(Double(record.version))], at: now)
            return try await tx.policy(id) ?? record
        }
        return .json(
            ["id": .string(stored.id.rawValue), "version": .number(Double(stored.version)), "name": .string(stored.name),
             "policy": policy.jsonValue, "createdAt": .string(Timestamp.format(stored.createdAt))],
            status: .created)
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
