import Countersign
import CountersignJSON
import Hummingbird

/// Account recovery (docs/operations.md, `OperationScheduler.startRecovery`): the admin schedules
/// a `member.recover` operation for an active member and gets a recovery invitation for them.
struct AdminRecoveryRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("members/:id/recover") { request, context in try await recover(request, context) }
    }

    private func recover(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
        let id = try AdminMemberRoutes.memberID(context)
        let (operation, invitation) = try await environment.services.scheduler.startRecovery(of: id)
        let link = environment.configuration.linkBase + "/invite#" + invitation.token
        return .json(
            ["operation": OperationJSON.json(operation),
             "invitation": .object([
                 "id": .string(invitation.tokenHash), "member": .string(id.rawValue), "token": .string(invitation.token), "link": .string(link),
                 "expiresAt": .string(Timestamp.format(invitation.expiresAt)),
             ])],
            status: .accepted)
    }
}
