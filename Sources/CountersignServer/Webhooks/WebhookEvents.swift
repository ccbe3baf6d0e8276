import Countersign
import CountersignJSON

/// The event kinds a webhook may subscribe to: the audit actions the server records, or "*".
/// An unknown name is refused rather than stored, so a typo does not silently match nothing.
enum WebhookEvents {
    /// Subscribes to every action.
    static let all = "*"
    /// At most this many names per webhook.
    static let maxEvents = 64

    /// Every audit action the server writes.
    static let known: Set<String> = {
        var names: Set<String> = [
            "admin.refused", "request.refused", "login.refused", "registration.refused", "key.refused", "vote.refused",
            "member.invited", "passkey.registered", "session.created", "policy.stored",
            "key.attested", "key.enrolled", "statement.created", "vote.withdrawn",
            "webhook.created", "webhook.deleted", "webhook.refused",
            // Member administration (issue 6).
            "member.created", "member.roles_changed", "member.suspended", "member.reinstated", "invitation.revoked",
            // Key lifecycle (issue 8).
            "key.rotated", "key.revoked", "passkey.revoked", "passkey.refused",
            // Delayed dangerous operations and recovery (issue 8).
            "operation.scheduled", "operation.cancelled", "operation.executed", "operation.failed", "operation.cancel_refused",
            "key.deleted", "passkey.deleted", "member.removed", "member.recovery_started", "member.recovery_registered",
            "member.recovered",
            // Encrypted key copies (issue 7).
            "key.copy_stored", "key.copy_deleted",
            // The holes of round 2 (issue 18): invitations, added passkeys, sessions, enrolments.
            "invitation.ended", "passkey.added", "passkey.add_refused", "session.ended_everywhere",
            "operation.confirmed", "operation.confirm_refused", "key.activated",
            // Comment threads (issue 22).
            "comment.added",
            // Notifications by email (issue 22).
            "email.set", "email.confirmed", "email.removed",
            // Statement templates (issue 22).
            "template.stored", "template.removed",
            // Passkeys named by their member (issue 22).
            "passkey.labelled",
        ]
        for state in StatementState.allCases { names.insert("statement.\(state.rawValue)") }
        for kind in [VoteKind.approve, .reject] { names.insert("vote.\(kind.rawValue)") }
        return names
    }()

    /// The validated, de-duplicated list of a registration's "events".
    static func parse(_ value: JSONValue?) throws(ServiceError) -> [String] {
        guard let array = value?.arrayValue, !array.isEmpty, array.count <= maxEvents else {
            throw .invalid("invalid_events", "\"events\" is an array of 1 to \(maxEvents) audit action names, or [\"*\"]")
        }
        var names: [String] = []
        for item in array {
            guard let name = item.stringValue, name == all || known.contains(name) else {
                throw .unprocessable("unknown_event", "\"events\" may hold only \"*\" and audit action names such as \"statement.approved\"")
            }
            if !names.contains(name) { names.append(name) }
        }
        return names.contains(all) ? [all] : names
    }
}
