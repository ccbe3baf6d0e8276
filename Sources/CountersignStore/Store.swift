import Countersign
import CountersignJSON
import CountersignTLog
import Foundation

/// Where Countersign keeps its state: one interface, two engines (SQLite and PostgreSQL).
///
/// All access goes through a transaction. `write` runs its body in one transaction that
/// serialises with every other writer of the same rows (an immediate transaction on SQLite; row
/// locks taken by `lockStatement` and the like on PostgreSQL), so a vote, the
/// statement's re-evaluation and their audit events commit together or not at all. When the body
/// throws, nothing it wrote is kept.
public protocol Store: Sendable {
    /// Which engine this store runs on ("sqlite" or "postgresql"), for logs and /readyz.
    var engine: String { get }

    /// Runs `body` in one read-write transaction and commits when it returns.
    func write<T: Sendable>(_ body: @Sendable (any StoreTransaction) async throws -> T) async throws -> T

    /// Runs `body` against a consistent read-only view.
    func read<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T

    /// Runs `body`'s queries each in a read-only transaction of its own, with no consistency
    /// between them: for reads whose results are checked again under lock before anything is
    /// decided on them (the vote's key and statement), or that make one query. Saves BEGIN and
    /// COMMIT: two round trips on PostgreSQL.
    func readEach<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T

    /// Registers `observer`, called after every committed write of this store that recorded an
    /// audit event (the sequencer's wake-up; other instances' writes are found by polling).
    func onAuditAppended(_ observer: @escaping @Sendable () -> Void)

    /// True when the database answers a trivial query (for /readyz).
    func ping() async -> Bool

    /// Closes connections; the store is unusable afterwards.
    func shutdown() async
}

/// Queries that need no lock.
public protocol StoreReader: Sendable {
    // Members and invitations
    func member(_ id: MemberID) async throws -> MemberRecord?
    func member(userHandle: [UInt8]) async throws -> MemberRecord?
    /// Every member, ordered by id. Policies name members and roles, so evaluation needs them.
    func allMembers() async throws -> [MemberRecord]
    func invitation(tokenHash: String) async throws -> InvitationRecord?
    /// Invitations newest first, of one member or of all.
    func invitations(member: MemberID?) async throws -> [InvitationRecord]

    // Passkeys
    func passkey(credentialID: [UInt8]) async throws -> PasskeyRecord?
    func passkeys(member: MemberID) async throws -> [PasskeyRecord]
    /// Passkeys with no AAGUID recorded (registered before migration `version13`, or whose
    /// authenticator withheld it), oldest first, at most `limit`.
    func passkeysWithoutAAGUID(limit: Int) async throws -> [PasskeyRecord]

    // Sessions
    func session(idHash: String) async throws -> SessionRecord?

    // Signing keys
    func key(kid: String) async throws -> KeyRecord?
    /// The key and its member, in one statement (a signed request's authentication).
    func keyWithMember(kid: String) async throws -> (key: KeyRecord, member: MemberRecord?)?
    func keys(member: MemberID) async throws -> [KeyRecord]
    /// Every key, ordered by kid, for /.well-known/jwks.json.
    func allKeys() async throws -> [KeyRecord]
    /// The encrypted copies of the member's keys, newest first (a revoked key has none).
    func keyCopies(member: MemberID) async throws -> [KeyCopyRecord]

    // Stored policies
    /// The latest version of a stored policy.
    func policy(_ id: PolicyID) async throws -> PolicyRecord?
    /// The latest version of every stored policy, oldest policy first.
    func latestPolicies() async throws -> [PolicyRecord]
    /// Every version of a stored policy, oldest first.
    func policyVersions(_ id: PolicyID) async throws -> [PolicyRecord]

    // Statement templates
    func template(_ id: TemplateID) async throws -> TemplateRecord?
    /// Templates oldest first; removed ones only when `includeRemoved`.
    func templates(includeRemoved: Bool) async throws -> [TemplateRecord]
    /// The template the statement was created from, if any (recorded by the server, not signed).
    func statementTemplate(_ statement: StatementID) async throws -> TemplateID?

