import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Members as the admin manages them: create (for service members, who enrol a key with a user
/// token instead of registering a passkey), list, show, change roles (a scheduled operation),
/// suspend and reinstate.
struct AdminMemberRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/admin/members") { request, context in try await create(request, context) }
        router.get("/api/admin/members") { request, context in try await list(request, context) }
        router.get("/api/admin/members/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let id = try Self.memberID(context)
            let member = try await environment.store.read { reader -> JSONValue? in
                guard let member = try await reader.member(id) else { return nil }
                return try await AdminMemberJSON.json(member, reader: reader)
            }
            guard let member else { throw APIError.notFound("member \(id)") }
            return .json(member)
        }
        router.post("/api/admin/members/:id/roles") { request, context -> Response in
            let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["roles"])
            guard let value = body["roles"] else { throw APIError.badRequest("missing_field", "\"roles\" is required") }
            let roles = try AdminMemberJSON.roles(value)
            let id = try Self.memberID(context)
            // A dangerous operation: scheduled, announced and cancellable by the member (docs/http-signatures.md).
            let operation = try await OperationScheduler(environment: environment).schedule(
                .memberRoles, member: id, target: id.rawValue, details: ["roles": .array(roles.map { .string($0.rawValue) })])
            return AdminOperationRoutes.accepted(operation)
        }
        router.post("/api/admin/members/:id/suspend") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            return try await change(try Self.memberID(context), action: "member.suspended", details: [:]) { member, tx in
                guard member.status.mayBecome(.suspended) else {
                    throw member.status == .removed
                        ? APIError.conflict("member_removed", "the member was removed")
                        : APIError.conflict("member_suspended", "the member is already suspended")
                }
                member.status = .suspended
                _ = try await tx.deleteSessions(member: member.id)
            }
        }
        router.post("/api/admin/members/:id/reinstate") { request, context -> Response in
            _ = try await AdminRequest.object(request, context, environment: environment, allowed: [], optional: true)
            return try await change(try Self.memberID(context), action: "member.reinstated", details: [:]) { member, tx in
                let hasPasskey = try await !tx.passkeys(member: member.id).isEmpty
                let hasKey = try await !tx.keys(member: member.id).isEmpty
                let next: MemberRecord.Status = hasPasskey || hasKey ? .active : .invited
                guard member.status == .suspended, member.status.mayBecome(next) else {
                    throw APIError.conflict("member_not_suspended", "the member is not suspended")
                }
                member.status = next
            }
        }
    }

    private func create(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["name", "roles"], maxDepth: 4)
        let now = environment.now
        let member = try AdminMemberJSON.newMember(body, at: now)
        let json = try await environment.store.write { tx in
            try await tx.insertMember(member)
            _ = try await tx.appendAudit(
                actor: "admin", action: "member.created", subject: member.id.rawValue,
                details: ["name": .string(member.name), "roles": .array(member.roles.map { .string($0.rawValue) })], at: now)
            return try await AdminMemberJSON.json(member, reader: tx)
        }
        environment.events.nudge()
        return .json(json, status: .created)
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await AdminRequest.authenticate(request, context, environment: environment)
        var status: MemberRecord.Status?
        if let text = request.uri.queryParameters["status"].map(String.init) {
            guard let value = MemberRecord.Status(rawValue: text) else {
                throw APIError.badRequest("invalid_query", "status must be one of invited, active, suspended, removed")
            }
            status = value
        }
        let wanted = status
        let members = try await environment.store.read { reader in
            let all = try await reader.allMembers().filter { wanted == nil || $0.status == wanted }
            let keys = Dictionary(grouping: try await reader.allKeys(), by: \.member)
            var list: [JSONValue] = []
            for member in all.sorted(by: { ($0.createdAt, $0.id.rawValue) < ($1.createdAt, $1.id.rawValue) }) {
                let passkeys = try await reader.passkeys(member: member.id)
                list.append(AdminMemberJSON.json(member, passkeys: passkeys.count, keys: keys[member.id] ?? []))
            }
            return list
        }
        return .json(["members": .array(members)])
    }

    /// Applies `edit` to the member under the write transaction, audits `action`, returns the result.
    private func change(
        _ id: MemberID, action: String, details: JSONObject,
        _ edit: @escaping @Sendable (inout MemberRecord, any StoreTransaction) async throws -> Void
    ) async throws -> Response {
        let now = environment.now
        let json = try await environment.store.write { tx in
            guard var member = try await tx.member(id) else { throw APIError.notFound("member \(id)") }
            try await edit(&member, tx)
            try await tx.updateMember(member)
            var audited = details
            audited["status"] = .string(member.status.rawValue)
            _ = try await tx.appendAudit(actor: "admin", action: action, subject: id.rawValue, details: .object(audited), at: now)
            return try await AdminMemberJSON.json(member, reader: tx)
        }
        environment.events.nudge()
        return .json(json)
    }

    static func memberID(_ context: ServerRequestContext) throws -> MemberID {
        let text = try context.parameters.require("id")
        guard let id = try? MemberID(text) else { throw APIError.notFound("member \(text.prefix(80))") }
        return id
    }
}
