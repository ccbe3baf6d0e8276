import Countersign
import Foundation

/// A verified vote as received: the JWS signature entry exactly as submitted.
public struct VoteRecord: Sendable, Hashable {
    public var statement: StatementID
    public var member: MemberID
    public var kind: VoteKind
    public var kid: String
    /// How the key was bound to the member ("passkey" or "admin-token") when the vote arrived.
    public var keyMethod: String
    /// The General JWS signature entry {"protected","header"?,"signature"} as JSON text.
    public var signature: String
    public var receivedAt: Date
    public var stepUp: Bool
    /// A rejection's reason, exactly as its rejection/v2 payload signs it; nil for a rejection/v1
    /// and for approvals.
    public var reason: String?

    public init(
        statement: StatementID, member: MemberID, kind: VoteKind, kid: String, keyMethod: String, signature: String, receivedAt: Date,
        stepUp: Bool, reason: String? = nil
    ) {
        self.reason = reason
        self.statement = statement
        self.member = member
        self.kind = kind
        self.kid = kid
        self.keyMethod = keyMethod
        self.signature = signature
        self.receivedAt = receivedAt
        self.stepUp = stepUp
    }
}
