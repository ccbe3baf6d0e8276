import Countersign
import CountersignStore
import CountersignWebAuthn
import Foundation
import Logging

/// The composition root of the business logic: every service, built once, each given exactly the
/// parts it uses. Reading this initialiser shows what depends on what (docs/architecture.md);
/// nothing else constructs a service. A class, so that the environment the HTTP layer copies into
/// every route and authenticator carries one reference, not every service's parts (a struct made
/// each copy retain some two hundred references, visible as CPU per approval).
final class ServerServices: Sendable {
    let clock: ServerClock
    let audit: AuditRecorder
    let ceremonies: CeremonyKeeper
    let checkpointer: Checkpointer
    let assertions: PasskeyAssertionCheck
    let registrationCeremonies: PasskeyRegistration
    let statements: StatementService
    let votes: VoteService
    let comments: CommentService
    let revocation: Revocation
    let revocationCeremony: RevocationCeremony
    let scheduler: OperationScheduler
    let memberOperations: MemberOperations
    let recoveryRegistration: RecoveryRegistration
    let sessions: SessionService
    let registrations: RegistrationService
    let passkeys: PasskeyService
    let keys: KeyService
    let keyCopies: KeyCopyService
    let evidence: EvidenceService
    let auditReads: AuditService
    let members: MemberAdministration
    let invitations: InvitationService
    let policies: PolicyService
    let templates: TemplateService
    let webhooks: WebhookService
    let emails: EmailService
    /// The background services: the runner of due operations and the webhook outbox.
    let operationRunner: OperationRunner
    let webhookDispatcher: WebhookDispatcher
    let webhookDeliverer: WebhookDeliverer
    /// The mail outbox's sender (idle when mail is off).
    let mailDeliverer: MailDeliverer
    /// The daily reminder (idle unless configured).
    let dailyReminder: DailyReminder
    /// Records expiries, ended time locks and matured waits when their deadline passes.
    let statementDeadlines: StatementDeadlines
    /// Once at start: the providers of passkeys registered before AAGUIDs were kept.
    let passkeyProviderBackfill: PasskeyProviderBackfill

    init(
        store: any Store, clock: ServerClock, events: EventHub, configuration: ServerConfiguration, relyingParty: RelyingParty,
        secrets: ServerSecrets, log: TransparencyLog, operationWakeup: Wakeup, logger: Logger
    ) {
        self.clock = clock
        audit = AuditRecorder(store: store, clock: clock, events: events, logger: logger)
        ceremonies = CeremonyKeeper(store: store, clock: clock)
        checkpointer = Checkpointer(store: store, clock: clock, configuration: configuration, secrets: secrets, logger: logger)
        assertions = PasskeyAssertionCheck(store: store, clock: clock, relyingParty: relyingParty, audit: audit)
        registrationCeremonies = PasskeyRegistration(clock: clock, configuration: configuration, relyingParty: relyingParty, ceremonies: ceremonies)
        statements = StatementService(store: store, clock: clock, events: events, audit: audit, configuration: configuration)
        votes = VoteService(
            store: store, clock: clock, events: events, configuration: configuration, relyingParty: relyingParty, secrets: secrets, audit: audit)
        comments = CommentService(store: store, clock: clock, events: events)
        revocation = Revocation(store: store, clock: clock, events: events, audit: audit, statements: statements)
        revocationCeremony = RevocationCeremony(
            store: store, clock: clock, configuration: configuration, relyingParty: relyingParty, audit: audit, ceremonies: ceremonies,
            assertions: assertions)
        scheduler = OperationScheduler(store: store, clock: clock, events: events, configuration: configuration, operationWakeup: operationWakeup)
        memberOperations = MemberOperations(store: store)
        recoveryRegistration = RecoveryRegistration(store: store, events: events, configuration: configuration, operationWakeup: operationWakeup)
        sessions = SessionService(
            store: store, clock: clock, events: events, configuration: configuration, relyingParty: relyingParty, ceremonies: ceremonies,
            assertions: assertions)
        registrations = RegistrationService(
            store: store, clock: clock, events: events, audit: audit, ceremonies: ceremonies, registrationCeremonies: registrationCeremonies,
            recoveryRegistration: recoveryRegistration, sessions: sessions)
        passkeys = PasskeyService(
            store: store, clock: clock, events: events, ceremonies: ceremonies, registrationCeremonies: registrationCeremonies,
            revocation: revocation, revocationCeremony: revocationCeremony)
        keys = KeyService(
            store: store, clock: clock, events: events, configuration: configuration, relyingParty: relyingParty, secrets: secrets, audit: audit,
            ceremonies: ceremonies, assertions: assertions, revocation: revocation, scheduler: scheduler)
        keyCopies = KeyCopyService(store: store, clock: clock, events: events, revocation: revocation)
        evidence = EvidenceService(
            store: store, clock: clock, configuration: configuration, relyingParty: relyingParty, secrets: secrets, log: log, statements: statements)
        auditReads = AuditService(store: store, log: log, checkpointer: checkpointer)
        members = MemberAdministration(store: store, clock: clock, events: events)
        invitations = InvitationService(store: store, clock: clock, events: events, configuration: configuration)
        policies = PolicyService(store: store, clock: clock, events: events, scheduler: scheduler)
        emails = EmailService(store: store, clock: clock, configuration: configuration)
        templates = TemplateService(store: store, clock: clock, events: events)
        webhooks = WebhookService(store: store, clock: clock, configuration: configuration, log: log, audit: audit)
        operationRunner = OperationRunner(
            store: store, clock: clock, events: events, logger: logger, operationWakeup: operationWakeup, revocation: revocation)
        webhookDispatcher = WebhookDispatcher(store: store, clock: clock, configuration: configuration, logger: logger)
        webhookDeliverer = WebhookDeliverer(store: store, clock: clock, configuration: configuration, secrets: secrets, logger: logger)
        mailDeliverer = MailDeliverer(store: store, clock: clock, configuration: configuration, logger: logger)
        dailyReminder = DailyReminder(store: store, clock: clock, configuration: configuration, logger: logger)
        statementDeadlines = StatementDeadlines(
            store: store, clock: clock, statements: statements, logger: logger, wakeup: Wakeup(interval: configuration.deadlinePollInterval))
        passkeyProviderBackfill = PasskeyProviderBackfill(store: store, logger: logger)
    }
}
