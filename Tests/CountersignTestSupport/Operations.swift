import CountersignJSON
import CountersignServer
import Foundation
import Testing

/// Scheduled operations in tests: short delays crossed with the test clock (kept under the
/// 5-minute request-signature window and the session idle timeout, so that the admin's and the
/// members' requests stay valid after the clock moves); the runner finds an operation the clock
/// made due within its one-second poll.
package enum Operations {
    package static let delay: TimeInterval = 60
    package static let recoveryDelay: TimeInterval = 90

    package static func configure(_ configuration: inout ServerConfiguration) {
        configuration.dangerousOperationDelay = delay
        configuration.recoveryDelay = recoveryDelay
    }

    /// Immediate operations (delay 0): scheduling wakes the runner.
    package static func immediate(_ configuration: inout ServerConfiguration) {
        configuration.dangerousOperationDelay = 0
    }
}

extension AdminClient {
    /// GET /api/admin/operations/{id}.
    package func operation(_ id: String) async throws -> JSONObject {
        let reply = try await signedWithoutBody(.GET, "/api/admin/operations/\(id)")
        try expectStatus(reply, 200)
        return reply.object
    }

    /// Waits until the runner has decided the operation (done or failed) and returns it.
    @discardableResult
    package func waitForOperation(_ id: String, state: String = "done") async throws -> JSONObject {
        try await eventually("operation \(id) \(state)") { try await operation(id)["state"]?.stringValue == state }
        return try await operation(id)
    }

    /// The first 1,000 audit events through the admin API (no member session needed).
    package func auditEvents(_ action: String) async throws -> [JSONObject] {
        let reply = try await signedWithoutBody(.GET, "/api/admin/audit?limit=1000")
        try expectStatus(reply, 200)
        return try #require(reply.object["events"]?.arrayValue).compactMap(\.objectValue).filter { $0["action"]?.stringValue == action }
    }

    /// POSTs a scheduling route and returns the operation id of its 202 reply.
    package func schedule(_ path: String, _ body: JSONObject = [:]) async throws -> String {
        let reply = try await post(path, body)
        try expectStatus(reply, 202)
        return try #require(reply.object["id"]?.stringValue)
    }
}

extension TestMember {
    /// Cancels the operation with an assertion by `passkey` (this member's first by default):
    /// options, the authenticator's get(), then the cancellation.
    package func cancelOperation(_ id: String, passkey: SoftwareAuthenticator? = nil) async throws -> APIClient.Reply {
        let options = try await client.post("/api/operations/\(id)/cancel/options")
        guard options.status == 200 else { return options }
        let response = try (passkey ?? authenticator).assert(options: try #require(options.object["options"]?.objectValue))
        return try await client.post("/api/operations/\(id)/cancel", ["ceremony": try #require(options.object["ceremony"]), "response": response])
    }

    /// The ids of the pending operations GET /api/operations shows this member.
    package func pendingOperations() async throws -> [String] {
        let reply = try await client.get("/api/operations")
        try expectStatus(reply, 200)
        return try #require(reply.object["operations"]?.arrayValue).compactMap { $0.objectValue?["id"]?.stringValue }
    }
}
