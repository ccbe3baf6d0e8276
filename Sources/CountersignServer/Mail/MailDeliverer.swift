import CountersignJSON
import CountersignStore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Sends due mail from the outbox, as `WebhookDeliverer` sends webhooks: each batch is claimed
/// under a lease, so two instances never send the same mail at once; an accepted mail is marked
/// delivered, a 5xx refusal fails it at once, anything else is retried with exponential backoff
/// until `mailMaxAttempts`. A mail queued while the SMTP server is down, or before a restart, is
/// sent when it can be: the queue is in the database.
///
/// No duplicate on retry: a mail is marked delivered as soon as the server accepted it, and every
/// attempt sends the same message with the same Message-ID. One case cannot be closed by any
/// SMTP client: the connection lost after the final "." and before the server's 250. The server
/// may have accepted the mail; the client cannot know, retries, and the recipient may get it
/// twice (with the same Message-ID, which mail programs use to fold duplicates).
struct MailDeliverer: Service {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let logger: Logger
    /// Mails claimed (and sent concurrently) per round.
    static let batchSize = 8

    func run() async throws {
        // A service that returns ends the whole service group: with mail off (or unusable) this
        // one waits for the shutdown instead.
        guard let settings = configuration.mail else {
            try? await gracefulShutdown()
            return
        }
        let client: SMTPClient
        do {
            client = try SMTPClient(settings: settings, timeout: configuration.mailTimeout, logger: logger)
        } catch {
            logger.error("mail is disabled: the TLS context cannot be built", metadata: ["error": "\(error)"])
            try? await gracefulShutdown()
            return
        }
        let poll = configuration.mailPollInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let sent: Int
            do {
                sent = try await deliverBatch(client, from: settings.from)
            } catch {
                logger.warning("mail round failed", metadata: ["error": "\(error)"])
                sent = 0
            }
            if sent == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(poll)) }
            }
        }
    }

    /// Claims the due mails and sends them; returns how many it claimed.
    @discardableResult
    func deliverBatch(_ client: SMTPClient, from: String) async throws -> Int {
        let now = clock.read()
        guard try await store.read({ try await $0.hasDueMail(now: now) }) else { return 0 }
        let lease = Base64URL.encode(ServerSecrets.randomBytes(16))
        // Long enough for every step of one conversation to time out.
        let leaseUntil = now.addingTimeInterval(configuration.mailTimeout * 8 + 60)
        let claimed = try await store.write { tx in
            try await tx.claimMail(now: now, leaseUntil: leaseUntil, lease: lease, limit: Self.batchSize)
        }
        await withTaskGroup(of: Void.self) { group in
            for mail in claimed {
                group.addTask { await attempt(mail, lease: lease, client: client, from: from) }
            }
        }
        return claimed.count
    }

    private func attempt(_ mail: MailRecord, lease: String, client: SMTPClient, from: String) async {
        var failure: SMTPError?
        var outcome = DeliveryOutcome.delivered
        do {
            let message = try MailMessage.render(mail, from: from)
            do {
                try await client.send(message, to: mail.recipient)
            } catch {
                failure = error
            }
        } catch {
            // A row whose address no longer passes validation (never written so): give it up.
            failure = .refused(step: "rendering", code: 554, text: "\(error)")
        }
        let now = clock.read()
        if let failure {
            if Task.isCancelled {
                try? await store.write { try await $0.releaseMail(mail.id, lease: lease) }
                return
            }
            let attempts = mail.attempts + 1
            if failure.isPermanent || attempts >= configuration.mailMaxAttempts {
                outcome = .failed
            } else {
                let backoff = WebhookBackoff(initial: configuration.mailInitialBackoff, maximum: configuration.mailMaxBackoff)
                outcome = .retry(at: now.addingTimeInterval(backoff.delay(after: attempts)))
            }
            logger.warning("mail not sent", metadata: [
                "mail": "\(mail.id)", "kind": "\(mail.kind)", "attempt": "\(attempts)", "error": "\(failure)",
                "outcome": "\(Self.label(outcome))",
            ])
        } else {
            logger.info("mail sent", metadata: ["mail": "\(mail.id)", "kind": "\(mail.kind)"])
        }
        let (error, decided) = (failure.map { "\($0)" }, outcome)
        do {
            let recorded = try await store.write { tx in
                try await tx.finishMail(mail.id, lease: lease, attempts: mail.attempts + 1, error: error, outcome: decided, at: now)
            }
            if !recorded {
                logger.warning("a mail's lease ran out before its attempt was recorded", metadata: ["mail": "\(mail.id)"])
            }
        } catch {
            logger.warning("recording a mail attempt failed", metadata: ["mail": "\(mail.id)", "error": "\(error)"])
        }
        Counter(label: "countersign_mail_total", dimensions: [("outcome", Self.label(outcome))]).increment()
    }

    private static func label(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .delivered: "sent"
        case .retry: "retry"
        case .failed: "failed"
        }
    }
}
