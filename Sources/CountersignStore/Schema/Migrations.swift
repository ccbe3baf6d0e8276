/// The schema, as numbered migrations. Each is a list of single statements (neither engine runs
/// several statements in one prepared query) with `{INT}`, `{BLOB}`, `{TEXT}` and `{SERIAL}` type
/// placeholders that `SQLDialect.schema` fills in; a statement that starts with `{sqlite}` or
/// `{postgresql}` runs on that engine only. Never edit a released migration: add one.
enum Migrations {
    static let all: [[String]] = [
        version1, version2, version3, version4, version5, version6, version7, version8, version9, version10, version11, version12,
        version13, version14,
    ]

    /// The newest version this build knows.
    static var latest: Int64 { Int64(all.count) }

    /// Timestamps are {INT} microseconds since 1970; booleans are {INT} 0 or 1.
    static let version1 = [
        """
        CREATE TABLE members (id {TEXT} PRIMARY KEY, name {TEXT} NOT NULL, roles {TEXT} NOT NULL, \
        status {TEXT} NOT NULL, user_handle {BLOB} NOT NULL UNIQUE, created_at {INT} NOT NULL)
        """,
        """
        CREATE TABLE invitations (token_hash {TEXT} PRIMARY KEY, member {TEXT} NOT NULL REFERENCES members(id), \
        created_at {INT} NOT NULL, expires_at {INT} NOT NULL, used_at {INT})
        """,
        "CREATE INDEX invitations_member ON invitations (member)",
        """
        CREATE TABLE passkeys (credential_id {BLOB} PRIMARY KEY, member {TEXT} NOT NULL REFERENCES members(id), \
        public_key {BLOB} NOT NULL, sign_count {INT} NOT NULL, backup_eligible {INT} NOT NULL, backed_up {INT} NOT NULL, \
        transports {TEXT} NOT NULL, attestation_format {TEXT} NOT NULL, created_at {INT} NOT NULL, last_used_at {INT}, \
        revoked_at {INT})
        """,
        "CREATE INDEX passkeys_member ON passkeys (member)",
        "CREATE TABLE ceremonies (id {TEXT} PRIMARY KEY, purpose {TEXT} NOT NULL, payload {BLOB} NOT NULL, expires_at {INT} NOT NULL)",
        "CREATE INDEX ceremonies_expires ON ceremonies (expires_at)",
        """
        CREATE TABLE sessions (id_hash {TEXT} PRIMARY KEY, member {TEXT} NOT NULL REFERENCES members(id), \
        created_at {INT} NOT NULL, last_seen_at {INT} NOT NULL, expires_at {INT} NOT NULL)
        """,
        "CREATE INDEX sessions_expires ON sessions (expires_at)",
        """
        CREATE TABLE signing_keys (kid {TEXT} PRIMARY KEY, member {TEXT} NOT NULL REFERENCES members(id), jwk {TEXT} NOT NULL, \
        method {TEXT} NOT NULL, attestation {TEXT} NOT NULL, valid_from {INT} NOT NULL, revoked_at {INT})
        """,
        "CREATE INDEX signing_keys_member ON signing_keys (member, kid)",
        """
        CREATE TABLE policies (id {TEXT} NOT NULL, version {INT} NOT NULL, name {TEXT} NOT NULL, policy {BLOB} NOT NULL, \
        created_at {INT} NOT NULL, PRIMARY KEY (id, version))
        """,
        """
        CREATE TABLE statements (seq {SERIAL}, id {TEXT} NOT NULL UNIQUE, creator {TEXT} NOT NULL, title {TEXT} NOT NULL, \
        document {BLOB} NOT NULL, digest {TEXT} NOT NULL, state {TEXT} NOT NULL, weight {INT} NOT NULL, \
        threshold {INT} NOT NULL, decided_at {INT}, created_at {INT} NOT NULL, expires_at {INT}, updated_at {INT} NOT NULL)
        """,
        "CREATE INDEX statements_state_seq ON statements (state, seq)",
        "CREATE INDEX statements_creator_seq ON statements (creator, seq)",
        """
        CREATE TABLE votes (statement {TEXT} NOT NULL REFERENCES statements(id), member {TEXT} NOT NULL, kind {TEXT} NOT NULL, \
        kid {TEXT} NOT NULL, key_method {TEXT} NOT NULL, signature {TEXT} NOT NULL, received_at {INT} NOT NULL, step_up {INT} NOT NULL, \
        PRIMARY KEY (statement, member))
        """,
        """
        CREATE TABLE audit_events (seq {INT} PRIMARY KEY, at {INT} NOT NULL, actor {TEXT} NOT NULL, action {TEXT} NOT NULL, \
        subject {TEXT} NOT NULL, details {TEXT} NOT NULL, prev {TEXT} NOT NULL, hash {TEXT} NOT NULL)
        """,
        """
        CREATE TABLE checkpoints (id {SERIAL}, size {INT} NOT NULL, head {TEXT} NOT NULL, at {INT} NOT NULL, \
        jws {TEXT} NOT NULL)
        """,
        "CREATE INDEX checkpoints_size ON checkpoints (size, id)",
        """
        CREATE TABLE nonces (key_id {TEXT} NOT NULL, nonce {TEXT} NOT NULL, expires_at {INT} NOT NULL, \
        PRIMARY KEY (key_id, nonce))
        """,
        "CREATE INDEX nonces_expires ON nonces (expires_at)",
    ]

