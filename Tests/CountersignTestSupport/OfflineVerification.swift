import CountersignJOSE
import CountersignJSON
import Foundation
import Testing

/// Checks evidence the way an outsider would: the built `countersign verify` binary and joserfc
/// (Tests/interop/joserfc_verify.py in the test venv), each as a separate process on files.
package enum OfflineVerification {
    /// `countersign verify` on `bundle` with the server's key pinned as a user does it: fetched
    /// once from GET /.well-known/countersign-server-key.json and given with --server-key.
    package static func verify(bundle: [UInt8], server: some ServerEndpoint, extraArguments: [String] = []) async throws -> ProcessResult {
        let serverKey = try await fetchServerKey(server)
        return try await withFile(bundle) { path in
            try await withFile(serverKey) { keyPath in
                try await CLI.run(["verify", path, "--server-key", keyPath] + extraArguments, timeout: .seconds(60))
            }
        }
    }

    /// The server's public key document, as a user fetches it once to pin it.
    package static func fetchServerKey(_ server: some ServerEndpoint) async throws -> [UInt8] {
        let reply = try await APIClient(baseURL: server.baseURL, origin: nil).get("/.well-known/countersign-server-key.json")
        try expectStatus(reply, 200)
        return reply.body
    }

    /// Verifies every signature of a General JWS with joserfc against `keys`. Without the test
    /// venv (a bare `swift test`) this records nothing and returns: scripts/test always has it,
    /// and CI=true makes its absence a failure.
    package static func verifyWithJoserfc(envelope: [UInt8], keys: [JSONValue], expectedSignatures: Int) async throws {
        let parsed = try JSONParser().parse(envelope)
        #expect(parsed.objectValue?["signatures"]?.arrayValue?.count == expectedSignatures)
        guard Python.interpreter != nil else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must run the joserfc check (COUNTERSIGN_PYTHON unset)")
            // Set but naming no interpreter is a broken setup, not a machine without the venv.
            #expect(
                (ProcessInfo.processInfo.environment["COUNTERSIGN_PYTHON"] ?? "").isEmpty,
                "COUNTERSIGN_PYTHON does not name an executable")
            return
        }
        let jwks = JCS.canonicalize(.object(["keys": .array(keys)]))
        try await withFile(envelope) { envelopePath in
            try await withFile(jwks) { jwksPath in
                let outcome = try await Python.run("joserfc_verify.py", [envelopePath, jwksPath], timeout: .seconds(60))
                #expect(outcome.exitCode == 0, "joserfc: \(outcome.output)")
            }
        }
    }

    package static func withFile<T>(_ bytes: [UInt8], _ body: (String) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-\(UUID().uuidString).json")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }
}
