import Countersign
import Foundation

/// A dangerous operation the admin scheduled (docs/operations.md, 6): it waits until `dueAt`, during
/// which the affected member can cancel it with a passkey, then the operation runner performs it
/// exactly once.
public struct OperationRecord: Sendable, Hashable {
    /// What the operation does when it runs.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Revoke a signing key (target: its kid), keeping it in evidence.
        case keyDelete = "key.delete"
        /// Delete a passkey (target: its base64url credential id).
        case passkeyDelete = "passkey.delete"
        /// Remove a member (target: the member id).
        case memberRemove = "member.remove"
        /// Replace a member's roles (target: the member id; details {"roles"}).
        case memberRoles = "member.roles"
        /// Store a new version of a policy (target: the policy id; details {"policy","name"}).
        case policyReplace = "policy.replace"
        /// Replace a member's passkeys by the one registered with a recovery invitation.
        case memberRecover = "member.recover"
        /// A key enrolled with a user token for a member who has a passkey (target: its kid): the
        /// key is stored with `validFrom` at the due time; cancelling revokes it, and the member
        /// can confirm it earlier with a passkey.
        case keyEnrol = "key.enrol"
    }

    /// Where the operation stands.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending, cancelled, done, failed
    }

    /// "op_" and random base64url.
    public var id: String
    public var kind: Kind
    /// The affected member; nil for a policy replacement, which affects whoever the policy names.
    public var member: MemberID?
    public var target: String
    /// The operation's parameters, a JSON object as text.
    public var details: String
    public var scheduledAt: Date
    /// When it runs; nil while it waits for something else (a recovery waits for registration).
    public var dueAt: Date?
    public var state: State
    /// Who cancelled it: "admin" or a member id.
    public var cancelledBy: String?
    /// When it was cancelled, done or failed.
    public var decidedAt: Date?
    /// What running it did or why it failed, a JSON object as text.
    public var result: String?

    public init(
        id: String, kind: Kind, member: MemberID?, target: String, details: String, scheduledAt: Date, dueAt: Date?,
        state: State = .pending, cancelledBy: String? = nil, decidedAt: Date? = nil, result: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.member = member
        self.target = target
        self.details = details
        self.scheduledAt = scheduledAt
        self.dueAt = dueAt
        self.state = state
        self.cancelledBy = cancelledBy
        self.decidedAt = decidedAt
        self.result = result
    }
}
