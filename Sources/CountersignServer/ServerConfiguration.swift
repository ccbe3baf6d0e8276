import Foundation

/// Everything the server needs to know to start: where to listen, which relying party it is,
/// where its data lives, and the limits and timeouts it enforces. Every value has a safe default;
/// the CLI fills them from flags, COUNTERSIGN_* variables and an optional file.
public struct ServerConfiguration: Sendable {
    /// Interface to bind (default 127.0.0.1: nothing is exposed until the operator says so).
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one (tests).
    public var port: Int = 8080
    /// Folder holding admin.key, server-key.jwk and (SQLite) countersign.sqlite.
    public var dataDirectory: URL = URL(fileURLWithPath: "countersign-data")
    /// PostgreSQL URL; nil or empty means SQLite in the data folder.
    public var databaseURL: String?
    /// WebAuthn RP ID.
    public var rpID: String = "localhost"
    /// WebAuthn RP name shown by authenticators.
    public var rpName: String = "Countersign"
    /// Origins allowed in clientDataJSON and in the Origin header of state-changing requests.
    public var origins: [String] = ["http://localhost:8080"]
    /// The base URL put in invitation links; defaults to the first origin.
    public var publicURL: String?
    /// A folder to serve the web app from instead of the files built into the server (for
    /// development, or an installed binary without its resource bundle).
    public var webRoot: URL?

    /// A session ends after this long without a request.
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after login, whatever its activity.
    public var sessionAbsoluteTimeout: TimeInterval = 12 * 3600
    /// How long a WebAuthn ceremony may take.
    public var ceremonyLifetime: TimeInterval = 300
    /// How long an invitation stays usable.
    public var invitationLifetime: TimeInterval = 7 * 24 * 3600
    /// Admin and member request signatures older than this are refused (RFC 9421 created).
    public var requestSignatureWindow: TimeInterval = 300

    /// Largest request body accepted (statements may carry up to 1 MiB of content).
    public var maxBodyBytes: Int = 2 * 1024 * 1024
    /// Deepest JSON nesting accepted in a request body (content itself is limited to 64).
    public var maxJSONDepth: Int = 80
    /// Ceremony requests (registration, login, key attestation) allowed per client address per minute.
    public var ceremonyRequestsPerMinute: Int = 60
    /// Failed admin authentications allowed per client address per minute (also the limit of
    /// failed member signatures per client address).
    public var adminFailuresPerMinute: Int = 10
    /// Signed requests (admin and member) allowed per key id per minute, counted only once the
    /// signature has verified: a flood of forged signatures naming a key never uses its budget.
    public var signedRequestsPerKeyPerMinute: Int = 1200
    /// The reverse proxies whose X-Forwarded-For is believed (`--trusted-proxy`): a request from
    /// one of them is attributed to the right-most forwarded address that is not a trusted proxy.
    /// Empty (the default): the header is ignored and the TCP peer is the client.
    public var trustedProxies: [IPAddressBlock] = []
    /// The bearer token GET /metrics demands (`--metrics-token-file`); nil: /metrics is open, as
    /// /healthz is (bind to a private interface or filter it at the proxy).
    public var metricsToken: MetricsToken?
    /// A connection that sends nothing for this long, including one that never finishes its
    /// request head (a slowloris client), is closed: idle sockets cannot pile up.
    /// Longer than the keep-alive idle time of common HTTP clients (AsyncHTTPClient closes its idle
    /// connections after 60 s; nginx upstreams after 60 s): the client, not the server, closes an
    /// idle keep-alive connection, so a request is never sent on a connection being closed under it
    /// (with 30 s, concurrent clients saw "connection reset by peer" on reused connections).
    public var connectionIdleTimeout: TimeInterval = 90
    /// Largest request head accepted (all header fields together, and any one of them).
    public var maxHeaderBytes: Int = 32 * 1024
    /// Most header fields accepted in one request.
    public var maxHeaderFields: Int = 100

    /// A checkpoint is signed at least every this many audit events...
    public var checkpointEveryEvents: Int = 1000
    /// ...or after this long when there was activity.
    public var checkpointInterval: TimeInterval = 60
    /// How often server-sent event streams look for changes made by other instances.
    public var eventPollInterval: TimeInterval = 1

