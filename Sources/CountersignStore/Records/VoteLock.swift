/// What a vote's transaction reads under its locks (`StoreTransaction.lockForVote`): the
/// statement and the signing key, both locked, and the member directory.
public struct VoteLock: Sendable {
    public var statement: StatementRecord
    public var key: KeyRecord
    public var members: [MemberRecord]

    public init(statement: StatementRecord, key: KeyRecord, members: [MemberRecord]) {
        self.statement = statement
        self.key = key
        self.members = members
    }
}
