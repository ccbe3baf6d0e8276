import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// Registration with a recovery invitation: the new passkey is stored pending (it cannot log in)
/// and the `member.recover` operation becomes due after the recovery delay, counted from now.
/// No session is opened: the member logs in with the new passkey once the recovery has run.
struct RecoveryRegistration: Sendable {
    let store: any Store
    let events: EventHub
    let configuration: ServerConfiguration
    let operationWakeup: Wakeup

    /// Stores `passkey` pending the recovery `id` and sets the operation due; returns the member
    /// and the operation.
    func register(_ passkey: PasskeyRecord, invitationHash: String, operation id: String, now: Date) async throws -> (MemberRecord, OperationRecord) {
        let (member, operation) = try await store.write { tx -> (MemberRecord, OperationRecord) in
            guard var operation = try await tx.lockOperation(id), operation.state == .pending, operation.member == passkey.member,
                  let member = try await tx.member(passkey.member), member.status == .active
            else { throw ServiceError.conflict("recovery_not_pending", "this recovery was cancelled or has already run") }
            guard try await tx.markInvitationUsed(tokenHash: invitationHash, at: now) else {
                throw ServiceError.conflict("invitation_used", "the invitation was already used")
            }
            try await tx.endOtherInvitations(of: member.id, than: invitationHash, at: now)
            var pending = passkey
            pending.pendingRecovery = operation.id
            do {
                try await tx.insertPasskey(pending)
            } catch StoreError.duplicate {
                throw ServiceError.conflict("passkey_exists", "this passkey is already registered")
            }
            operation.dueAt = now.addingTimeInterval(max(0, configuration.recoveryDelay))
            try await tx.updateOperation(operation)
            try await OperationAnnouncement.audit(
                "member.recovery_registered", operation, actor: member.id.rawValue, in: tx, at: now,
                extra: ["credentialId": .string(Base64URL.encode(passkey.credentialID))])
            // The delay starts now: the member hears when it ends (at their confirmed address).
            try await OperationMail.announce(operation, in: tx, at: now, configuration: configuration)
            return (member, operation)
        }
        events.nudge()
        operationWakeup.nudge()
        return (member, operation)
    }
}
