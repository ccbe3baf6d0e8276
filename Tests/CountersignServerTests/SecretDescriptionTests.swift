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
}
