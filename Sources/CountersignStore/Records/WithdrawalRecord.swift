import Countersign
import Foundation

/// A vote a member withdrew, with the reason they gave. The withdrawal is authenticated by the
/// member's session or request signature, which the server does not keep: the reason is recorded
/// by the server, not signed.
public struct WithdrawalRecord: Sendable, Hashable {
    public var statement: StatementID
    public var member: MemberID
    /// The kind of the vote withdrawn.
    public var kind: VoteKind
    /// The reason as typed (`VoteReason`), or nil.
    public var reason: String?
    public var withdrawnAt: Date

    public init(statement: StatementID, member: MemberID, kind: VoteKind, reason: String?, withdrawnAt: Date) {
        self.statement = statement
        self.member = member
        self.kind = kind
        self.reason = reason
        self.withdrawnAt = withdrawnAt
    }
}
