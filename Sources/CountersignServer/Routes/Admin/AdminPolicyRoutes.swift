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
    var policies: PolicyService { environment.services.policies }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("policies") { request, context in try await store(request, context, newVersion: false) }
        group.post("policies/explain") { request, context in try await explain(request, context) }
        group.post("policies/:id") { request, context in try await store(request, context, newVersion: true) }
        group.get("policies") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            return .json(["policies": .array(try await policies.latest().map(Self.json))])
        }
        group.get("policies/:id") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            let id = try Self.policyID(context)
            let versions = try await policies.versions(of: id)
            guard let latest = versions.last, case .object(var json) = try Self.json(latest) else { throw ServiceError.notFound("policy \(id)") }
            json["versions"] = .array(try versions.map(Self.json))
            return .json(json)
        }
    }

    /// Stores a named policy (a new id) at once, or schedules a new version of an existing one.
    private func store(_ request: Request, _ context: ServerRequestContext, newVersion: Bool) async throws -> Response {
        let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["name", "policy"])
        let existing = newVersion ? try Self.policyID(context) : nil
        let name = try body.requiredString("name")
        guard !name.isEmpty, name.count <= 200, IdentifierText.isOneLine(name) else {
            throw ServiceError.invalid("invalid_name", "a policy name is one line of 1 to 200 characters")
        }
        guard let value = body["policy"] else { throw ServiceError.invalid("missing_field", "\"policy\" is required") }
        let policy: Policy
        do {
            policy = try Policy(json: value)
        } catch {
            throw ServiceError.unprocessable(error.code, error.description)
        }
        if let existing {
            return AdminOperationRoutes.accepted(try await policies.scheduleVersion(of: existing, name: name, policy: policy))
        }
        return .json(try Self.json(try await policies.store(name: name, policy: policy)), status: .created)
    }

    /// POST /api/admin/policies/explain {"policy"} or {"policyId"}: the words the new-statement
    /// form shows for a policy (the same service function), for the admin's stored-policy editor.
    /// A stored policy has no creator: it is checked with none, and what the creator changes is
    /// said (`StoredPolicyExplanation`). Changes nothing.
    private func explain(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await AdminRequest.object(request, context, environment: environment, allowed: ["policy", "policyId"], maxDepth: 24)
        let (source, policyID) = try StatementRoutes.policySource(body)
        let explanation = try await environment.services.statements.explainWithoutCreator(source, policyID: policyID)
        return .json([
            "text": .string(explanation.description.text),
            "clauses": .array(explanation.description.clauses.map { .string($0) }),
            "policy": explanation.policy.jsonValue,
            "dependsOnCreator": .bool(explanation.dependsOnCreator),
            "creatorsWhoCannotBeApproved": .array(explanation.creatorsWhoCannotBeApproved.map { member in
                .object(["id": .string(member.id.rawValue), "name": .string(member.name)])
            }),
            "creatorNote": .string(explanation.creatorNote),
        ])
    }

    static func json(_ record: PolicyRecord) throws -> JSONValue {
        .object([
            "id": .string(record.id.rawValue), "version": .number(Double(record.version)), "name": .string(record.name),
            "policy": try JSONParser().parse(record.policy), "createdAt": .string(Timestamp.format(record.createdAt)),
        ])
    }

    static func policyID(_ context: ServerRequestContext) throws -> PolicyID {
        let text = try context.parameters.require("id")
        guard let id = try? PolicyID(text) else { throw ServiceError.notFound("policy \(text.prefix(80))") }
        return id
    }
}
