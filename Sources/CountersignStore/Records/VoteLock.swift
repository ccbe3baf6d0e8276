/// What a vote's transaction reads under its locks (`StoreTransaction.lockForVote`): the
/// statement and the signing key, both locked, and the member directory.
public struct VoteLock: Sendable {
    public var statement: StatementRecord
    public var key: KeyRecord
    public var members: [MemberRecord]
    /// The directory's version token (a random number any change to `members` replaces), nil if
    /// unknown: two reads under the same token read the same directory.
    public var directoryVersion: Int64?

    public init(statement: StatementRecord, key: KeyRecord, members: [MemberRecord], directoryVersion: Int64?) {
        self.statement = statement
        self.key = key
        self.members = members
        self.directoryVersion = directoryVersion
    }
}
