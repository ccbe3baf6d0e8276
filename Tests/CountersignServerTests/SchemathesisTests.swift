import Countersign
import CountersignJSON
import CountersignStore
import CountersignTestSupport
import Crypto
import Foundation
import Testing

/// Fuzzes the real server from the description it serves at /openapi.yaml: every response must
/// conform to the document (status, content type, schema) and none may be a 5xx. Runs twice per
/// engine: anonymously (every route, mostly the refusals) and with a session of an active member
/// who has created a statement (the session routes' successes), within one wall-clock budget.
@Suite(
    "OpenAPI document against the running server (schemathesis)",
    .enabled(if: Python.hasSchemathesis, Python.schemathesisMissing), .serialized, .timeLimit(.minutes(12)))
struct SchemathesisTests {
    /// Hard limit for both runs on one engine.
    static let budget: Duration = .seconds(330)

    @Test("responses conform to /openapi.yaml and none is a server error", arguments: Engine.available)
    func conformance(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let deadline = ContinuousClock.now + Self.budget
            try await Self.schemathesis(server, label: "anonymous", extra: [], deadline: deadline)
            let cookie = try await Self.sessionWithStatement(server)
            // Logging out would end the session half-way; the event stream never ends by design.
            try await Self.schemathesis(
                server, label: "with a session",
                extra: [
                    "--header", "Cookie: \(cookie)", "--generation-with-security-parameters", "false",
                    "--exclude-path", "/api/logout", "--exclude-path", "/api/events",
                ],
                deadline: deadline)
        }
    }

    /// `python -m schemathesis.cli run <base>/openapi.yaml` with bounded, reproducible effort.
    static func schemathesis(_ server: TestServer, label: String, extra: [String], deadline: ContinuousClock.Instant) async throws {
        let python = try #require(Python.interpreter)
        let remaining = ContinuousClock.now.duration(to: deadline)
        try #require(remaining > .seconds(10), "no time left for the \(label) run")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let arguments = [
            "-m", "schemathesis.cli", "run", server.baseURL + "/openapi.yaml",
            "--checks", "not_a_server_error,response_schema_conformance",
            // Deterministic generation: the same cases every run (no seed, no example database).
            "--max-examples", "20", "--generation-deterministic",
            "--workers", "1", "--request-timeout", "10", "--no-color",
            "--header", "Origin: \(TestServer.origin)",
        ] + extra
        let result: ProcessResult
        do {
            result = try await ProcessRunner.run(
                python, arguments, currentDirectory: scratch,
                environment: ["PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"],
                timeout: remaining)
        } catch let timedOut as ProcessTimedOut {
            Issue.record("schemathesis (\(label), \(server.environment.store.engine)) timed out:\n\(timedOut.stdout)\n\(timedOut.stderr)")
            return
        }
        #expect(
            result.exitCode == 0,
            "schemathesis (\(label), \(server.environment.store.engine)) exited \(result.exitCode):\n\(result.stdout)\n\(result.stderr)")
    }

    /// An active member with a session cookie, a second member to sign, and one statement, written
    /// straight into the store (admin authentication is not part of this check); returns the
    /// Cookie header value.
    static func sessionWithStatement(_ server: TestServer) async throws -> String {
        let now = Date()
        let creator = try MemberID(randomBytes: randomBytes(16))
        let signer = try MemberID(randomBytes: randomBytes(16))
        let cookieValue = Base64URL.encode(randomBytes(32))
        let idHash = Base64URL.encode(SHA256.hash(data: Array(cookieValue.utf8)))
        try await server.store.write { tx in
            for (id, name) in [(creator, "Creator"), (signer, "Signer")] {
                try await tx.insertMember(
                    MemberRecord(id: id, name: name, roles: [], status: .active, userHandle: randomBytes(32), createdAt: now))
            }
            try await tx.insertSession(
                SessionRecord(idHash: idHash, member: creator, createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(3600)))
        }
        let client = APIClient(baseURL: server.baseURL)
        client.setCookie("countersign_session=\(cookieValue)")
        let created = try await client.post(
            "/api/statements",
            [
                "title": "Schemathesis seed", "content": .object(["amount": .number(1)]),
                "policy": .object(["threshold": .number(1), "signers": .array([.object(["member": .string(signer.rawValue), "weight": .number(1)])])]),
            ])
        try expectStatus(created, 201)
        return "countersign_session=\(cookieValue)"
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }
}
