import Countersign
import CountersignStore
import Foundation

/// The admin's side of dangerous operations: the list, one operation, and the scheduling of the
/// deletions and of an account recovery (whose invitation is created with the operation).
extension OperationScheduler {
    /// Most operations a list returns.
    static let listLimit = 500

    /// Operations in `state` (any state when nil), newest first, at most `listLimit`.
    func operations(state: OperationRecord.State?) async throws -> [OperationRecord] {
        try await store.read { try await $0.operations(state: state, limit: Self.listLimit) }
    }

    /// The operation `id`; 404 when unknown.
    func operation(_ id: String) async throws -> OperationRecord {
        guard let operation = try await store.read({ try await $0.operation(id) }) else {
            throw ServiceError.notFound("operation \(id)")
        }
        return operation
    }

    /// Schedules the deletion of the live key `kid`.
    func scheduleKeyDeletion(_ kid: String) async throws -> OperationRecord {
        let key = try await store.read { try await OperationEffect.liveKey(kid, reader: $0) }
        return try await schedule(.keyDelete, member: key.member, target: key.kid, details: [:])
    }

    /// Schedules the deletion of the live passkey `id` (its credential id, base64url).
    func schedulePasskeyDeletion(_ id: String) async throws -> OperationRecord {
        let passkey = try await store.read { try await OperationEffect.livePasskey(id, reader: $0) }
        return try await schedule(.passkeyDelete, member: passkey.member, target: id, details: [:])
    }

    /// A recovery invitation: the token is shown once; only its hash is stored.
    struct RecoveryInvitation: Sendable {
        let token: String
        let tokenHash: String
        let expiresAt: Date
    }

    /// Starts the account recovery of the active member `id`: a `member.recover` operation that
    /// waits (dueAt null) until the member registers a new passkey with the recovery invitation
    /// created in the same transaction; registration sets it due after the recovery delay, during
    /// which any of the member's old passkeys can cancel it.
    func startRecovery(of id: MemberID) async throws -> (OperationRecord, RecoveryInvitation) {
        let (token, tokenHash) = InvitationToken.generate()
        let now = clock.now
        let expiresAt = now.addingTimeInterval(configuration.invitationLifetime)
        let operation = try await schedule(.memberRecover, member: id, target: id.rawValue, details: [:], waitsForRegistration: true) { operation, tx in
            try await tx.insertInvitation(
                InvitationRecord(tokenHash: tokenHash, member: id, createdAt: now, expiresAt: expiresAt, recovery: operation.id))
            _ = try await tx.appendAudit(
                actor: "admin", action: "member.recovery_started", subject: id.rawValue,
                details: ["operation": .string(operation.id), "invitation": .string(tokenHash), "expiresAt": .string(Timestamp.format(expiresAt))],
                at: now)
            return ["invitation": .string(tokenHash)]
        }
        return (operation, RecoveryInvitation(token: token, tokenHash: tokenHash, expiresAt: expiresAt))
    }
}
