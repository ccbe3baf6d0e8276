import CountersignServer
import CountersignTLog
import Foundation
import Testing

/// A member's `countersign log monitor` (key transparency) against a test server.
package enum LogMonitor {
    /// `countersign log monitor` for `member` against `server`, its state in `state`, signed with
    /// the member's `key` (anonymous without one).
    package static func run(_ server: TestServer, member: String, state: URL, key: URL?, extra: [String] = []) async throws -> ProcessResult {
        var arguments = ["log", "monitor", "--server", server.baseURL, "--member", member, "--state", state.path,
                         "--log-key", server.environment.log.verifierKey.description]
        if let key { arguments += ["--key", key.path] }
        return try await CLI.run(arguments + extra, timeout: .seconds(60))
    }

    /// Waits until a checkpoint covers every event recorded so far: a monitor sees checkpointed
    /// entries only.
    package static func checkpointed(_ server: TestServer) async throws {
        let size = try await server.environment.log.integrate()
        try await eventually("a checkpoint of \(size) entries") {
            (try await server.environment.log.latestCheckpoint()?.size ?? 0) >= size
        }
    }
}