    // Statements and votes
    func statement(_ id: StatementID) async throws -> StatementRecord?
    /// Statements newest first, matching `filter`, strictly older than `before` (a `seq` cursor).
    func statements(_ filter: StatementFilter, before: Int64?, limit: Int) async throws -> [StatementRecord]
    /// The statement's votes by receipt, then member id byte by byte (`VoteLock.inReceiptOrder`).
    func votes(statement: StatementID) async throws -> [VoteRecord]
    /// Statements not yet decided (pending or time-locked) on which the member has a vote, newest
    /// first, at most `limit`: those a revocation of the member's key or passkey must re-evaluate.
    func undecidedStatements(votedBy member: MemberID, limit: Int) async throws -> [StatementID]
    /// Statements due for evaluation at `now` (a deadline passed: expiry, time lock, a wait),
    /// the longest overdue first, at most `limit`.
    func dueStatements(at now: Date, limit: Int) async throws -> [StatementID]
    /// The statement's withdrawn votes, oldest first.
    func withdrawals(statement: StatementID) async throws -> [WithdrawalRecord]

    // Comments
    /// The statement's comments, oldest first, at most `limit`.
    func comments(statement: StatementID, limit: Int) async throws -> [CommentRecord]
    /// How many comments the statement has.
    func commentCount(statement: StatementID) async throws -> Int
    /// How many comments `author` wrote at or after `since` (the rate limit).
    func commentCount(author: MemberID, since: Date) async throws -> Int

    // Audit log
    /// Events with seq > `after`, ascending, at most `limit`.
    func auditEvents(after: Int64, limit: Int) async throws -> [AuditEvent]
    /// The last event, or nil for an empty log.
    func lastAuditEvent() async throws -> AuditEvent?
    func latestCheckpoint() async throws -> CheckpointRecord?
    /// The sequenced event with `seq`.
    func auditEvent(seq: Int64) async throws -> AuditEvent?
    /// The sequenced events about `subject` with one of `actions`, in log order.
    func auditEvents(subject: String, actions: [String]) async throws -> [AuditEvent]

    // Transparency log: reading
    /// The number of entries integrated into the Merkle tree.
    func logSize() async throws -> Int64
    /// Events recorded but not yet sequenced.
    func pendingAuditCount() async throws -> Int64
    /// Whether events wait, the tree's size and the latest checkpoint's size, in one query (the
    /// sequencer's look on each pass).
    func logProgress() async throws -> LogProgress
    /// The stored hashes at tile level `level` (complete subtrees of height 8·level), one per
    /// index; throws `StoreError.corruptRow` when any is missing.
    func logHashes(level: Int, indexes: Range<Int64>) async throws -> [MerkleHash]
    /// Several runs of stored hashes at once (`MerkleTree.inclusionProofs`), in as few statements
    /// as the bound on binds allows; each run's hashes in index order. Throws
    /// `StoreError.corruptRow` when a run is incomplete.
    func logHashes(_ runs: [StoredHashes]) async throws -> [StoredHashes: [MerkleHash]]
    func latestLogCheckpoint() async throws -> LogCheckpointRecord?
    /// The largest checkpoint covering at least `size` entries with at least `cosignatures`
    /// witness cosignatures.
    func logCheckpoint(covering size: Int64, cosignatures: Int) async throws -> LogCheckpointRecord?

    // Webhooks
    /// Webhooks not deleted, oldest first.
    func webhooks() async throws -> [WebhookRecord]
    /// A webhook by id, deleted or not.
    func webhook(_ id: String) async throws -> WebhookRecord?
    /// A webhook's deliveries, newest event first, at most `limit`.
    func deliveries(webhook: String, limit: Int) async throws -> [DeliveryRecord]
    func delivery(_ id: String) async throws -> DeliveryRecord?
    /// The dispatcher's cursor without locking it: the last audit seq turned into deliveries.
    func webhookCursor() async throws -> Int64
    /// True when some pending delivery is due at `now` and not leased (a cheap check before a claim).
    func hasDueDeliveries(now: Date) async throws -> Bool

    // Scheduled operations
    func operation(_ id: String) async throws -> OperationRecord?
    /// Operations newest first (by scheduling time), of one state or all, at most `limit`.
    func operations(state: OperationRecord.State?, limit: Int) async throws -> [OperationRecord]
    /// Ids of pending operations due at `now`, earliest first, at most `limit`.
    func dueOperations(now: Date, limit: Int) async throws -> [String]
    /// Passkeys registered by the recovery `operation` and still waiting for it.
    func pendingPasskeys(recovery operation: String) async throws -> [PasskeyRecord]

