import Countersign
import CountersignStore
import CountersignWebAuthn
import Foundation
import Logging

/// What the HTTP layer (routes, authenticators, middlewares) shares: configuration, store,
/// secrets, the relying party, the clock, the live-update hub, the rate limiters and the services
/// (`ServerServices`, built once here). One value per running server; all of it is immutable or
/// an actor. Services never see it: each takes the parts it uses.
public struct ServerEnvironment: Sendable {
    public let configuration: ServerConfiguration
    public let store: any Store
    public let secrets: ServerSecrets
    public let relyingParty: RelyingParty
    /// The time source. Tests pass a controllable clock; production uses the system clock.
    public let clock: @Sendable () -> Date
    let events: EventHub
    /// Wakes the operation runner: at its poll interval, and at once when this instance schedules
    /// or registers something that may already be due.
    let operationWakeup: Wakeup
    /// The web app's files (from `configuration.webRoot`, or the resource bundle).
    let webAssets: WebAssets
    let ceremonyLimiter: RateLimiter
    let adminLimiter: RateLimiter
    /// Failed member request signatures per client address; kept apart from the admin limiter
    /// so that a member's broken client cannot lock the admin out, nor the other way round.
    let memberSignatureLimiter: RateLimiter
    /// Verified signed requests per key id (admin and member keys): one key cannot flood the
    /// server, and forged signatures never count against the key they name.
    let keyLimiter: RateLimiter
    /// The nonces of signed reads, kept in memory (`ReadNonces`, docs/SECURITY.md).
    let readNonces = ReadNonces()
    /// Signers of recent votes, hints the vote confirms under its lock (`KeptSigners`).
    let keptSigners = KeptSigners()
    /// The transparency log over the audit events (docs/transparency.md).
    public let log: TransparencyLog
    let logger: Logger
    /// Every service, built once (`ServerServices`, the composition root).
    let services: ServerServices

    public init(
        configuration: ServerConfiguration, store: any Store, secrets: ServerSecrets,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) throws {
        self.configuration = configuration
        self.store = store
        self.secrets = secrets
        self.clock = clock
        self.logger = logger
        webAssets = try configuration.webRoot.map(WebAssets.load(from:)) ?? WebAssets.bundled()
        relyingParty = try RelyingParty(id: configuration.rpID, name: configuration.rpName, origins: configuration.origins)
        events = EventHub(store: store, pollInterval: configuration.eventPollInterval, logger: logger)
        operationWakeup = Wakeup(interval: configuration.operationPollInterval)
        ceremonyLimiter = RateLimiter(limit: configuration.ceremonyRequestsPerMinute, window: 60)
        adminLimiter = RateLimiter(limit: configuration.adminFailuresPerMinute, window: 60)
        memberSignatureLimiter = RateLimiter(limit: configuration.adminFailuresPerMinute, window: 60)
        keyLimiter = RateLimiter(limit: configuration.signedRequestsPerKeyPerMinute, window: 60)
        log = try TransparencyLog(store: store, logKey: secrets.logKey, configuration: configuration, logger: logger)
        services = ServerServices(
            store: store, clock: ServerClock(read: clock), events: events, configuration: configuration, relyingParty: relyingParty,
            secrets: secrets, log: log, operationWakeup: operationWakeup, logger: logger)
    }

    /// The current instant in whole seconds (`ServerClock`).
    var now: Date { services.clock.now }
}

extension ServerEnvironment {
    /// Counts one ceremony request (registration, login, key attestation) from `client`; 429 once
    /// the client is over the per-minute limit.
    func limitCeremonies(from client: String) async throws {
        guard ceremonyLimiter.allow(client, now: now) else {
            throw ServiceError.rateLimited("too many ceremony requests; wait a minute")
        }
    }

    /// Counts one signed request whose signature verified under `keyID`; 429 once the key is over
    /// its per-minute limit. Called only after verification, so that nobody but the key's holder
    /// can spend its budget.
    func limitSignedRequests(keyID: String) async throws {
        guard keyLimiter.allow("key:" + keyID, now: now) else {
            throw ServiceError.rateLimited("too many signed requests with this key; wait a minute")
        }
    }
}
