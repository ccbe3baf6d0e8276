import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// The one place a statement's status changes: inside the transaction that holds the statement's
/// row lock, the new status is stored, the action that caused it is audited (a vote, a
/// withdrawal), and a change of state is audited as `statement.<state>` with the old and new
/// state, weight and threshold, so webhooks and live updates see every transition exactly once.
enum StatusChange {
    /// The audited cause of a change: its action and details (the statement is the subject).
    struct Cause {
        var action: String
        var details: JSONObject
    }

    /// Records `status` for the `locked` statement at `now` on behalf of `actor`, with the instant
    /// it is next due for evaluation (`PolicyEvaluation.nextChangeAt`, for `StatementDeadlines`);
    /// returns the record as it now stands. A decision is mailed (`StatementMail`) in the same
    /// transaction.
    static func record(
        _ status: StatementStatus, of locked: StatementRecord, nextChangeAt: Date?, cause: Cause? = nil, actor: String,
        in tx: any StoreTransaction, at now: Date, configuration: ServerConfiguration
    ) async throws -> StatementRecord {
        var updated = locked
        updated.status = status
        updated.updatedAt = now
        updated.dueAt = status.state.isFinal ? nil : nextChangeAt
        try await tx.updateStatementStatus(locked.id, status: status, updatedAt: now, dueAt: updated.dueAt)
        if let cause {
            _ = try await tx.appendAudit(actor: actor, action: cause.action, subject: locked.id.rawValue, details: .object(cause.details), at: now)
        }
        if status.state != locked.status.state {
            _ = try await tx.appendAudit(
                actor: actor, action: "statement.\(status.state.rawValue)", subject: locked.id.rawValue,
                details: ["from": .string(locked.status.state.rawValue), "to": .string(status.state.rawValue),
                          "weight": .number(Double(status.weight)), "threshold": .number(Double(status.threshold))],
                at: now)
            try await StatementMail.announceDecision(updated, in: tx, at: now, configuration: configuration)
        }
        return updated
    }
}