    // Email addresses and the mail outbox
    func memberEmail(_ member: MemberID) async throws -> EmailRecord?
    /// The confirmed addresses among `members`' (a member without one is left out).
    func confirmedEmails(_ members: [MemberID]) async throws -> [EmailRecord]
    /// The member's mails (everyone's when nil), newest first, at most `limit`.
    func mails(member: MemberID?, limit: Int) async throws -> [MailRecord]
    /// True when some pending mail is due at `now` and not leased.
    func hasDueMail(now: Date) async throws -> Bool
    /// Every confirmed address, by member id.
    func confirmedEmailMembers() async throws -> [EmailRecord]
    /// The last UTC day ("2026-12-07") the member's daily reminder was taken care of.
    func reminderDay(member: MemberID) async throws -> String?
}

/// Writes, inside one transaction. Everything a `StoreReader` can read is visible too, including
/// this transaction's own writes.
public protocol StoreTransaction: StoreReader {
    func insertMember(_ member: MemberRecord) async throws
    func updateMember(_ member: MemberRecord) async throws
    func insertInvitation(_ invitation: InvitationRecord) async throws
    /// Marks the invitation used; false when it was already used (or does not exist).
    func markInvitationUsed(tokenHash: String, at: Date) async throws -> Bool
    /// Marks a pending invitation revoked; false when it was used, already revoked or unknown.
    func revokeInvitation(tokenHash: String, at: Date) async throws -> Bool

    /// Throws `StoreError.duplicate` for a credential id already registered.
    func insertPasskey(_ passkey: PasskeyRecord) async throws
    func updatePasskeyUse(credentialID: [UInt8], signCount: UInt32, backedUp: Bool, usedAt: Date) async throws
    /// Sets (or with nil clears) the member's own label of their passkey; false when `member`
    /// has no passkey `credentialID`.
    func labelPasskey(credentialID: [UInt8], member: MemberID, label: String?) async throws -> Bool
    /// Records the AAGUID of a passkey that has none; false when it is unknown or has one.
    func recordPasskeyAAGUID(credentialID: [UInt8], aaguid: UUID) async throws -> Bool
    /// The member's passkeys, as `passkeys(member:)`, their rows locked until the transaction
    /// ends (PostgreSQL SELECT ... FOR UPDATE), so that two revocations cannot both count the
    /// other passkey as live and together revoke the last one.
    func lockPasskeys(member: MemberID) async throws -> [PasskeyRecord]
    /// Sets the passkey's `revokedAt` to `at` and ends every session the passkey opened; false
    /// (nothing written) when it is unknown or already revoked.
    func revokePasskey(credentialID: [UInt8], at: Date) async throws -> Bool

    func insertCeremony(_ ceremony: CeremonyRecord) async throws
    /// Deletes the ceremony and returns it if it existed and had not expired at `now`; an expired
    /// one is deleted too, and nil returned. Two callers can never both receive the same ceremony.
    func consumeCeremony(id: String, now: Date) async throws -> CeremonyRecord?
    /// Deletes ceremonies that expired before `now`; returns how many.
    func deleteExpiredCeremonies(now: Date) async throws -> Int

    func insertSession(_ session: SessionRecord) async throws
    func touchSession(idHash: String, lastSeenAt: Date) async throws
    func deleteSession(idHash: String) async throws
    /// Ends every session of the member (suspension); returns how many.
    func deleteSessions(member: MemberID) async throws -> Int
    func deleteExpiredSessions(now: Date) async throws -> Int

    /// Throws `StoreError.duplicate` when the kid is already enrolled.
    func insertKey(_ key: KeyRecord) async throws
    /// Reads the key and locks its row until the transaction ends (PostgreSQL SELECT ... FOR
    /// UPDATE), so that a vote with the key and the key's revocation never overlap. Lock order:
    /// statement, then key.
    func lockKey(kid: String) async throws -> KeyRecord?
    /// Sets the key's `revokedAt` to `at` and deletes its encrypted copy, if any; false (nothing
    /// written) when the key is unknown or already revoked, so a revocation time never moves.
    func revokeKey(kid: String, at: Date) async throws -> Bool
    /// Moves a not yet valid, unrevoked key's `validFrom` forward to `at` (an admin enrolment the
    /// member confirmed early); false when the key is unknown, revoked or already valid at `at`.
    func activateKey(kid: String, at: Date) async throws -> Bool
    /// Stores the key's encrypted copy, replacing the one it had.
    func replaceKeyCopy(_ copy: KeyCopyRecord) async throws
    /// Deletes the key's encrypted copy; false when it had none.
    func deleteKeyCopy(kid: String) async throws -> Bool

