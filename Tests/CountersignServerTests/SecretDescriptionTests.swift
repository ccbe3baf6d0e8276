import CountersignJOSE
import CountersignJSON
@testable import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

/// Secrets never reach a log line or an interpolated string: describing the secrets, the
/// environment or a background service that holds them (as ServiceLifecycle does when a server
/// starts) shows neither the ADMIN_KEY nor the server's private key, and stays short.
@Suite("Secrets in descriptions")
struct SecretDescriptionTests {
    @Test("The ADMIN_KEY and the server's private key appear in no description")
    func redacted() async throws {
        try await TestServer.with(.sqlite) { server in
            let secrets = server.environment.secrets
            let adminHex = Hex.encode(secrets.adminKey)
            let privateD = try #require(secrets.serverKey.jsonObject(includePrivate: true)["d"]?.stringValue)
            let descriptions = [
                String(describing: secrets), String(reflecting: secrets), "\(server.environment)",
                String(reflecting: server.environment), String(describing: server.environment.services.operationRunner),
                String(reflecting: server.environment.services.webhookDispatcher),
                String(reflecting: server.environment.services.webhookDeliverer), String(reflecting: server.environment.services.checkpointer),
            ]
            for text in descriptions {
                #expect(!text.contains(adminHex) && !text.contains(privateD), "\(text)")
                #expect(!text.contains(String(describing: secrets.adminKey)), "\(text)")
                // The web app's bytes are not walked either: a description stays one short line.
                #expect(text.count < 1000, "\(text.prefix(200))")
            }
        }
    }

    @Test("The SMTP password appears in no description of the settings, the configuration or the mail sender")
    func smtpPasswordRedacted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("password")
        let password = "correct-horse-\(UUID().uuidString)"
        try Data(password.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let settings = try MailSettings(url: "smtp://user@127.0.0.1:2525", passwordFile: file, from: "countersign@example.org")
        try await TestServer.with(.sqlite, configure: { $0.mail = settings }) { server in
            let descriptions = [
                String(describing: settings), String(reflecting: settings), "\(server.environment.configuration)",
                String(reflecting: server.environment.configuration), String(reflecting: server.environment.services.mailDeliverer),
                String(reflecting: server.environment),
            ]
            for text in descriptions { #expect(!text.contains(password), "\(text)") }
        }
    }
}
