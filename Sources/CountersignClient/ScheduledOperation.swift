import CountersignJSON
import Foundation

/// A dangerous operation the admin scheduled (docs/operations.md): it runs at `dueAt` unless
/// the affected member cancels it with a passkey, or the admin withdraws it.
public struct ScheduledOperation: Sendable {
    /// The operation as the server sent it (what `--json` prints).
    public let json: JSONObject
    /// "op_…".
    public let id: String
    /// "key.delete", "passkey.delete", "member.remove", "member.roles", "policy.replace" or
    /// "member.recover".
    public let kind: String
    /// The affected member; nil for a policy replacement.
    public let member: String?
    public let target: String
    /// "pending", "cancelled", "done" or "failed".
    public let state: String
    public let scheduledAt: Date
    /// nil while a recovery waits for the new passkey's registration.
    public let dueAt: Date?
    public let cancelledBy: String?
    public let decidedAt: Date?

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        id = try response.string("id")
        kind = try response.string("kind")
        member = try response.optionalString("member")
        target = try response.string("target")
        state = try response.string("state")
        scheduledAt = try response.date("scheduledAt")
        dueAt = try response.optionalDate("dueAt")
        cancelledBy = try response.optionalString("cancelledBy")
        decidedAt = try response.optionalDate("decidedAt")
    }
}

/// A started account recovery: the `member.recover` operation and the recovery invitation to
/// send to the member (its token is shown only here).
public struct StartedRecovery: Sendable {
    /// The reply as the server sent it (what `--json` prints).
    public let json: JSONObject
    public let operation: ScheduledOperation
    public let invitation: CreatedInvitation

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        operation = try ScheduledOperation(try response.child("operation"))
        invitation = try CreatedInvitation(try response.child("invitation"))
    }
}
