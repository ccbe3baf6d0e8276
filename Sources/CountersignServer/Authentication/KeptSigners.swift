import CountersignStore
import Foundation

/// The keys and members of recent signed votes, by key id, so that a vote signed with the same
/// key as its request need not read them before its transaction (docs/PERFORMANCE.md: one round
/// trip fewer per approval on PostgreSQL).
///
/// Unlike the other caches, an entry can be stale: the key revoked, the member suspended or
/// removed since, by this instance or another. So an entry is only a hint for the vote path
/// (`MemberSignatureAuthenticator.memberDeferringNonce`), and the vote confirms it under its lock
/// (`VoteService`), where the key's row and the member directory are read anyway: the key must be
/// the same row (member, JWK), unrevoked and valid, and the member active. When it is not, the
/// vote is rolled back unspent (`VoteService.SignerToConfirm`), the entry is forgotten, and the
/// request is authenticated again from the store, which gives the same answer as without the cache.
struct KeptSigners: Sendable {
    struct Signer: Sendable {
        let key: KeyRecord
        let member: MemberRecord
    }

    private let entries = BoundedCache<String, Signer>(limit: 4096)

    /// The kept signer of `kid` when, as kept, it may sign at `now` (an active member, a key valid
    /// and not revoked); nil otherwise.
    func signer(kid: String, at now: Date) -> Signer? {
        guard let kept = entries.value(for: kid) else { return nil }
        guard kept.member.status == .active, !kept.key.isRevoked(at: now), kept.key.validFrom <= now else { return nil }
        return kept
    }

    /// Keeps a signer just read from the store and verified.
    func keep(_ key: KeyRecord, of member: MemberRecord) {
        entries.store(Signer(key: key, member: member), for: key.kid)
    }

    func forget(kid: String) {
        entries.remove(kid)
    }
}
