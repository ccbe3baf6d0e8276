import Countersign
import CountersignJSON
import CountersignStore
import Hummingbird

/// Members as the admin manages them (`MemberAdministration`): create, list, show, change roles
/// (a scheduled operation), suspend and reinstate.
struct AdminMemberRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAdministration { environment.services.members }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("members") { request, context -> Response in
            let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["name", "roles"], maxDepth: 4)
            let account = try await members.create(try MemberFields.newMember(body, at: environment.now))
            return .json(Self.json(account), status: .created)
        }
        group.get("members") { request, context in try await list(request, context) }
        group.get("members/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            return .json(Self.json(try await members.account(try Self.memberID(context))))
        }
        group.post("members/:id/roles") { request, context -> Response in
            let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["roles"])
            guard let value = body["roles"] else { throw ServiceError.invalid("missing_field", "\"roles\" is required") }
            let roles = try MemberFields.roles(value)
            let id = try Self.memberID(context)
            // A dangerous operation: scheduled, announced and cancellable by the member (docs/http-signatures.md).
            let operation = try await environment.services.scheduler.schedule(
                .memberRoles, member: id, target: id.rawValue, details: ["roles": .array(roles.map { .string($0.rawValue) })])
            return AdminOperationRoutes.accepted(operation)
        }
        group.post("members/:id/suspend") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            return .json(Self.json(try await members.suspend(try Self.memberID(context))))
        }
        group.post("members/:id/reinstate") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            return .json(Self.json(try await members.reinstate(try Self.memberID(context))))
        }
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.authenticate(request, context, environment: environment)
        var status: MemberRecord.Status?
        if let text = request.uri.queryParameters["status"].map(String.init) {
            guard let value = MemberRecord.Status(rawValue: text) else {
                throw ServiceError.invalid("invalid_query", "status must be one of invited, active, suspended, removed")
            }
            status = value
        }
        return .json(["members": .array(try await members.members(status: status).map(Self.json))])
    }

    static func json(_ account: MemberAdministration.Account) -> JSONValue {
        AdminMemberJSON.json(account.member, passkeys: account.passkeys, keys: account.keys)
    }

    static func memberID(_ context: ServerRequestContext) throws -> MemberID {
        let text = try context.parameters.require("id")
        guard let id = try? MemberID(text) else { throw ServiceError.notFound("member \(text.prefix(80))") }
        return id
    }
}
