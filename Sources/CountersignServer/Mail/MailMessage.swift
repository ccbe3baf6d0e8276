import CountersignStore
import Foundation

/// The bytes of an outbox mail as sent after DATA (RFC 5322, MIME), before dot-stuffing.
///
/// Header injection is impossible by construction: every header value is either made by the
/// server (Date, Message-ID, the MIME fields), a validated `EmailAddress` (printable ASCII without
/// spaces: no CR or LF can be in it), or the subject, which is always written as RFC 2047
/// encoded words (base64 of its UTF-8), so nothing in it can end the header line. The body is
/// base64 too: no line of it can begin with a dot, exceed the line limit, or carry a bare LF.
enum MailMessage {
    /// The From display name (fixed, ASCII).
    static let fromName = "Countersign"

    static func render(_ mail: MailRecord, from: String) throws(ServiceError) -> [UInt8] {
        let sender = try EmailAddress(from)
        let recipient = try EmailAddress(mail.recipient)
        var lines = [
            "From: \(fromName) <\(sender.text)>",
            "To: <\(recipient.text)>",
            "Subject: " + encodedWords(mail.subject),
            "Date: " + date(mail.createdAt),
            "Message-ID: <\(mail.messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
        ]
        let normalized = mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        lines += wrapped(Data(normalized.utf8).base64EncodedString(), width: 76)
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The Message-ID of a new outbox row: its id at the sender's domain (the row's id is random).
    static func messageID(mailID: String, from: String) -> String {
        let domain = (try? EmailAddress(from))?.domain ?? "countersign.invalid"
        return "\(mailID)@\(domain)"
    }

    /// `text` as RFC 2047 "B" encoded words of at most 75 characters, folded onto continuation
    /// lines; each word holds whole UTF-8 characters. Control characters become spaces first.
    static func encodedWords(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in cleaned {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes.prefix(39)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// RFC 5322 date-time in UTC: "Mon, 07 Dec 2026 12:00:00 +0000".
    static func date(_ date: Date) -> String { MailWording.utc(date, format: "EEE, dd MMM yyyy HH:mm:ss '+0000'") }

    private static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return lines
    }
}
