import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import CountersignServer

/// What is shown to whom: members read the audit log without client addresses (the admin sees
/// them), and /metrics can demand a bearer token.
@Suite("What is shown to whom")
struct AuditVisibilityTests {
    /// Every string anywhere in `value`.
    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .object(let object): object.flatMap { [$0.key] + strings(in: $0.value) }
        case .array(let items): items.flatMap(strings)
        default: []
        }
    }

    @Test("Members see audit events with client IP addresses: a member's audit page (cookie or signature) shows their commitment, the admin's the address, and both copies verify", arguments: Engine.available)
    func membersSeeClientAddresses(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await MemberSignatureTests.attestedMember(server)
            // A refused admin request and a refused member signature, both from 127.0.0.1.
            let wrongAdmin = AdminClient(server: server, adminKey: Array(repeating: 7, count: 32))
            expectError(try await wrongAdmin.post("/api/admin/invitations", ["name": "mallory"]), 401, "admin_unauthenticated")
            let stranger = MemberSigner(server: server, key: try JWK.generate(for: .ed25519))
            expectError(try await stranger.send(.GET, "/api/statements"), 401, "member_unauthenticated")

            // The admin sees the addresses.
            let admin = AdminClient(server: server)
            let adminPage = try await admin.get("/api/admin/audit?limit=1000")
            try expectStatus(adminPage, 200)
            let adminEvents = try #require(adminPage.object["events"]?.arrayValue).compactMap(\.objectValue)
            let refusals = adminEvents.filter { ["admin.refused", "request.refused"].contains($0["action"]?.stringValue) }
            #expect(refusals.count == 2)
            for event in refusals {
                let hidden = event["details"]?.objectValue?["private"]?.objectValue
                #expect(hidden?["client"]?.stringValue == "127.0.0.1", "\(event)")
            }

            // A member, by session or by signature, sees no address, only the commitment.
            let bySession = try await alice.client.get("/api/audit?limit=1000")
            let bySignature = try await MemberSigner(server: server, key: alice.signingKey).send(.GET, "/api/audit?limit=1000")
            for page in [bySession, bySignature] {
                try expectStatus(page, 200)
                let events = try #require(page.object["events"]?.arrayValue)
                #expect(!Self.strings(in: .array(events)).contains("127.0.0.1"), "a client address reached a member: \(page)")
                let memberRefusals = events.compactMap(\.objectValue).filter { ["admin.refused", "request.refused"].contains($0["action"]?.stringValue) }
                #expect(memberRefusals.count == 2)
                for event in memberRefusals {
                    let hidden = event["details"]?.objectValue?["private"]?.objectValue
                    #expect(hidden?.keys.sorted() == ["sha256"], "\(event)")
                }
                // The member's copy is the same chain: every hash verifies and equals the admin's.
                let parsed = try events.compactMap(\.objectValue).map(AuditLog.event)
                _ = try AuditChain.verify(parsed)
                #expect(parsed.map(\.hash) == (try adminEvents.map(AuditLog.event).map(\.hash)))
            }
            _ = try AuditChain.verify(try adminEvents.map(AuditLog.event))
        }
    }

    /// A token file with `mode`, holding `text`.
    static func tokenFile(_ text: String, mode: mode_t, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("metrics-\(UUID().uuidString).token")
        try Data(text.utf8).write(to: url)
        #expect(chmod(url.path, mode) == 0)
        return url
    }

    @Test("/metrics can demand a bearer token: 401 without it or with another, 200 with it; open without the setting", arguments: Engine.available)
    func metricsToken(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.metricsToken = MetricsToken(token: "s3cret-metrics-token") }) { server in
            let client = APIClient(baseURL: server.baseURL, origin: nil)
            for headers in [[], [("Authorization", "Bearer wrong")], [("Authorization", "Bearer s3cret-metrics-token-and-more")],
                            [("Authorization", "Basic s3cret-metrics-token")], [("Authorization", "Bearer ")]] as [[(String, String)]] {
                let refused = try await client.get("/metrics", headers: headers)
                expectError(refused, 401, "metrics_unauthorized")
                #expect(refused.headers["WWW-Authenticate"].first?.hasPrefix("Bearer") == true)
            }
            let served = try await client.get("/metrics", headers: [("Authorization", "Bearer s3cret-metrics-token")])
            try expectStatus(served, 200)
            #expect(served.text.contains("hb_requests"))
            try expectStatus(try await client.get("/healthz"), 200)
        }
        try await TestServer.with(engine) { server in
            try expectStatus(try await APIClient(baseURL: server.baseURL, origin: nil).get("/metrics"), 200)
        }
    }

    @Test("--metrics-token-file: a missing, empty or group/other-readable file is refused at start-up")
    func metricsTokenFile() throws {
        let folder = try TemporaryDirectory().url
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ServerSecretsError.self) { _ = try MetricsToken(file: folder.appendingPathComponent("missing")) }
        let empty = try Self.tokenFile(" \n", mode: 0o600, in: folder)
        #expect(throws: ServerSecretsError.self) { _ = try MetricsToken(file: empty) }
        let open = try Self.tokenFile("token\n", mode: 0o644, in: folder)
        do {
            _ = try MetricsToken(file: open)
            Issue.record("a 0644 token file was accepted")
        } catch {
            #expect("\(error)".contains("chmod 600 \(open.path)"), "\(error)")
        }
        let good = try Self.tokenFile("token\n", mode: 0o600, in: folder)
        #expect(try MetricsToken(file: good).authorizes("Bearer token"))
    }
}
