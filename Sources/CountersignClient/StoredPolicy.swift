import CountersignJSON
import Foundation

/// A named, versioned policy that statements can name by id.
public struct StoredPolicy: Sendable {
    /// The policy record as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let id: String
    public let version: Int64
    public let name: String
    public let policy: JSONValue
    public let createdAt: Date
    /// Every version, oldest first: only from `policy(_:)`, empty elsewhere.
    public let versions: [StoredPolicy]

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        version = try response.integer("version")
        name = try response.string("name")
        policy = try response.value("policy")
        createdAt = try response.date("createdAt")
        if response.object["versions"] == nil {
            versions = []
        } else {
            versions = try response.array("versions", StoredPolicy.init)
        }
    }
}

/// Stored policies (admin credentials).
extension CountersignClient {
    /// Stores a new policy (version 1).
    public func storePolicy(name: String, policy: JSONValue) async throws(CountersignClientError) -> StoredPolicy {
        try StoredPolicy(try await object(
            .POST, "/api/admin/policies", body: .object(["name": .string(name), "policy": policy]), expected: [201]))
    }

    /// Schedules the next version of policy `id` (a `policy.replace` operation, run after the
    /// dangerous-operation delay unless cancelled); statements already created keep the version
    /// they froze.
    public func storePolicyVersion(_ id: String, name: String, policy: JSONValue) async throws(CountersignClientError) -> ScheduledOperation {
        try ScheduledOperation(try await object(
            .POST, "/api/admin/policies/\(try PathSegment(id).text)", body: .object(["name": .string(name), "policy": policy]), expected: [202]))
    }

    /// The latest version of each stored policy.
    public func policies() async throws(CountersignClientError) -> [StoredPolicy] {
        try await object(.GET, "/api/admin/policies").array("policies", StoredPolicy.init)
    }

    /// The latest version of policy `id`, with every version in `versions`.
    public func policy(_ id: String) async throws(CountersignClientError) -> StoredPolicy {
        try StoredPolicy(try await object(.GET, "/api/admin/policies/\(try PathSegment(id).text)"))
    }

    /// A page of the audit log through the admin API (same shape as `auditPage`).
    public func adminAuditPage(after: Int64 = 0, limit: Int = 1000) async throws(CountersignClientError) -> AuditPage {
        try AuditPage(try await object(.GET, "/api/admin/audit" + QueryString([("after", String(after)), ("limit", String(limit))]).text))
    }
}
