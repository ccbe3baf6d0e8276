import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Schedules and cancels dangerous operations. Scheduling checks the operation as the runner
/// will (`OperationEffect.check`), refuses a second pending operation of the same kind on the
/// same target (409 `operation_pending`), stores it due after the configured delay and announces
/// it (`operation.scheduled`: audit log, webhooks, SSE to the affected members, and a mail to
/// each affected member with a confirmed address, queued in the same transaction).
struct OperationScheduler: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let configuration: ServerConfiguration
    let operationWakeup: Wakeup

    /// Schedules `kind` on `target` (affecting `member`), due after the dangerous-operation delay
    /// or, with `waitsForRegistration`, not yet due (a recovery: due once the new passkey is
    /// registered). `prepare` runs in the same transaction after the operation is stored and
    /// returns extra details for the announcement (recovery creates its invitation there).
    func schedule(
        _ kind: OperationRecord.Kind, member: MemberID?, target: String, details: JSONObject, waitsForRegistration: Bool = false,
        prepare: @escaping @Sendable (OperationRecord, any StoreTransaction) async throws -> JSONObject = { _, _ in [:] }
    ) async throws -> OperationRecord {
        let now = clock.now
        let operation = OperationRecord(
            id: OperationJSON.newID(), kind: kind, member: member, target: target, details: OperationJSON.text(details), scheduledAt: now,
            dueAt: waitsForRegistration ? nil : now.addingTimeInterval(max(0, configuration.dangerousOperationDelay)))
        try await store.write { tx in
            try await OperationEffect.check(operation, reader: tx)
            do {
                try await tx.insertOperation(operation)
            } catch StoreError.duplicate {
                throw ServiceError.conflict("operation_pending", "a \(kind.rawValue) operation on this target is already pending; cancel it first")
            }
            let extra = try await prepare(operation, tx)
            try await OperationAnnouncement.audit("operation.scheduled", operation, actor: "admin", in: tx, at: now, extra: extra)
            try await OperationMail.announce(operation, in: tx, at: now, configuration: configuration)
        }
        events.nudge()
        operationWakeup.nudge()
        return operation
    }

    /// Cancels a pending operation on behalf of `actor` ("admin" or a member id); a member may
    /// cancel only before the due time (409 `operation_due`). Cancelling a recovery deletes the
    /// passkey registered for it and revokes its invitation. Audited `operation.cancelled`.
    func cancel(_ id: String, by actor: String, beforeDue: Bool) async throws -> OperationRecord {
        let cancelled = try await store.write { tx -> OperationRecord in
            guard var operation = try await tx.lockOperation(id) else { throw ServiceError.notFound("operation \(id)") }
            let now = clock.now
            guard operation.state == .pending else {
                throw ServiceError.conflict("operation_not_pending", "the operation is \(operation.state.rawValue); only a pending one can be cancelled")
            }
            if beforeDue, let dueAt = operation.dueAt, dueAt <= now {
                throw ServiceError.conflict("operation_due", "the operation was due at \(Timestamp.format(dueAt)); it can no longer be cancelled")
            }
            operation.state = .cancelled
            operation.cancelledBy = actor
            operation.decidedAt = now
            try await tx.updateOperation(operation)
            if operation.kind == .memberRecover, let member = operation.member {
                for passkey in try await tx.pendingPasskeys(recovery: operation.id) {
                    _ = try await tx.revokePasskey(credentialID: passkey.credentialID, at: now)
                }
                for invitation in try await tx.invitations(member: member) where invitation.recovery == operation.id {
                    _ = try await tx.revokeInvitation(tokenHash: invitation.tokenHash, at: now)
                }
            }
            // A cancelled enrolment's key never becomes valid: revoked before its validFrom.
            if operation.kind == .keyEnrol, try await tx.revokeKey(kid: operation.target, at: now) {
                _ = try await tx.appendAudit(
                    actor: actor, action: "key.revoked", subject: operation.target,
                    details: ["member": operation.member.map { .string($0.rawValue) } ?? .null, "operation": .string(operation.id),
                              "revokedAt": .string(Timestamp.format(now))],
                    at: now)
            }
            try await OperationAnnouncement.audit("operation.cancelled", operation, actor: actor, in: tx, at: now)
            return operation
        }
        events.nudge()
        return cancelled
    }

    /// The member confirms an admin enrolment of a key for them ("this was me"): the key is
    /// valid from now instead of the due time, and the operation is done. Only the affected
    /// member, before the due time; audited `operation.confirmed` and `key.activated`.
    func confirm(_ id: String, by member: MemberID) async throws -> OperationRecord {
        let confirmed = try await store.write { tx -> OperationRecord in
            guard var operation = try await tx.lockOperation(id), operation.member == member else { throw ServiceError.notFound("operation \(id)") }
            let now = clock.now
            guard operation.kind == .keyEnrol else {
                throw ServiceError.conflict("operation_not_confirmable", "only a key enrolment can be confirmed; this operation can only be cancelled")
            }
            guard operation.state == .pending else {
                throw ServiceError.conflict("operation_not_pending", "the operation is \(operation.state.rawValue); only a pending one can be confirmed")
            }
            try await OperationEffect.check(operation, reader: tx)
            guard try await tx.activateKey(kid: operation.target, at: now) else {
                throw ServiceError.conflict("key_already_valid", "the key is already valid or revoked")
            }
            operation.state = .done
            operation.decidedAt = now
            operation.result = OperationJSON.text(["confirmedBy": .string(member.rawValue), "validFrom": .string(Timestamp.format(now))])
            try await tx.updateOperation(operation)
            try await OperationAnnouncement.audit("operation.confirmed", operation, actor: member.rawValue, in: tx, at: now)
            _ = try await tx.appendAudit(
                actor: member.rawValue, action: "key.activated", subject: operation.target,
                details: ["member": .string(member.rawValue), "operation": .string(operation.id), "validFrom": .string(Timestamp.format(now))],
                at: now)
            return operation
        }
        events.nudge()
        return confirmed
    }
}