    /// Whether webhooks may target loopback, private, link-local and other internal addresses
    /// (refused by default: a webhook must not be a way into the server's network).
    public var webhookAllowPrivateTargets: Bool = false
    /// A delivery is given up ("failed") after this many attempts.
    public var webhookMaxAttempts: Int = 12
    /// The wait before the second attempt; it doubles with each further attempt (jittered)...
    public var webhookInitialBackoff: TimeInterval = 5
    /// ...up to this.
    public var webhookMaxBackoff: TimeInterval = 3600
    /// How often the outbox looks for new audit events and due deliveries.
    public var webhookPollInterval: TimeInterval = 1
    /// The longest one delivery request may take (connect, send and answer).
    public var webhookTimeout: TimeInterval = 10
    /// Outgoing mail (`--smtp-url`, `--smtp-password-file`, `--mail-from`, `--smtp-ca-file`); nil: mail is off,
    /// nothing is queued, and members cannot set an address.
    public var mail: MailSettings?
    /// Attempts before a mail is given up.
    public var mailMaxAttempts: Int = 12
    /// The first retry's delay, doubled per failed attempt up to `mailMaxBackoff`.
    public var mailInitialBackoff: TimeInterval = 5
    public var mailMaxBackoff: TimeInterval = 3600
    /// How often the mail sender looks for due mail.
    public var mailPollInterval: TimeInterval = 1
    /// Each SMTP step's timeout (connect, each reply).
    public var mailTimeout: TimeInterval = 30
    /// The daily reminder's hour (0...23, UTC); nil: no reminders (the default).
    public var mailReminderHour: Int?
    /// How often the reminder looks whether today's reminders are due.
    public var mailReminderPollInterval: TimeInterval = 60
    /// How long a link confirming an email address works.
    public var emailConfirmationLifetime: TimeInterval = 24 * 3600

    /// How long a dangerous admin operation (delete a key or passkey, remove a member, change
    /// roles, replace a policy) waits before it runs, cancellable by the affected member meanwhile.
    /// 0 (development) still goes through the schedule: the runner performs it on its next pass.
    public var dangerousOperationDelay: TimeInterval = 24 * 3600
    /// How long after its decision a statement counts as archived: the dashboard's "Archived" view
    /// and `archived=true` of the statement list (docs/api.md).
    public var archiveAfter: TimeInterval = 30 * 24 * 3600
    /// How long a recovery waits after the new passkey is registered, cancellable from any of the
    /// member's old passkeys.
    public var recoveryDelay: TimeInterval = 72 * 3600
    /// Whether concurrent write transactions share one database transaction and one COMMIT on
    /// SQLite (group commit, docs/storage.md). Off: one transaction and one COMMIT per write, as
    /// measured for comparison in docs/PERFORMANCE.md. PostgreSQL ignores it.
    public var groupCommit = true
    /// How often expired ceremonies, sessions and request nonces are deleted: abandoned
    /// ceremonies cannot pile up beyond what the rate limits let in during one lifetime.
    public var housekeepingInterval: TimeInterval = 60
    /// How often the operation runner looks for due operations.
    public var operationPollInterval: TimeInterval = 1
    /// How often the server looks for statements whose deadline passed (expiry, end of a time
    /// lock, a wait maturing) to record what it decides: a deadline takes effect within this.
    public var deadlinePollInterval: TimeInterval = 1

    /// The transparency log's origin: the first line of its checkpoints and the name in its vkey
    /// (`--log-origin`); nil: `defaultLogOrigin`. Part of the log's identity: witnesses and
    /// verifiers pin it with the key, so it must not change once published.
    public var logOrigin: String?
    /// The witnesses that cosign the log's checkpoints (`--witness`, `--witness-file`).
    public var witnesses: [WitnessConfiguration] = []
    /// How many witnesses' cosignatures a checkpoint needs before evidence relies on it, and below
    /// which /readyz reports the log as not witnessed (`--witness-threshold`; nil: one when any
    /// witness is configured, else none).
    public var witnessThreshold: Int?
    /// The least time between two checkpoints; each batch of sequenced events gets one, at most
    /// this often.
    public var logCheckpointInterval: TimeInterval = 1
    /// How often the log's sequencer looks for events recorded by other instances, and how long
    /// its lease on PostgreSQL lasts (a dead instance's lease runs out after `logLeaseDuration`).
    public var logPollInterval: TimeInterval = 1
    public var logLeaseDuration: TimeInterval = 10
    /// The longest one witness request may take.
    public var witnessTimeout: TimeInterval = 10
    /// Who may read the log's tiles and entry bundles (/log/tile/...): members and the admin
    /// (default), or anyone (`--log-public`: the entries are the redacted audit events, which
    /// name members and statement titles). The checkpoint is always public.
    public var logPublic: Bool = false

    public init() {}

    /// The cosignatures a checkpoint needs (`witnessThreshold`, defaulted).
    public var effectiveWitnessThreshold: Int { witnessThreshold ?? (witnesses.isEmpty ? 0 : 1) }

    /// `logOrigin`, or the public URL's host and path without scheme or trailing slash
    /// ("approvals.example.com/countersign"), as C2SP tlog-tiles recommends.
    public var effectiveLogOrigin: String { logOrigin ?? Self.defaultLogOrigin(publicURL: linkBase) }

    public static func defaultLogOrigin(publicURL: String) -> String {
        var origin = Substring(publicURL)
        if let scheme = origin.range(of: "://") { origin = origin[scheme.upperBound...] }
        while origin.hasSuffix("/") { origin = origin.dropLast() }
        return String(origin)
    }

    /// The URL invitation links point at.
    public var linkBase: String { publicURL ?? origins.first ?? "http://\(host):\(port)" }
}
