import CountersignServer
import Foundation

/// `countersign serve` as a child process, as an operator runs it: for tests that kill it.
package final class ServerProcess: ServerEndpoint, @unchecked Sendable {
    package let process: SpawnedProcess
    package let baseURL: String
    package let adminKey: [UInt8]
    package let logURL: URL

    /// Starts the binary on a free port with `dataDirectory` (and PostgreSQL when `databaseURL`
    /// is given), plus `extraArguments`, and waits until it listens.
    package static func start(dataDirectory: URL, databaseURL: String?, extraArguments: [String] = []) async throws -> ServerProcess {
        let logURL = dataDirectory.deletingLastPathComponent().appendingPathComponent("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        var arguments = [
            "serve", "--data-dir", dataDirectory.path, "--port", "0", "--rp-id", TestServer.rpID, "--origin", TestServer.origin,
        ]
        if let databaseURL { arguments += ["--database-url", databaseURL] }
        arguments += extraArguments
        let process = try SpawnedProcess.spawn(
            CLI.path.path, arguments,
            environment: ProcessInfo.processInfo.environment.merging(["COUNTERSIGN_CEREMONY_REQUESTS_PER_MINUTE": "100000"]) { $1 },
            stdout: logURL.path, stderr: logURL.path)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self)
            if let range = text.range(of: "address=127.0.0.1:") {
                let port = text[range.upperBound...].prefix { $0.isNumber }
                let adminKey = try ServerSecrets.readAdminKey(at: dataDirectory.appendingPathComponent("admin.key"))
                return ServerProcess(process: process, baseURL: "http://127.0.0.1:\(port)", adminKey: adminKey, logURL: logURL)
            }
            guard process.exitStatus() == nil else { throw TestServerFailure("countersign serve exited: \(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.signal(SIGKILL)
        _ = await process.wait(until: .now + .seconds(10))
        throw TestServerFailure("countersign serve did not start within a minute")
    }

    private init(process: SpawnedProcess, baseURL: String, adminKey: [UInt8], logURL: URL) {
        self.process = process
        self.baseURL = baseURL
        self.adminKey = adminKey
        self.logURL = logURL
    }

    /// What the process printed so far.
    package var output: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }

    /// SIGKILL: no shutdown, no flush, no goodbye. Waits (briefly blocking) until it is gone.
    package func kill() {
        process.signal(SIGKILL)
        _ = process.waitBlocking()
    }

    /// SIGTERM, as an operator stops it, then waits until it has exited.
    package func stop() {
        if process.exitStatus() == nil {
            process.signal(SIGTERM)
            _ = process.waitBlocking()
        }
        try? FileManager.default.removeItem(at: logURL)
    }
}
