import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Logging

/// Writes refusals to the audit log in their own transaction: a refused signature or ceremony
/// changes nothing else, but the attempt is on record.
struct AuditRecorder: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let logger: Logger

    /// Records a refusal. `privateDetails` (the client's address) are kept for the admin only:
    /// they go under `details.private` with a random salt, and members see their commitment
    /// (`AuditEvent.redacted`).
    /// Longest subject a refusal records.
    static let maximumSubjectCharacters = 512

    func refusal(
        actor: String, action: String, subject: String, error: ServiceError, details: JSONObject = [:], privateDetails: JSONObject = [:]
    ) async {
        var details = details
        if !Array(privateDetails.keys).isEmpty {
            var hidden = privateDetails
            hidden["salt"] = .string(Base64URL.encode(ServerSecrets.randomBytes(16)))
            details[AuditEvent.privateDetailsKey] = .object(hidden)
        }
        details["code"] = .string(error.code)
        details["message"] = .string(error.message)
        let now = clock.now
        let frozen = details
        // A refusal's subject may come from the request (its path): cut to a bound, so that an
        // attempt with a huge path is still audited and its log entry stays small.
        let bounded = subject.count > Self.maximumSubjectCharacters ? String(subject.prefix(Self.maximumSubjectCharacters)) + "…" : subject
        do {
            _ = try await store.write { tx in
                try await tx.appendAudit(actor: actor, action: action, subject: bounded, details: .object(frozen), at: now)
            }
            events.nudge()
        } catch {
            logger.error("could not audit a refusal", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }
}
