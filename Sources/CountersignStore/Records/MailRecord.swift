import Countersign
import Foundation

/// One mail in the durable outbox. Its subject and body are rendered when it is queued, in the
/// transaction of the event that causes it, and its Message-ID is fixed then: every attempt sends
/// the same message, so a receiver that got it once can recognise a repeat. The state machine is the
/// webhook deliveries' (`DeliveryState`: pending, delivered, failed) with the same lease.
public struct MailRecord: Sendable, Hashable {
    /// "mail_" and base64url random bytes.
    public var id: String
    /// The member it is for (nil for none, kept for the log only).
    public var member: MemberID?
    /// The address, validated when it was stored.
    public var recipient: String
    /// What the mail is about ("operation.announced", "email.confirm", "invitation", ...).
    public var kind: String
    public var subject: String
    /// Plain text, lines separated by "\n" (CRLF is applied on the wire).
    public var body: String
    /// The Message-ID's inside, without angle brackets: "<id>@<host>".
    public var messageID: String
    public var state: DeliveryState
    public var attempts: Int
    /// The last attempt's error, for the operator.
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var leasedUntil: Date?
    public var sentAt: Date?
    public var createdAt: Date

    public init(
        id: String, member: MemberID?, recipient: String, kind: String, subject: String, body: String, messageID: String,
        state: DeliveryState = .pending, attempts: Int = 0, lastError: String? = nil, nextAttemptAt: Date?, leasedUntil: Date? = nil,
        sentAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.member = member
        self.recipient = recipient
        self.kind = kind
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.leasedUntil = leasedUntil
        self.sentAt = sentAt
        self.createdAt = createdAt
    }
}
