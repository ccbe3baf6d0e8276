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
    /// What a search looks in (`StatementSearchText`), when the writer has it at hand; nil lets
    /// the store derive it from `document` on insert.
    public var searchText: String?
    /// When the server should evaluate it again with no new vote (its policy's
    /// `nextChangeAt`: expiry, end of the time lock, a wait maturing); written with the status
    /// and read only by `StoreReader.dueStatements`, so a record read back leaves it nil.
    public var dueAt: Date?

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

/// Which statements a listing returns; nil or empty fields do not filter, and the fields that
/// are set must all hold.
public struct StatementFilter: Sendable, Hashable {
    /// Any of these states.
    public var states: Set<StatementState>
    public var creator: MemberID?
    /// A search: the folded query (`StatementSearchText.query`) must occur in the statement's
    /// search text, or the creator must be one of `creatorMatches` (members whose name matched).
    public var search: StatementSearch?
    /// Only statements on which this member has no vote.
    public var notVotedBy: MemberID?
    /// Created at or after this instant.
    public var createdFrom: Date?
    /// Created before this instant.
    public var createdBefore: Date?
    /// Decided before this instant (archived).
    public var decidedBefore: Date?
    /// Not decided, or decided at or after this instant (not archived).
    public var undecidedOrDecidedFrom: Date?

    public init(state: StatementState? = nil, creator: MemberID? = nil) {
        self.states = state.map { [$0] } ?? []
        self.creator = creator
    }

    /// The state, when exactly one is asked for.
    public var state: StatementState? {
        get { states.count == 1 ? states.first : nil }
        set { states = newValue.map { [$0] } ?? [] }
    }
}

/// A search term as the listing compares it.
public struct StatementSearch: Sendable, Hashable {
    /// The case-folded query, matched literally (no wildcards) as a substring.
    public var folded: String
    /// Members whose name contains the query: their statements match too.
    public var creatorMatches: [MemberID]

    public init(folded: String, creatorMatches: [MemberID]) {
        self.folded = folded
        self.creatorMatches = creatorMatches
    }
}
