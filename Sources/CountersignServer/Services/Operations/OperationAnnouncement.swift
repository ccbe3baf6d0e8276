import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Audits a step of an operation's life (`operation.scheduled`, `operation.cancelled`,
/// `operation.executed`, `operation.failed`, `member.recovery_registered`). The event carries the
/// operation and its audience, so that webhooks deliver it and the event hub sends it, as an SSE
/// event of type "operation", to the affected members' streams only.
enum OperationAnnouncement {
    static func audit(
        _ action: String, _ operation: OperationRecord, actor: String, in tx: any StoreTransaction, at now: Date,
        extra: JSONObject = [:]
    ) async throws {
        let audience = try await OperationAudience.members(of: operation, reader: tx)
        var details = extra
        details["id"] = .string(operation.id)
        details["kind"] = .string(operation.kind.rawValue)
        details["target"] = .string(operation.target)
        details["dueAt"] = operation.dueAt.map { .string(Timestamp.format($0)) } ?? .null
        details["operation"] = OperationJSON.json(operation)
        details["audience"] = OperationAudience.json(audience)
        _ = try await tx.appendAudit(
            actor: actor, action: action, subject: operation.member?.rawValue ?? operation.target, details: .object(details), at: now)
    }
}
