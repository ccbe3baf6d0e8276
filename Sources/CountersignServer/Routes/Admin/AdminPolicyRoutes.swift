import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Stored policies: named, versioned policies that statements refer to by id. A statement freezes
/// the version current at its creation into its document, so a new version never changes the
/// rules of a statement already created.
struct AdminPolicyRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/admin/policies") { request, context in try await store(request, context, newVersion: false) }
        router.post("/api/admin/policies/:id") { request, context in try await store(request, context, newVersion: true) }
        router.get("/api/admin/policies") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let policies = try await environment.store.read { try await $0.latestPolicies() }
            return .json(["policies": .array(try policies.map(Self.json))])
        }
        router.get("/api/admin/policies/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let id = try Self.policyID(context)
            let versions = try await environment.store.read { try await $0.policyVersions(id) }
            guard let latest = versions.last, case .object(var json) = try Self.json(latest) else { throw APIError.notFound("policy \(id)") }
            json["versions"] = .array(try versions.map(Self.json))
            return .json(json)
        }
    }

    /// Stores a named policy (a new id) at once, or schedules a new version of an existing one.
    private func store(_ request: Request, _ context: ServerRequestContext, newVersion: Bool) async throws -> Response {
        let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["name", "policy"])
        let existing = newVersion ? try Self.policyID(context) : nil
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
        if let existing {
            // Replacing a stored policy is a dangerous operation: scheduled, announced to the
            // members either version names, cancellable by them (docs/http-signatures.md).
            let operation = try await OperationScheduler(environment: environment).schedule(
                .policyReplace, member: nil, target: existing.rawValue, details: ["name": .string(name), "policy": policy.jsonValue])
            return AdminOperationRoutes.accepted(operation)
        }
        let now = environment.now
        let id = try PolicyID(randomBytes: ServerSecrets.randomBytes(16))
        let stored = try await environment.store.write { tx -> PolicyRecord in
            let record = PolicyRecord(id: id, version: 1, name: name, policy: policy.canonicalBytes, createdAt: now)
            try await tx.insertPolicy(record)
            _ = try await tx.appendAudit(
                actor: "admin", action: "policy.stored", subject: id.rawValue,
                details: ["name": .string(name), "version": .number(Double(record.version))], at: now)
            return try await tx.policy(id) ?? record
        }
        environment.events.nudge()
        return .json(try Self.json(stored), status: .created)
    }

    static func json(_ record: PolicyRecord) throws -> JSONValue {
        .object([
            "id": .string(record.id.rawValue), "version": .number(Double(record.version)), "name": .string(record.name),
            "policy": try JSONParser().parse(record.policy), "createdAt": .string(Timestamp.format(record.createdAt)),
        ])
    }

    static func policyID(_ context: ServerRequestContext) throws -> PolicyID {
        let text = try context.parameters.require("id")
        guard let id = try? PolicyID(text) else { throw APIError.notFound("policy \(text.prefix(80))") }
        return id
    }
}
