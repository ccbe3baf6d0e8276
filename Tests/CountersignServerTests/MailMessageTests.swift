import CountersignStore
import CountersignTestSupport
import Foundation
import Testing

@testable import CountersignServer

/// The mail's bytes and the address rules, below HTTP: no header can be injected through the
/// subject or the recipient, the body cannot end the DATA phase early, and the settings refuse
/// what would leak the password.
@Suite("Mail messages and settings")
struct MailMessageTests {
    private func mail(recipient: String = "erin@example.org", subject: String, body: String = "Hello") -> MailRecord {
        MailRecord(
            id: "mail_x", member: nil, recipient: recipient, kind: "test", subject: subject, body: body, messageID: "mail_x@example.org",
            nextAttemptAt: nil, createdAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    private func headerLines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        return head.components(separatedBy: "\r\n")
    }

    @Test("a subject with CR, LF and header text stays one Subject field of encoded words")
    func subjectCannotInject() throws {
        let bytes = try MailMessage.render(mail(subject: "Hi\r\nBcc: all@example.org\nX-Evil: 1"), from: "countersign@example.org")
        let lines = headerLines(bytes)
        let names = lines.filter { !$0.hasPrefix(" ") }.map { String($0.prefix { $0 != ":" }).lowercased() }
        #expect(names.sorted() == ["auto-submitted", "content-transfer-encoding", "content-type", "date", "from", "message-id", "mime-version", "subject", "to"])
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(!String(decoding: bytes, as: UTF8.self).contains("Bcc"))
        // Long subjects fold onto continuation lines of whole encoded words.
        let long = try MailMessage.render(mail(subject: String(repeating: "Ünïcödé ", count: 30)), from: "countersign@example.org")
        #expect(headerLines(long).allSatisfy { $0.utf8.count <= 78 })
    }

    @Test("a recipient or sender that is not a strict address is refused at rendering")
    func recipientMustBeStrict() {
        #expect(throws: ServiceError.self) { try MailMessage.render(mail(recipient: "a@b.org\r\nBcc: c@d.org", subject: "x"), from: "countersign@example.org") }
        #expect(throws: ServiceError.self) { try MailMessage.render(mail(subject: "x"), from: "countersign@example.org\r\nX: y") }
    }

    @Test("the body is base64 in short lines, and dot-stuffing doubles a leading dot")
    func bodyCannotEndData() throws {
        let bytes = try MailMessage.render(mail(subject: "x", body: "line\n.\nQUIT\n"), from: "countersign@example.org")
        let body = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[1]
        #expect(!body.contains("\r\n.\r\n") && !body.contains("QUIT"))
        #expect(SMTPClient.dotStuffed(Array(".a\r\nb\r\n.\r\n".utf8)) == Array("..a\r\nb\r\n..\r\n".utf8))
    }

    @Test("addresses: strict subset accepted, everything else refused")
    func addresses() {
        for good in ["erin@example.org", "a.b+tag@sub.example.co", "x@localhost", "o'neil@example.org"] {
            #expect((try? EmailAddress(good)) != nil, "\(good)")
        }
        for bad in ["", "erin", "erin@", "@example.org", "a@b@c.org", ".a@b.org", "a..b@c.org", "a@b..org", "a@-b.org", "a b@c.org",
                    "\"a\"@b.org", "a@b.org\r\n", "é@b.org", "a@b.org\u{7F}", String(repeating: "a", count: 65) + "@b.org",
                    "a@" + String(repeating: "b", count: 64) + ".org"] {
            #expect((try? EmailAddress(bad)) == nil, "\(bad.debugDescription)")
        }
    }

    @Test("settings: no password in the URL, only smtp/smtps, the password file owner-only, loopback recognised")
    func settings() throws {
        #expect(throws: MailSettingsError.self) { try MailSettings(url: "smtp://user:secret@mail.example.org", passwordFile: nil, from: "a@b.org") }
        #expect(throws: MailSettingsError.self) { try MailSettings(url: "http://mail.example.org", passwordFile: nil, from: "a@b.org") }
        #expect(throws: MailSettingsError.self) { try MailSettings(url: "smtp://mail.example.org", passwordFile: nil, from: nil) }
        #expect(throws: MailSettingsError.self) { try MailSettings(url: "smtp://user@mail.example.org", passwordFile: nil, from: "a@b.org") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailsettings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("password")
        try Data("s3cret\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(throws: MailSettingsError.self) { try MailSettings(url: "smtps://user@mail.example.org", passwordFile: file, from: "a@b.org") }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let settings = try MailSettings(url: "smtps://user%40corp@mail.example.org", passwordFile: file, from: "a@b.org")
        #expect(settings.password == "s3cret" && settings.username == "user@corp" && settings.port == 465 && settings.security == .implicitTLS)
        #expect(!settings.isLoopback)
        #expect(try MailSettings(url: "smtp://127.0.0.1:2525", passwordFile: nil, from: "a@b.org").isLoopback)
        #expect(try MailSettings(url: "smtp://localhost", passwordFile: nil, from: "a@b.org").port == 587)
        #expect(try MailSettings(url: "smtp://[::1]:25", passwordFile: nil, from: "a@b.org").isLoopback)
    }

    @Test("TLS: chain and host name always verified; --smtp-ca-file's authorities replace the system's roots (not join them)")
    func trustRoots() throws {
        let system = SMTPClient.tlsConfiguration(try MailSettings(url: "smtps://mail.example.org", passwordFile: nil, from: "a@b.org"))
        #expect(system.certificateVerification == .fullVerification)
        #expect(system.trustRoots == nil || system.trustRoots == .default)
        #expect(system.additionalTrustRoots.isEmpty)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailsettings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ca.pem")
        try Data(MailTesting.authorityPEM.utf8).write(to: file)
        let settings = try MailSettings(url: "smtp://mail.example.org", passwordFile: nil, from: "a@b.org", caFile: file)
        let authorities = try #require(settings.certificateAuthorities?.certificates)
        let own = SMTPClient.tlsConfiguration(settings)
        #expect(own.certificateVerification == .fullVerification)
        #expect(own.trustRoots == .certificates(authorities))
        #expect(own.additionalTrustRoots.isEmpty, "the system's roots would still vouch for the relay")
        #expect("\(settings)".contains("trusting only the 1 certificate(s) of smtpCaFile"))
    }
}
