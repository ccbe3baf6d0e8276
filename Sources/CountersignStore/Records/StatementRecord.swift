import Countersign
import Foundation

/// A frozen statement: its canonical document and its current status.
public struct StatementRecord: Sendable, Hashable {
    public var id: StatementID
    /// Insertion order, assigned by the store; the cursor of listings.
    public var seq: Int64
    public var creator: MemberID
    public var title: String
    /// The JCS bytes of the statement document (docs/policies.md), exactly what approvals sign.
    public var document: [UInt8]
    public var digest: String
    public var status: StatementStatus
    public var createdAt: Date
    public var expiresAt: Date?
    public var updatedAt: Date

    public init(
        id: StatementID, seq: Int64 = 0, creator: MemberID, title: String, document: [UInt8], digest: String,
        status: StatementStatus, createdAt: Date, expiresAt: Date?, updatedAt: Date
    ) {
        self.id = id
        self.seq = seq
        self.creator = creator
        self.title = title
        self.document = document
        self.digest = digest
        self.status = status
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.updatedAt = updatedAt
    }
}

/// Which statements a listing returns; nil fields do not filter.
public struct StatementFilter: Sendable, Hashable {
    public var state: StatementState?
    public var creator: MemberID?

    public init(state: StatementState? = nil, creator: MemberID? = nil) {
        self.state = state
        self.creator = creator
    }
}
