import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Dangerous operations as the admin runs them (docs/operations.md, 6): deleting a key or a passkey
/// and removing a member are scheduled, not done (202 with the operation); the admin lists,
/// shows and withdraws operations. Role changes and policy replacements are scheduled by their
/// own routes (AdminMemberRoutes, AdminPolicyRoutes), recovery by AdminRecoveryRoutes.
struct AdminOperationRoutes: Sendable {
    let environment: ServerEnvironment
    var scheduler: OperationScheduler { environment.services.scheduler }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("operations") { request, context in try await list(request, context) }
        group.get("operations/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let id = try OperationJSON.id(try context.parameters.require("id"))
            return .json(OperationJSON.json(try await scheduler.operation(id)))
        }
        group.post("operations/:id/cancel") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            let id = try OperationJSON.id(try context.parameters.require("id"))
            return .json(OperationJSON.json(try await scheduler.cancel(id, by: "admin", beforeDue: false)))
        }
        group.post("keys/:kid/delete") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            return Self.accepted(try await scheduler.scheduleKeyDeletion(try context.parameters.require("kid")))
        }
        group.post("passkeys/:id/delete") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            return Self.accepted(try await scheduler.schedulePasskeyDeletion(try context.parameters.require("id")))
        }
        group.post("members/:id/remove") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            let id = try AdminMemberRoutes.memberID(context)
            return try await Self.accepted(scheduler.schedule(.memberRemove, member: id, target: id.rawValue, details: [:]))
        }
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.authenticate(request, context, environment: environment)
        let state = try Self.state(request)
        let operations = try await scheduler.operations(state: state)
        return .json(["operations": .array(operations.map(OperationJSON.json))])
    }

    /// The `state` query parameter, if any.
    static func state(_ request: Request) throws -> OperationRecord.State? {
        guard let text = request.uri.queryParameters["state"].map(String.init) else { return nil }
        guard let state = OperationRecord.State(rawValue: text) else {
            throw ServiceError.invalid("invalid_query", "state must be one of pending, cancelled, done, failed")
        }
        return state
    }

    /// 202 Accepted with the scheduled operation.
    static func accepted(_ operation: OperationRecord) -> Response {
        .json(OperationJSON.json(operation), status: .accepted)
    }
}
