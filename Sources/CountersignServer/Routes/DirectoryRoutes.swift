import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// What a member needs to draft a statement and to read one: the active members (for a policy's
/// signers) and the suspended and removed ones (to name them where they voted or wrote), the
/// stored policies, and a policy explained in words by the server's own `PolicyDescription`
/// (the one source of the wording that the statement will later show).
struct DirectoryRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var statements: StatementService { environment.services.statements }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/members") { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            let directory = try await statements.directory()
            func entry(_ member: MemberRecord, status: Bool) -> JSONValue {
                var entry = Self.directoryEntry(member).objectValue ?? [:]
                if status { entry["status"] = .string(member.status.rawValue) }
                if let email = directory.emails[member.id] { entry["email"] = .string(email) }
                return .object(entry)
            }
            return .json([
                "members": .array(directory.active.map { entry($0, status: false) }),
                "inactive": .array(directory.inactive.map { entry($0, status: true) }),
            ])
        }
        let policies = router.group("api/policies")
        policies.get { request, context -> Response in
            _ = try await members.member(of: request, context: context)
            let policies = try await environment.services.policies.latest()
            return .json(["policies": .array(try policies.map(AdminPolicyRoutes.json))])
        }
        policies.post("explain") { request, context in try await explain(request, context) }
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
        let (policy, description) = try await statements.explain(source, policyID: policyID, creator: member.id)
        return .json([
            "text": .string(description.text), "clauses": .array(description.clauses.map { .string($0) }),
            "policy": policy.jsonValue,
        ])
    }
}
