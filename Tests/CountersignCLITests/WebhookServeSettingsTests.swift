import Foundation
import Testing
@testable import countersign

/// The webhook settings of `countersign serve`: private targets refused unless a flag, a variable
/// or the file allows them.
@Suite("serve configuration: webhooks")
struct WebhookServeSettingsTests {
    private func settings(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeSettings {
        try ServeSettings(reader: try await ServeCommand.parse(arguments).configurationReader(environment: environment))
    }

    @Test("private targets are refused by default and allowed by the flag, the variable or the file")
    func allowPrivateTargets() async throws {
        #expect(try await settings([]).server.webhookAllowPrivateTargets == false)
        #expect(try await settings([]).server.webhookMaxAttempts == 12)
        #expect(try await settings(["--webhook-allow-private-targets"]).server.webhookAllowPrivateTargets)
        #expect(try await settings([], environment: ["COUNTERSIGN_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"]).server.webhookAllowPrivateTargets)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-config-\(UUID().uuidString).json")
        try Data(#"{"webhookAllowPrivateTargets": true, "webhookMaxAttempts": 3}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await settings(["--config", file.path])
        #expect(fromFile.server.webhookAllowPrivateTargets)
        #expect(fromFile.server.webhookMaxAttempts == 3)
        await #expect(throws: (any Error).self) { try await settings(["--webhook-max-attempts", "0"]) }
    }
}
