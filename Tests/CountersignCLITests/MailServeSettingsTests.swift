import CountersignTestSupport
import Foundation
import Testing
@testable import countersign

/// The mail settings of `countersign serve`: off by default; the URL, the sender and the reminder
/// hour from a flag, a variable or the file; a password only from an owner-only file.
@Suite("serve configuration: mail")
struct MailServeSettingsTests {
    private func settings(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeSettings {
        try ServeSettings(reader: try await ServeCommand.parse(arguments).configurationReader(environment: environment))
    }

    @Test("mail is off by default; the flags, the variables and the file turn it on; bad combinations stop the start")
    func mailSettings() async throws {
        #expect(try await settings([]).server.mail == nil)
        #expect(try await settings([]).server.mailReminderHour == nil)
        let flags = try await settings(["--smtp-url", "smtps://relay.example.org", "--mail-from", "cs@example.org", "--mail-reminder-hour", "8"])
        #expect(flags.server.mail?.host == "relay.example.org" && flags.server.mail?.port == 465 && flags.server.mailReminderHour == 8)
        let variables = try await settings([], environment: ["COUNTERSIGN_SMTP_URL": "smtp://127.0.0.1:2525", "COUNTERSIGN_MAIL_FROM": "cs@example.org"])
        #expect(variables.server.mail?.isLoopback == true)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-mail-\(UUID().uuidString).json")
        try Data(#"{"smtpUrl": "smtp://relay.example.org:587", "mailFrom": "cs@example.org", "mailReminderHour": 23}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try await settings(["--config", file.path]).server.mailReminderHour == 23)

        await #expect(throws: (any Error).self) { try await settings(["--smtp-url", "smtp://relay.example.org"]) }
        await #expect(throws: (any Error).self) { try await settings(["--mail-from", "cs@example.org"]) }
        await #expect(throws: (any Error).self) {
            try await settings(["--smtp-url", "smtp://me:secret@relay.example.org", "--mail-from", "cs@example.org"])
        }
        await #expect(throws: (any Error).self) {
            try await settings(["--smtp-url", "smtp://relay.example.org", "--mail-from", "cs@example.org", "--mail-reminder-hour", "24"])
        }
        await #expect(throws: (any Error).self) { try await settings(["--mail-reminder-hour", "8"]) }
        await #expect(throws: (any Error).self) {
            try await settings(["--smtp-url", "smtp://relay.example.org", "--mail-from", "not an address"])
        }
    }

    @Test("--smtp-ca-file (flag, variable, file key) trusts exactly its certificates; a missing, empty, non-PEM, key-holding or oversized file stops the start")
    func certificateAuthorityFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-smtp-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let mail = ["--smtp-url", "smtps://relay.example.org", "--mail-from", "cs@example.org"]
        let one = try file("one.pem", "\n" + MailTesting.authorityPEM)
        let two = try file("two.pem", MailTesting.authorityPEM + "\n" + MailTesting.authorityPEM.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try await settings(mail).server.mail?.certificateAuthorities == nil)
        #expect(try await settings(mail + ["--smtp-ca-file", one]).server.mail?.certificateAuthorities?.certificates.count == 1)
        #expect(try await settings(mail, environment: ["COUNTERSIGN_SMTP_CA_FILE": two]).server.mail?.certificateAuthorities?.certificates.count == 2)
        let config = try file("config.json", #"{"smtpUrl": "smtps://relay.example.org", "mailFrom": "cs@example.org", "smtpCaFile": "\#(one)"}"#)
        #expect(try await settings(["--config", config]).server.mail?.certificateAuthorities?.certificates.count == 1)

        let key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+Cq8wKb3R9V7A0xN0RU4t5cCDZ9Nq1Y0n6D6N7tWJa\n-----END PRIVATE KEY-----\n"
        let refused: [(String, String)] = [
            (folder.appendingPathComponent("absent.pem").path, "does not exist"),
            (folder.path, "is a folder"),
            (try file("empty.pem", ""), "holds no PEM certificate"),
            (try file("text.pem", "not a certificate\n"), "outside any PEM certificate block"),
            (try file("key.pem", MailTesting.authorityPEM + key), "never a key"),
            (try file("commented.pem", "# my CA\n" + MailTesting.authorityPEM), "outside any PEM certificate block"),
            (try file("truncated.pem", String(MailTesting.authorityPEM.dropLast(26))), "has no -----END CERTIFICATE----- line"),
            (try file("garbled.pem", MailTesting.authorityPEM.replacingOccurrences(of: "MII", with: "M!I")), "not part of a PEM certificate"),
            (try file("junk.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "cannot be read as X.509"),
            (try file("huge.pem", String(repeating: MailTesting.authorityPEM, count: (1 << 20) / MailTesting.authorityPEM.utf8.count + 1)), "over 1024 KiB"),
        ]
        for (path, reason) in refused {
            do {
                _ = try await settings(mail + ["--smtp-ca-file", path])
                Issue.record("\(path) was accepted")
            } catch {
                #expect("\(error)".contains(reason), "\(path): \(error)")
                #expect("\(error)".contains("smtpCaFile"), "\(error) does not name the setting")
            }
        }
        await #expect(throws: (any Error).self) { try await settings(["--smtp-ca-file", one]) }
    }
}
