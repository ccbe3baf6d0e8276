import Synchronization

/// The whole member directory, decoded, as last read, under the `directory_version` token it was
/// read with (Migrations.version6). Every vote evaluates its statement's policy against all
/// members; reading and decoding every member row for each one was a fifth of the SQLite
/// writer's time (docs/PERFORMANCE.md). A transaction now reads the one-row token and takes
/// the cached directory when the token matches.
///
/// Correct across instances and transactions: any change to `members` replaces the token (a
/// trigger, in the changing transaction), so a transaction sees the cached directory only when
/// its own view of the token is the one the directory was read under, in the same statement
/// (`SQLTransaction.allMembers`). A token from a transaction that later rolled back is random
/// and never current again.
final class MemberDirectoryCache: Sendable {
    private struct Entry {
        let token: Int64
        let members: [MemberRecord]
    }

    private let entry = Mutex<Entry?>(nil)

    /// The directory read under `token`, if that is the one cached.
    func members(token: Int64) -> [MemberRecord]? {
        entry.withLock { entry in entry.flatMap { $0.token == token ? $0.members : nil } }
    }

    /// Keeps `members`, read under `token`, replacing what was cached.
    func store(_ members: [MemberRecord], token: Int64) {
        entry.withLock { $0 = Entry(token: token, members: members) }
    }
}
