import Countersign
import CountersignStore
import Foundation

/// Stored policies: named, versioned policies that statements refer to by id. A statement freezes
/// the version current at its creation into its document, so a new version never changes the
/// rules of a statement already created. A new version is a dangerous operation.
struct PolicyService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let scheduler: OperationScheduler

    /// Stores a new named policy (version 1), audited `policy.stored`.
    func store(name: String, policy: Policy) async throws -> PolicyRecord {
        let now = clock.now
        let id = try PolicyID(randomBytes: ServerSecrets.randomBytes(16))
        let stored = try await store.write { tx -> PolicyRecord in
            let record = PolicyRecord(id: id, version: 1, name: name, policy: policy.canonicalBytes, createdAt: now)
            try await tx.insertPolicy(record)
            _ = try await tx.appendAudit(
                actor: "admin", action: "policy.stored", subject: id.rawValue,
                details: ["name": .string(name), "version": .number(Double(record.version))], at: now)
            return try await tx.policy(id) ?? record
        }
        events.nudge()
        return stored
    }

    /// Schedules a new version of the stored policy `id`: announced to the members either version
    /// names, cancellable by them.
    func scheduleVersion(of id: PolicyID, name: String, policy: Policy) async throws -> OperationRecord {
        try await scheduler.schedule(
            .policyReplace, member: nil, target: id.rawValue, details: ["name": .string(name), "policy": policy.jsonValue])
    }

    /// The latest version of every stored policy.
    func latest() async throws -> [PolicyRecord] {
        try await store.read { try await $0.latestPolicies() }
    }

    /// Every version of the policy `id`, oldest first; 404 when unknown.
    func versions(of id: PolicyID) async throws -> [PolicyRecord] {
        let versions = try await store.read { try await $0.policyVersions(id) }
        guard !versions.isEmpty else { throw ServiceError.notFound("policy \(id)") }
        return versions
    }
}