    /// Invitations can be revoked by the admin before they are used.
    static let version2 = [
        "ALTER TABLE invitations ADD COLUMN revoked_at {INT}",
        "CREATE INDEX invitations_created ON invitations (created_at)",
    ]

    /// Webhooks (issue 6): registered targets, their deliveries (the durable outbox, one row per
    /// webhook and audit event, attempts as a JSON array) and the dispatcher's cursor in the
    /// audit log (one row, id 1). Self-contained: it refers to no table of other migrations.
    static let version3 = [
        """
        CREATE TABLE webhooks (id {TEXT} PRIMARY KEY, url {TEXT} NOT NULL, events {TEXT} NOT NULL, \
        since_seq {INT} NOT NULL, created_at {INT} NOT NULL, deleted_at {INT})
        """,
        """
        CREATE TABLE webhook_deliveries (id {TEXT} PRIMARY KEY, webhook {TEXT} NOT NULL REFERENCES webhooks(id), \
        event_seq {INT} NOT NULL, action {TEXT} NOT NULL, payload {BLOB} NOT NULL, state {TEXT} NOT NULL, \
        attempts {TEXT} NOT NULL, next_attempt_at {INT}, leased_until {INT}, lease {TEXT}, delivered_at {INT}, \
        created_at {INT} NOT NULL, UNIQUE (webhook, event_seq))
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)",
        "CREATE TABLE webhook_cursor (id {INT} PRIMARY KEY, last_seq {INT} NOT NULL)",
        "INSERT INTO webhook_cursor (id, last_seq) VALUES (1, 0)",
    ]

    /// Delayed dangerous operations and account recovery (issue 8): the operations the admin
    /// schedules (one pending operation per kind and target, enforced by a partial unique index),
    /// a passkey registered by recovery that waits for its operation (`pending_recovery` holds the
    /// operation id), and invitations that are recovery invitations (`recovery`, likewise).
    /// Self-contained: it adds columns to version 1's tables only.
    static let version4 = [
        """
        CREATE TABLE operations (id {TEXT} PRIMARY KEY, kind {TEXT} NOT NULL, member {TEXT}, target {TEXT} NOT NULL, \
        details {TEXT} NOT NULL, scheduled_at {INT} NOT NULL, due_at {INT}, state {TEXT} NOT NULL, cancelled_by {TEXT}, \
        decided_at {INT}, result {TEXT})
        """,
        "CREATE INDEX operations_due ON operations (state, due_at)",
        "CREATE INDEX operations_scheduled ON operations (scheduled_at, id)",
        "CREATE UNIQUE INDEX operations_pending_target ON operations (kind, target) WHERE state = 'pending'",
        "ALTER TABLE passkeys ADD COLUMN pending_recovery {TEXT}",
        "ALTER TABLE invitations ADD COLUMN recovery {TEXT}",
    ]

    /// Encrypted copies of private signing keys (issue 7): at most one per key, sealed in the
    /// browser under a passkey's PRF output, so the server holds ciphertext only. The key's
    /// revocation deletes its copy.
    static let version5 = [
        """
        CREATE TABLE key_copies (kid {TEXT} PRIMARY KEY REFERENCES signing_keys(kid), member {TEXT} NOT NULL REFERENCES members(id), \
        credential_id {BLOB} NOT NULL, salt {BLOB} NOT NULL, iv {BLOB} NOT NULL, ciphertext {BLOB} NOT NULL, created_at {INT} NOT NULL)
        """,
        "CREATE INDEX key_copies_member ON key_copies (member)",
    ]

    /// The member directory's version (`MemberDirectoryCache`): one row whose token every change
    /// to `members` replaces with a new random number, by trigger, so no way of changing a
    /// member (this code, a later migration, an operator's SQL) can leave a cached directory in
    /// use. Random rather than counted: a token written by a transaction that rolled back is never
    /// seen again, where a counter would come back to the same value with other contents.
    static let version6 = [
        "CREATE TABLE directory_version (id {INT} PRIMARY KEY, token {INT} NOT NULL)",
        "INSERT INTO directory_version (id, token) VALUES (1, 0)",
        "{sqlite} CREATE TRIGGER members_inserted AFTER INSERT ON members BEGIN UPDATE directory_version SET token = random() WHERE id = 1; END",
        "{sqlite} CREATE TRIGGER members_updated AFTER UPDATE ON members BEGIN UPDATE directory_version SET token = random() WHERE id = 1; END",
        "{sqlite} CREATE TRIGGER members_deleted AFTER DELETE ON members BEGIN UPDATE directory_version SET token = random() WHERE id = 1; END",
        """
        {postgresql} CREATE FUNCTION countersign_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $body$ \
        BEGIN UPDATE directory_version SET token = floor(random() * 9007199254740992)::bigint WHERE id = 1; RETURN NULL; END $body$
        """,
        """
        {postgresql} CREATE TRIGGER members_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON members \
        FOR EACH STATEMENT EXECUTE FUNCTION countersign_directory_changed()
        """,
    ]

    /// Sessions remember the passkey that opened them (issue 18): revoking a passkey ends its
    /// sessions. Older sessions have none and end with the member's.
    static let version7 = [
        "ALTER TABLE sessions ADD COLUMN credential_id {BLOB}",
        "CREATE INDEX sessions_credential ON sessions (credential_id)",
    ]

    /// The transparency log (issue 20). Writers append to `audit_pending` only (no lock, no read of
    /// the chain's head); the sequencer moves pending events into `audit_events` in batches,
    /// giving each its seq and chain hash, and grows the Merkle tree whose hashes `log_hashes`
    /// keeps as tlog-tiles serves them (tile level, index). `log_state` is the tree's size (the
    /// events sequenced before this migration are integrated by the first batch, in seq order) and
    /// the sequencer's lease; `log_checkpoints` the signed checkpoints and `log_cosignatures` the
    /// witnesses' cosignature lines on them. `audit_events_subject` finds a member's or key's
    /// identity entries.
    static let version8 = [
        """
        CREATE TABLE audit_pending (id {SERIAL}, at {INT} NOT NULL, actor {TEXT} NOT NULL, action {TEXT} NOT NULL, \
        subject {TEXT} NOT NULL, details {TEXT} NOT NULL)
        """,
        "CREATE TABLE log_hashes (level {INT} NOT NULL, idx {INT} NOT NULL, hash {BLOB} NOT NULL, PRIMARY KEY (level, idx))",
        "CREATE TABLE log_state (id {INT} PRIMARY KEY, size {INT} NOT NULL, leader {TEXT}, lease_until {INT})",
        "INSERT INTO log_state (id, size) VALUES (1, 0)",
        "CREATE TABLE log_checkpoints (size {INT} PRIMARY KEY, root {BLOB} NOT NULL, note {TEXT} NOT NULL, at {INT} NOT NULL)",
        """
        CREATE TABLE log_cosignatures (size {INT} NOT NULL REFERENCES log_checkpoints(size), witness {TEXT} NOT NULL, \
        line {TEXT} NOT NULL, at {INT} NOT NULL, PRIMARY KEY (size, witness))
        """,
        "CREATE INDEX audit_events_subject ON audit_events (subject, seq)",
    ]

    /// Reasons and comments (issue 22): a rejection's signed reason (`votes.reason`, the text its
    /// rejection/v2 payload signs; null for rejection/v1 and approvals), the withdrawals with
    /// their reasons (recorded by the server, not signed), and each statement's comment thread.
    static let version9 = [
        "ALTER TABLE votes ADD COLUMN reason {TEXT}",
        """
        CREATE TABLE withdrawals (seq {SERIAL}, statement {TEXT} NOT NULL REFERENCES statements(id), member {TEXT} NOT NULL, \
        kind {TEXT} NOT NULL, reason {TEXT}, withdrawn_at {INT} NOT NULL)
        """,
        "CREATE INDEX withdrawals_statement ON withdrawals (statement, seq)",
        """
        CREATE TABLE comments (seq {SERIAL}, id {TEXT} NOT NULL UNIQUE, statement {TEXT} NOT NULL REFERENCES statements(id), \
        author {TEXT} NOT NULL REFERENCES members(id), body {TEXT} NOT NULL, created_at {INT} NOT NULL)
        """,
        "CREATE INDEX comments_statement ON comments (statement, seq)",
        "CREATE INDEX comments_author ON comments (author, created_at)",
    ]

    /// Notifications by email (issue 22): a member's optional address with its confirmation
    /// (only the SHA-256 of the confirmation token is stored; `confirmed_at` is null until the
    /// member, signed in, presents the token), and the mail outbox: one row per mail, rendered
    /// when it is queued (in the transaction of the event that causes it), its Message-ID fixed
    /// then, so that a retry sends the same message. `mail_reminders` keeps the last UTC day on
    /// which each member's daily reminder was taken care of (sent, or nothing was waiting).
    static let version10 = [
        """
        CREATE TABLE member_emails (member {TEXT} PRIMARY KEY REFERENCES members(id), address {TEXT} NOT NULL, \
        confirmed_at {INT}, token_hash {TEXT}, token_expires_at {INT}, updated_at {INT} NOT NULL)
        """,
        """
        CREATE TABLE mail_outbox (id {TEXT} PRIMARY KEY, member {TEXT}, recipient {TEXT} NOT NULL, kind {TEXT} NOT NULL, \
        subject {TEXT} NOT NULL, body {TEXT} NOT NULL, message_id {TEXT} NOT NULL UNIQUE, state {TEXT} NOT NULL, \
        attempts {INT} NOT NULL, last_error {TEXT}, next_attempt_at {INT}, leased_until {INT}, lease {TEXT}, sent_at {INT}, \
        created_at {INT} NOT NULL)
        """,
        "CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at)",
        "CREATE INDEX mail_outbox_member ON mail_outbox (member, created_at)",
        "CREATE TABLE mail_reminders (member {TEXT} PRIMARY KEY REFERENCES members(id), last_day {TEXT} NOT NULL)",
    ]

    /// Statement templates (issue 22): the admin's named templates (the JCS bytes of each,
    /// `removed_at` once removed; never deleted, so a statement made from one can still be compared
    /// with it) and the template a statement started from (recorded by the server, not signed).
    static let version11 = [
        """
        CREATE TABLE templates (id {TEXT} PRIMARY KEY, name {TEXT} NOT NULL, document {BLOB} NOT NULL, \
        created_at {INT} NOT NULL, removed_at {INT})
        """,
        """
        CREATE TABLE statement_templates (statement {TEXT} PRIMARY KEY REFERENCES statements(id), \
        template {TEXT} NOT NULL REFERENCES templates(id))
        """,
    ]

    /// The dashboard's search (issue 22): each statement's search text, its title and the words of
    /// its content case-folded (`StatementSearchText`), filled for new statements on insert and
    /// for older ones by `SQLTransaction.backfillSearchText` after the migrations. Searches scan
    /// it newest first (docs/storage.md); on PostgreSQL a trigram index serves a rare term when
    /// the pg_trgm extension can be created (it is skipped, not failed, when it cannot). The
    /// created_at index serves date ranges and the decided_at one the archive.
    static let version12 = [
        "ALTER TABLE statements ADD COLUMN search_text {TEXT}",
        "CREATE INDEX statements_created_at ON statements (created_at)",
        "CREATE INDEX statements_decided_at ON statements (decided_at)",
        """
        {postgresql} DO $body$ BEGIN \
        BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; EXCEPTION WHEN OTHERS THEN RETURN; END; \
        CREATE INDEX statements_search_trgm ON statements USING gin (search_text gin_trgm_ops); END $body$
        """,
    ]

    /// Passkeys by name (issue 22, point 5): the AAGUID the registration reported (null when it
    /// was all zeros, and for passkeys registered before this migration), which names the
    /// passkey's provider from the shipped list, and the member's own label for it.
    static let version13 = [
        "ALTER TABLE passkeys ADD COLUMN aaguid {TEXT}",
        "ALTER TABLE passkeys ADD COLUMN label {TEXT}",
    ]

    /// Deadlines recorded when they pass: when each undecided statement is next due for
    /// evaluation with no new vote (expiry, end of the time lock, a wait maturing), so the server
    /// records an expiry or an approval after its time lock (and mails and webhooks announce it)
    /// at the deadline instead of when someone next reads the statement. Undecided statements
    /// stored before it are due at once; the first pass gives each its real deadline.
    static let version14 = [
        "ALTER TABLE statements ADD COLUMN due_at {INT}",
        "CREATE INDEX statements_due_at ON statements (due_at) WHERE due_at IS NOT NULL",
        "UPDATE statements SET due_at = created_at WHERE state IN ('pending', 'timelocked')",
    ]
}