    /// Stores a new version of a policy (version = previous + 1, or 1).
    func insertPolicy(_ policy: PolicyRecord) async throws

    /// Throws `StoreError.duplicate` for an id already used.
    func insertTemplate(_ template: TemplateRecord) async throws
    /// Marks the template removed at `at`; false when it is unknown or already removed.
    func removeTemplate(_ id: TemplateID, at: Date) async throws -> Bool
    /// Records that `statement` was created from `template`.
    func linkStatementTemplate(statement: StatementID, template: TemplateID) async throws

    /// Inserts the statement; its `seq` is assigned by the store and returned.
    func insertStatement(_ statement: StatementRecord) async throws -> Int64
    /// Reads the statement and locks its row until the transaction ends (PostgreSQL
    /// SELECT ... FOR UPDATE; SQLite's immediate transaction already excludes other writers).
    func lockStatement(_ id: StatementID) async throws -> StatementRecord?
    /// A vote's locks and reads in one statement: `lockStatement` then `lockKey` (the same
    /// rows, the same order), the statement's votes as `votes(statement:)` gives them, and the
    /// member directory as `allMembers` gives it. Nil when the statement or the key does not exist.
    func lockForVote(statement id: StatementID, kid: String) async throws -> VoteLock?
    /// Stores the status and when the statement is next due for evaluation (`dueAt`, ignored
    /// for a final state, which is never due again).
    func updateStatementStatus(_ id: StatementID, status: StatementStatus, updatedAt: Date, dueAt: Date?) async throws
    /// Sets when the statement is next due for evaluation (nil: never).
    func setStatementDue(_ id: StatementID, dueAt: Date?) async throws

    /// Fails the transaction with `StoreError.duplicate` when the member already voted on the
    /// statement: sent with the transaction's other writes, at the latest at the commit.
    func insertVote(_ vote: VoteRecord) async throws
    /// Deletes the member's vote; false when there was none.
    func deleteVote(statement: StatementID, member: MemberID) async throws -> Bool
    /// Records a withdrawn vote and its reason.
    func insertWithdrawal(_ withdrawal: WithdrawalRecord) async throws
    /// Adds a comment; throws `StoreError.duplicate` for an id already used.
    func insertComment(_ comment: CommentRecord) async throws

    /// Records an audit event durably as pending: no lock, no read of the log. It becomes part of
    /// the hash chain and the Merkle tree when the sequencer takes it (`sequencePendingAudit`),
    /// in the order of its pending id. Throws `StoreError.tooLarge` for an event larger than a
    /// log entry may be.
    func appendAudit(actor: String, action: String, subject: String, details: JSONValue, at: Date) async throws
    func insertCheckpoint(_ checkpoint: CheckpointRecord) async throws

    // Transparency log: the sequencer's side
    /// Locks the log's state, integrates any event sequenced before the tree existed, then gives
    /// up to `limit` pending events (in pending id order) their seq and chain hash, stores their
    /// leaf hashes and every tile hash they complete, and records the new tree size. Batches
    /// serialise on the state row, on every instance.
    func sequencePendingAudit(limit: Int) async throws -> LogBatch
    /// Takes or renews the sequencer's lease for `holder` until `leaseUntil`; false when another
    /// holder's lease is still running at `now`.
    func claimLogSequencer(holder: String, now: Date, leaseUntil: Date) async throws -> Bool
    func releaseLogSequencer(holder: String) async throws
    /// Throws `StoreError.duplicate` when a checkpoint of that size exists.
    func insertLogCheckpoint(_ record: LogCheckpointRecord) async throws
    /// Records (or replaces) a witness's cosignature line on the checkpoint of `size`.
    func storeCosignature(size: Int64, witness: String, line: String, at: Date) async throws

