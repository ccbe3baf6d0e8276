import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one message per connection to the configured SMTP server (RFC 5321): greeting, EHLO,
/// TLS (implicit for smtps://, STARTTLS on smtp:// when offered; the clear only to loopback),
/// AUTH PLAIN when a user is configured, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. Every
/// step has a timeout; replies are bounded. Logs name the steps and the server's reply codes,
/// never the password or the message.
struct SMTPClient: Sendable {
    let settings: MailSettings
    let timeout: TimeInterval
    let logger: Logger
    let tlsContext: NIOSSLContext

    init(settings: MailSettings, timeout: TimeInterval, logger: Logger) throws {
        self.settings = settings
        self.timeout = timeout
        self.logger = logger
        tlsContext = try NIOSSLContext(configuration: Self.tlsConfiguration(settings))
    }

    /// Full verification (chain and host name) always; the trust roots are the system's, or only
    /// the configured authorities.
    static func tlsConfiguration(_ settings: MailSettings) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        if let authorities = settings.certificateAuthorities {
            configuration.trustRoots = .certificates(authorities.certificates)
        }
        return configuration
    }

    /// The name the client gives in EHLO: the sender's domain.
    var heloName: String { (try? EmailAddress(settings.from))?.domain ?? "localhost" }

    /// Hands `message` (the rendered mail, CRLF lines) for `recipient` to the server. Returns when
    /// the server accepted it (250 after the final dot).
    func send(_ message: [UInt8], to recipient: String) async throws(SMTPError) {
        let stepTimeout = TimeAmount.milliseconds(Int64(timeout * 1000))
        let inbound = SMTPInbound()
        let channel = try await connect(inbound: inbound, timeout: stepTimeout)
        defer { channel.close(promise: nil) }
        var talk = SMTPConversation(channel: channel, inbound: inbound, timeout: stepTimeout)
        try await talk.reply(expect: [220], step: "the greeting")
        var extensions = try await talk.command("EHLO \(heloName)", expect: [250], step: "EHLO").lines
        if settings.security == .startTLS {
            if extensions.contains(where: { Self.keyword($0) == "STARTTLS" }) {
                try await talk.command("STARTTLS", expect: [220], step: "STARTTLS")
                try await startTLS(on: channel, inbound: inbound, after: talk)
                extensions = try await talk.command("EHLO \(heloName)", expect: [250], step: "EHLO after STARTTLS").lines
            } else if !settings.isLoopback {
                throw .tlsRequired(host: settings.host)
            }
        }
        if let user = settings.username {
            let offersPlain = extensions.contains { line in
                Self.keyword(line) == "AUTH" && line.uppercased().split(separator: " ").contains("PLAIN")
            }
            guard offersPlain else { throw .authUnavailable }
            let credentials = Data(([0] + Array(user.utf8) + [0] + Array((settings.password ?? "").utf8))).base64EncodedString()
            try await talk.command("AUTH PLAIN \(credentials)", expect: [235], step: "AUTH")
        }
        try await talk.command("MAIL FROM:<\(settings.from)>", expect: [250], step: "MAIL FROM")
        try await talk.command("RCPT TO:<\(recipient)>", expect: [250, 251], step: "RCPT TO")
        try await talk.command("DATA", expect: [354], step: "DATA")
        try await talk.write(Self.dotStuffed(message) + Array(".\r\n".utf8), step: "the message")
        try await talk.reply(expect: [250], step: "the end of the message")
        // Accepted: a failed QUIT changes nothing.
        _ = try? await talk.command("QUIT", expect: [221], step: "QUIT")
    }

    private func connect(inbound: SMTPInbound, timeout: TimeAmount) async throws(SMTPError) -> any Channel {
        let implicitTLS = settings.security == .implicitTLS
        let context = tlsContext
        let host = settings.host
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: Self.sniName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(inbound)
                }
            }
        do {
            return try await bootstrap.connect(host: host, port: settings.port).get()
        } catch {
            throw .connect("\(host):\(settings.port): \(error)")
        }
    }

    /// Puts TLS under the conversation once the server said 220 to STARTTLS. Whatever arrived in
    /// the clear after that 220 (read into the conversation, or received before TLS was in place)
    /// is refused, not read later as a reply under TLS: a STARTTLS response injection.
    private func startTLS(on channel: any Channel, inbound: SMTPInbound, after talk: SMTPConversation) async throws(SMTPError) {
        let context = tlsContext
        let host = settings.host
        let receivedInTheClear: Int
        do {
            receivedInTheClear = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: context, serverHostname: Self.sniName(host)), position: .first)
                return inbound.receivedBytes
            }.get()
        } catch {
            throw .closed(step: "STARTTLS", reason: "\(error)")
        }
        let injected = talk.unreadBytes(received: receivedInTheClear)
        guard injected == 0 else {
            throw .tls(step: "STARTTLS", reason: "\(injected) bytes arrived in the clear after the server's 220, before TLS (refused: they could be injected replies)")
        }
    }

    /// The host as TLS server name: nil for an IP literal (SNI carries names only).
    private static func sniName(_ host: String) -> String? {
        IPAddress(literal: host) == nil ? host : nil
    }

    /// The EHLO keyword of an extension line ("AUTH PLAIN LOGIN" -> "AUTH").
    private static func keyword(_ line: String) -> String {
        String(line.split(separator: " ").first ?? "").uppercased()
    }

    /// RFC 5321 4.5.2: a line that begins with a dot gets one more. The message ends with CRLF.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 16)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if out.suffix(2) != [13, 10] { out += [13, 10] }
        return out
    }
}
