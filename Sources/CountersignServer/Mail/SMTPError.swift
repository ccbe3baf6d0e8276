/// Why a mail could not be handed to the SMTP server. The reply text of a refusal is the
/// server's; none of these ever carries the password or the mail's body.
enum SMTPError: Error, CustomStringConvertible, Sendable {
    /// The TCP connection (or the TLS handshake of smtps://) failed.
    case connect(String)
    /// No complete reply within the timeout, at `step`.
    case timedOut(step: String)
    /// The server closed the connection at `step` (with the socket error, if any).
    case closed(step: String, reason: String?)
    /// TLS failed at `step`: the certificate did not verify (authority, host name, expiry) or the
    /// handshake failed. Retried: the operator fixes the certificate or `--smtp-ca-file`.
    case tls(step: String, reason: String)
    /// A reply line longer than `SMTPConversation.maxLineBytes`, or more lines than allowed.
    case replyTooLong(step: String)
    /// A reply line that does not start with a three-digit code.
    case malformedReply(step: String)
    /// The server answered `code` to `step`.
    case refused(step: String, code: Int, text: String)
    /// smtp:// to a host that is not loopback, and the server does not offer STARTTLS.
    case tlsRequired(host: String)
    /// A user name is configured but the server offers no AUTH PLAIN.
    case authUnavailable

    /// A 5xx reply about this mail (its recipient or its content): sending it again would be
    /// refused again. A 5xx to AUTH or MAIL FROM is the server's configuration, fixed by the
    /// operator, after which the mail must still go: retried like any transient failure.
    var isPermanent: Bool {
        if case .refused(let step, let code, _) = self {
            return (500...599).contains(code) && ["RCPT TO", "the end of the message", "rendering"].contains(step)
        }
        return false
    }

    var description: String {
        switch self {
        case .connect(let reason): "cannot connect to the SMTP server: \(reason)"
        case .timedOut(let step): "the SMTP server did not answer \(step) in time"
        case .closed(let step, let reason): "the SMTP server closed the connection at \(step)" + (reason.map { " (\($0))" } ?? "")
        case .tls(let step, let reason): "TLS with the SMTP server failed at \(step): \(reason)"
        case .replyTooLong(let step): "the SMTP server's reply to \(step) is too long"
        case .malformedReply(let step): "the SMTP server's reply to \(step) is not SMTP"
        case .refused(let step, let code, let text): "the SMTP server refused \(step): \(code) \(text)"
        case .tlsRequired(let host): "\(host) does not offer STARTTLS, and mail goes in the clear only to a loopback host"
        case .authUnavailable: "the SMTP server offers no AUTH PLAIN, and a user name is configured"
        }
    }
}
