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
}
