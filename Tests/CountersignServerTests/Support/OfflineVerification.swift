import CountersignJSON
import Foundation
import Testing

/// Checks evidence the way an outsider would: the built `countersign verify` binary and joserfc
/// (Tests/interop/joserfc_verify.py in the test venv), each as a separate process on files.
enum OfflineVerification {
    struct Outcome {
        let exitCode: Int32
        let output: String
    }

    /// `<root>/Tests/CountersignServerTests/Support/OfflineVerification.swift` -> `<root>`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The countersign binary SwiftPM built beside the test runner (or COUNTERSIGN_BIN).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["COUNTERSIGN_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments.first ?? "").resolvingSymlinksInPath()
        let beside = runner.deletingLastPathComponent().appendingPathComponent("countersign")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/countersign")
    }

    static var python: URL? {
        guard let path = ProcessInfo.processInfo.environment["COUNTERSIGN_PYTHON"], !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path)
    }

    /// `countersign verify` on `bundle` with the server's key pinned as a user does it: fetched
    /// once from GET /.well-known/countersign-server-key.json and given with --server-key.
    static func verify(bundle: [UInt8], server: some ServerEndpoint, extraArguments: [String] = []) async throws -> Outcome {
        let serverKey = try await fetchServerKey(server)
        return try await withFile(bundle) { path in
            try await withFile(serverKey) { keyPath in try await run(binary, ["verify", path, "--server-key", keyPath] + extraArguments) }
        }
    }

    /// The server's public key document, as a user fetches it once to pin it.
    static func fetchServerKey(_ server: some ServerEndpoint) async throws -> [UInt8] {
        let reply = try await APIClient(baseURL: server.baseURL, origin: nil).get("/.well-known/countersign-server-key.json")
        try expectStatus(reply, 200)
        return reply.body
    }

    /// Verifies every signature of a General JWS with joserfc against `keys`. Without the test
    /// venv (a bare `swift test`) this records nothing and returns: scripts/test always has it,
    /// and CI=true makes its absence a failure.
    static func verifyWithJoserfc(envelope: [UInt8], keys: [JSONValue], expectedSignatures: Int) async throws {
        let parsed = try JSONParser().parse(envelope)
        #expect(parsed.objectValue?["signatures"]?.arrayValue?.count == expectedSignatures)
        guard let python else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must run the joserfc check (COUNTERSIGN_PYTHON unset)")
            return
        }
        let jwks = JCS.canonicalize(.object(["keys": .array(keys)]))
        try await withFile(envelope) { envelopePath in
            try await withFile(jwks) { jwksPath in
                let script = packageRoot.appendingPathComponent("Tests/interop/joserfc_verify.py").path
                let outcome = try await run(python, [script, envelopePath, jwksPath])
                #expect(outcome.exitCode == 0, "joserfc: \(outcome.output)")
            }
        }
    }

    static func withFile<T>(_ bytes: [UInt8], _ body: (String) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-\(UUID().uuidString).json")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }

    /// Runs a program to completion (at most a minute). The wait sleeps as a task: a blocked
    /// thread would starve the in-process servers of the test run (the cooperative pool has one
    /// thread per core), and a child that talks to one of them would then never finish.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> Outcome {
        let result = try await ProcessRunner.run(
            executable, arguments, environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        return Outcome(exitCode: result.exitCode, output: result.stdout + result.stderr)
    }
}