    /// Records a request-signature nonce; false when it was already seen (a replay).
    func insertNonce(keyID: String, nonce: String, expiresAt: Date) async throws -> Bool
    /// Records a request-signature nonce with the transaction's other writes (sent together, at
    /// the latest at the commit): one already seen fails the transaction as
    /// `StoreError.duplicate`, and nothing of it commits.
    func insertNonceWithWrites(keyID: String, nonce: String, expiresAt: Date) async throws
    func deleteExpiredNonces(now: Date) async throws -> Int

    // Webhooks
    /// Throws `StoreError.duplicate` for an id already used.
    func insertWebhook(_ webhook: WebhookRecord) async throws
    /// Marks the webhook deleted and fails its pending deliveries; false when it does not exist
    /// or was already deleted.
    func deleteWebhook(_ id: String, at: Date) async throws -> Bool
    /// Reads the dispatcher's cursor (the last audit seq turned into deliveries) and locks it
    /// until the transaction ends, so two dispatchers never scan the same events at once.
    func lockWebhookCursor() async throws -> Int64
    func advanceWebhookCursor(to seq: Int64) async throws
    /// Queues a delivery; false (and nothing written) when the webhook already has one for that
    /// event seq.
    func insertDelivery(_ delivery: DeliveryRecord) async throws -> Bool
    /// Leases up to `limit` pending deliveries due at `now` whose webhook is not deleted and that
    /// no one holds (or whose lease ran out): sets their lease to `lease` until `leaseUntil` and
    /// returns them. Two concurrent claimers never receive the same delivery.
    func claimDeliveries(now: Date, leaseUntil: Date, lease: String, limit: Int) async throws -> [DeliveryRecord]
    /// Records the attempts and the outcome of a delivery this caller holds under `lease`, and
    /// ends the lease; false when the lease is no longer the caller's (nothing written).
    func finishDelivery(_ id: String, lease: String, attempts: [DeliveryAttempt], outcome: DeliveryOutcome, at: Date) async throws -> Bool
    /// Gives a held delivery back without an attempt (graceful shutdown).
    func releaseDelivery(_ id: String, lease: String) async throws

    // Email addresses and the mail outbox
    /// Stores the member's address, replacing the one they had (with its confirmation state).
    func replaceMemberEmail(_ email: EmailRecord) async throws
    /// Forgets the member's address; false when they had none.
    func deleteMemberEmail(_ member: MemberID) async throws -> Bool
    /// Queues a mail; throws `StoreError.duplicate` for an id or Message-ID already used.
    func insertMail(_ mail: MailRecord) async throws
    /// Leases up to `limit` pending mails due at `now` that no one holds, as `claimDeliveries`.
    func claimMail(now: Date, leaseUntil: Date, lease: String, limit: Int) async throws -> [MailRecord]
    /// Records an attempt's outcome for a mail this caller holds under `lease` and ends the
    /// lease; false when the lease is no longer the caller's (nothing written).
    func finishMail(_ id: String, lease: String, attempts: Int, error: String?, outcome: DeliveryOutcome, at: Date) async throws -> Bool
    /// Gives a held mail back without an attempt (graceful shutdown).
    func releaseMail(_ id: String, lease: String) async throws
    /// Marks the member's daily reminder of `day` taken care of; false (nothing written) when it
    /// already was (by this or another instance): the caller then queues nothing.
    func claimReminder(member: MemberID, day: String) async throws -> Bool

    // Scheduled operations
    /// Throws `StoreError.duplicate` when an operation of the same kind on the same target is
    /// already pending (a partial unique index backs this on both engines).
    func insertOperation(_ operation: OperationRecord) async throws
    /// Reads the operation and locks its row until the transaction ends (PostgreSQL SELECT ...
    /// FOR UPDATE): a runner, a cancellation and another instance's runner serialise on it, and
    /// each re-checks the state it finds. Lock order: operation first, then anything its effect
    /// locks.
    func lockOperation(_ id: String) async throws -> OperationRecord?
    /// Writes the operation's due time, state, canceller, decision time and result.
    func updateOperation(_ operation: OperationRecord) async throws
    /// Makes a passkey registered by recovery usable; false when it was not pending.
    func activatePasskey(credentialID: [UInt8]) async throws -> Bool
}
