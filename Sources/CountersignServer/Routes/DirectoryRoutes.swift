import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// What a member needs to draft a statement: the active members (for a policy's signers), the
/// stored policies, and a policy explained in words by the server's own `PolicyDescription`
/// (the one source of the wording that the statement will later show).
struct DirectoryRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var statements: StatementService { StatementService(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/members") { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            let all = try await environment.store.read { try await $0.allMembers() }
            let active = all.filter { $0.status == .active }.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
            return .json(["members": .array(active.map(Self.directoryEntry))])
        }
        router.get("/api/policies") { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            let policies = try await environment.store.read { try await $0.latestPolicies() }
            return .json(["policies": .array(try policies.map(AdminPolicyRoutes.json))])
        }
        router.post("/api/policies/explain") { request, context in try await explain(request, context) }
    }

    /// {"id","name","roles"}: what any member may know of another.
    static func directoryEntry(_ member: MemberRecord) -> JSONValue {
        .object(["id": .string(member.id.rawValue), "name": .string(member.name), "roles": .array(member.roles.map { .string($0.rawValue) })])
    }

    /// POST /api/policies/explain {"policy"} or {"policyId"}: the policy checked exactly as
    /// statement creation checks it (valid, reachable with the current members and the caller
    /// as creator) and described in words. Changes nothing.
    private func explain(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: 64 * 1024, maxDepth: 24)
        try body.allowOnly(["policy", "policyId"])
        let (source, policyID) = try StatementRoutes.policySource(body)
        let policy = try await statements.resolvePolicy(source, policyID: policyID)
        let all = try await environment.store.read { try await $0.allMembers() }
        try StatementService.requireReachable(policy, members: all, creator: member.id)
        let names = Dictionary(all.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let description = PolicyDescription(policy, names: names)
        return .json([
            "text": .string(description.text), "clauses": .array(description.clauses.map { .string($0) }),
            "policy": policy.jsonValue,
        ])
    }
}
