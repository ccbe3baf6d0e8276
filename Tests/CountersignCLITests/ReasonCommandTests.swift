import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign reject --reason`, `withdraw --reason`, `comment` and `comments` (issue 22)
/// against a real server; the evidence's signed reason is shown by `countersign verify`.
@Suite("countersign reasons and comments")
struct ReasonCommandTests {
    @Test("reject --reason signs the reason; verify shows it; withdraw --reason records it unsigned; comment and comments", arguments: Engine.available)
    func reasons(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let aliceKey = try scratch.write("alice.jwk", JCS.canonicalize(.object(team[0].signingKey.jsonObject(includePrivate: true))))
            let bobKey = try scratch.write("bob.jwk", JCS.canonicalize(.object(team[1].signingKey.jsonObject(includePrivate: true))))
            let alice = ["--server", server.baseURL, "--key", aliceKey]
            let bob = ["--server", server.baseURL, "--key", bobKey]
            let id = try await team[0].createStatement(policy: #"{"threshold":2,"rejectThreshold":1,"signers":[{"role":"partner","weight":1}]}"#)

            // Withdraw with a reason (recorded, not signed), then reject with a signed reason.
            #expect(try await countersign(["sign", id, "--yes"] + bob).exitCode == 0)
            let withdrawn = try await countersign(["withdraw", id, "--reason", "wrong button"] + bob)
            #expect(withdrawn.exitCode == 0, "\(withdrawn.stderr)")
            let refused = try await countersign(["reject", id, "--yes", "--reason", "a\tb"] + bob)
            #expect(refused.exitCode == 1 && refused.stderr.contains("reason"), "\(refused.stderr)")
            let reason = "Too early.\nAsk again in May "
            let rejected = try await countersign(["reject", id, "--yes", "--reason", reason] + bob)
            #expect(rejected.exitCode == 0, "\(rejected.stderr)")
            #expect(rejected.stdout.contains("state: rejected"), "\(rejected.stdout)")

            let shown = try await countersign(["statement", "show", id] + alice)
            #expect(shown.stdout.contains("reason (signed): \"Too early.\\nAsk again in May \""), "\(shown.stdout)")
            #expect(shown.stdout.contains("reason (not signed): \"wrong button\""), "\(shown.stdout)")

            let bundle = scratch.path("evidence.json")
            #expect(try await countersign(["evidence", id, "--out", bundle] + alice).exitCode == 0)
            let keyFile = try scratch.write("server-key.json", try await OfflineVerification.fetchServerKey(server))
            let verified = try await countersign(["verify", bundle, "--server-key", keyFile])
            #expect(verified.stdout.contains("reason (signed by the member's key, rejection/v2): \"Too early.\\nAsk again in May \""), "\(verified.stdout)")

            // Comments: posted and listed; one line per comment, the text escaped.
            let posted = try await countersign(["comment", id, "Noted.\nThanks"] + alice)
            #expect(posted.exitCode == 0, "\(posted.stderr)")
            let listed = try await countersign(["comments", id] + bob)
            #expect(listed.exitCode == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains("\(team[0].id): \"Noted.\\nThanks\""), "\(listed.stdout)")
        }
    }

    private func countersign(_ arguments: [String]) async throws -> ProcessResult {
        try await CLI.run(arguments, environment: ["COUNTERSIGN_KEY": ""], timeout: .seconds(60))
    }
}
