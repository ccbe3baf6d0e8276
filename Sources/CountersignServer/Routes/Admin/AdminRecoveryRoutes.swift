import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Account recovery (docs/operations.md): the admin schedules a `member.recover` operation for an
/// active member and gets a recovery invitation for them. The operation waits (dueAt null) until
/// the member registers a new passkey with the invitation; registration sets it due after the
/// recovery delay, during which any of the member's old passkeys can cancel it.
struct AdminRecoveryRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/admin/members/:id/recover") { request, context in try await recover(request, context) }
    }

    private func recover(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
        let id = try AdminMemberRoutes.memberID(context)
        let token = Base64URL.encode(ServerSecrets.randomBytes(32))
        let tokenHash = PasskeyRoutes.tokenHash(token)
        let now = environment.now
        let expiresAt = now.addingTimeInterval(environment.configuration.invitationLifetime)
        let operation = try await OperationScheduler(environment: environment).schedule(
            .memberRecover, member: id, target: id.rawValue, details: [:], waitsForRegistration: true
        ) { operation, tx in
            try await tx.insertInvitation(
                InvitationRecord(tokenHash: tokenHash, member: id, createdAt: now, expiresAt: expiresAt, recovery: operation.id))
            _ = try await tx.appendAudit(
                actor: "admin", action: "member.recovery_started", subject: id.rawValue,
                details: ["operation": .string(operation.id), "invitation": .string(tokenHash), "expiresAt": .string(Timestamp.format(expiresAt))],
                at: now)
            return ["invitation": .string(tokenHash)]
        }
        let link = environment.configuration.linkBase + "/invite#" + token
        return .json(
            ["operation": OperationJSON.json(operation),
             "invitation": .object([
                 "id": .string(tokenHash), "member": .string(id.rawValue), "token": .string(token), "link": .string(link), "expiresAt": .string(Timestamp.format(expiresAt)),
             ])],
            status: .accepted)
    }
}
