/// What a vote's transaction reads under its locks (`StoreTransaction.lockForVote`): the
/// statement and the signing key, both locked, and the member directory.
public struct VoteLock: Sendable {
    public var statement: StatementRecord
    public var key: KeyRecord
    public var members: [MemberRecord]
    /// The directory's version token (a random number any change to `members` replaces), nil if
    /// unknown: two reads under the same token read the same directory.
    public var directoryVersion: Int64?
    /// The statement's votes under the lock, as `votes(statement:)` gives them: a vote added in
    /// the same transaction joins them in memory instead of a second read.
    public var votes: [VoteRecord]

    public init(statement: StatementRecord, key: KeyRecord, members: [MemberRecord], directoryVersion: Int64?, votes: [VoteRecord]) {
        self.statement = statement
        self.key = key
        self.members = members
        self.directoryVersion = directoryVersion
        self.votes = votes
    }

    /// The votes with `vote` added, in `votes(statement:)`'s order.
    public func votes(adding vote: VoteRecord) -> [VoteRecord] {
        Self.inReceiptOrder(votes + [vote])
    }

    /// The order `votes(statement:)` gives votes in: by receipt, then by member id compared byte
    /// by byte (the same on both engines, whatever PostgreSQL's collation).
    public static func inReceiptOrder(_ votes: [VoteRecord]) -> [VoteRecord] {
        votes.sorted { first, second in
            guard first.receivedAt == second.receivedAt else { return first.receivedAt < second.receivedAt }
            return first.member.rawValue.utf8.lexicographicallyPrecedes(second.member.rawValue.utf8)
        }
    }
}
