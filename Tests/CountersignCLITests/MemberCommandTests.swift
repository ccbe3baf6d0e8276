import Countersign
import CountersignClient
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The member commands of the built `countersign` binary against a real server: two passkey
/// members create and approve a 2-of-3 statement, download the evidence and verify it offline,
/// and check the audit log from the server and from an export, tampered or not.
@Suite("countersign member commands")
struct MemberCommandTests {
    @Test("statement create, sign --yes, show --json, evidence, verify, audit verify and export", arguments: Engine.available)
    func endToEnd(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let aliceKey = try scratch.write("alice.jwk", JCS.canonicalize(.object(team[0].signingKey.jsonObject(includePrivate: true))))
            let bobKey = try scratch.write("bob.jwk", JCS.canonicalize(.object(team[1].signingKey.jsonObject(includePrivate: true))))
            let content = try scratch.write("content.json", Array(#"{"round":"seed","amount":250000}"#.utf8))
            let policy = try scratch.write("policy.json", Array(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#.utf8))
            let alice = ["--server", server.baseURL, "--key", aliceKey]
            let bob = ["--server", server.baseURL, "--key", bobKey]

            let created = try await countersign(["statement", "create", "--title", "Seed round", "--content", content, "--policy", policy, "--json"] + alice)
            #expect(created.exitCode == 0, "\(created.stderr)")
            let id = try #require(try JSONParser().parse(created.stdout).objectValue?["statement"]?.objectValue?["id"]?.stringValue)

            let unconfirmed = try await countersign(["sign", id] + bob)
            #expect(unconfirmed.exitCode == 1)
            #expect(unconfirmed.stderr.contains("Approve this statement? [y/N]"))
            #expect(unconfirmed.stderr.contains("nothing signed"))

            let first = try await countersign(["sign", id, "--yes"] + alice)
            #expect(first.exitCode == 0, "\(first.stderr)")
            #expect(first.stdout.contains("state: pending"))
            let second = try await countersign(["sign", id, "--yes"] + bob)
            #expect(second.exitCode == 0, "\(second.stderr)")
            #expect(second.stdout.contains("state: approved"))

            let shown = try await countersign(["statement", "show", id, "--json"] + bob)
            #expect(shown.exitCode == 0, "\(shown.stderr)")
            let view = try #require(try JSONParser().parse(shown.stdout).objectValue)
            #expect(view["state"]?.stringValue == "approved")
            #expect(view["votes"]?.arrayValue?.count == 2)
            let text = try await countersign(["statement", "show", id] + bob)
            #expect(text.stdout.contains("\"amount\": 250000"))
            #expect(text.stdout.contains("approve at"))

            let bundle = scratch.path("evidence.json")
            let evidence = try await countersign(["evidence", id, "--out", bundle] + alice)
            #expect(evidence.exitCode == 0, "\(evidence.stderr)")
            #expect(evidence.stdout.contains("countersign verify \(bundle)"))
            // Without a pinned server key the receipt proves nothing: exit 1, and said so.
            let unpinned = try await countersign(["verify", bundle])
            #expect(unpinned.exitCode == 1, "\(unpinned.stdout)\(unpinned.stderr)")
            #expect(unpinned.stdout.contains("signed by a key this verifier does not trust"), "\(unpinned.stdout)")
            // The server's key, fetched once and pinned.
            let serverKey = try scratch.write("server-key.json", try await OfflineVerification.fetchServerKey(server))
            let verified = try await countersign(["verify", bundle, "--server-key", serverKey])
            #expect(verified.exitCode == 0, "\(verified.stdout)\(verified.stderr)")

            let audit = try await countersign(["audit", "verify"] + alice)
            #expect(audit.exitCode == 0, "\(audit.stdout)\(audit.stderr)")
            #expect(audit.stdout.contains("audit log verified"))
            #expect(audit.stdout.contains("checkpoint verified"))
            // The events also rebuild the transparency log's checkpoint, whose signature the log key checks.
            let vkey = server.environment.log.verifierKey.description
            let withLog = try await countersign(["audit", "verify", "--log-key", vkey] + alice)
            #expect(withLog.exitCode == 0 && withLog.stdout.contains("transparency log verified"), "\(withLog.stdout)\(withLog.stderr)")

            let export = scratch.path("audit.json")
            let exported = try await countersign(["audit", "export", "--out", export] + alice)
            #expect(exported.exitCode == 0, "\(exported.stderr)")
            let fromFile = try await countersign(["audit", "verify", "--file", export])
            #expect(fromFile.exitCode == 0, "\(fromFile.stdout)\(fromFile.stderr)")

            let tampered = try scratch.write("tampered.json", try Self.tamper(try CommandInput.read(export), seq: 3))
            let broken = try await countersign(["audit", "verify", "--file", tampered])
            #expect(broken.exitCode == 1)
            #expect(broken.stdout.contains("BROKEN at seq 3"), "\(broken.stdout)\(broken.stderr)")
            let brokenJSON = try await countersign(["audit", "verify", "--file", tampered, "--json"])
            #expect(try JSONParser().parse(brokenJSON.stdout).objectValue?["error"]?.objectValue?["seq"]?.integerValue == 3)
        }
    }

    @Test("Refusals are one line on standard error with exit status 1", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let key = try scratch.write("alice.jwk", JCS.canonicalize(.object(alice.signingKey.jsonObject(includePrivate: true))))
            let missing = try await countersign(["statement", "show", "st_missing", "--server", server.baseURL, "--key", key])
            #expect(missing.exitCode == 1)
            #expect(missing.stderr.hasPrefix("countersign statement show: the server refused (HTTP 404"), "\(missing.stderr)")
            #expect(missing.stderr.split(separator: "\n").count == 1)

            let publicOnly = try scratch.write("public.jwk", JCS.canonicalize(.object(alice.signingKey.publicKey.jsonObject())))
            let unsigned = try await countersign(["statement", "list", "--server", server.baseURL, "--key", publicOnly])
            #expect(unsigned.exitCode == 1)
            #expect(unsigned.stderr.contains("private JWK"))
        }
    }

    @Test("key enrol binds a service key with a user token; the key then signs member commands", arguments: Engine.available)
    func keyEnrol(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            // An active member (registered with a passkey) enrols a second key for a service.
            let owner = try await registeredMember(server, name: "ops")
            let key = try JWK.generate(for: .ed25519)
            let token = try KeyEnrolment.token(member: owner.id, key: key, adminKey: server.adminKey)
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let keyFile = try scratch.write("bot.jwk", JCS.canonicalize(.object(key.jsonObject(includePrivate: true))))
            let enrolled = try await countersign(["key", "enrol", "--token", token, "--server", server.baseURL, "--key", keyFile])
            #expect(enrolled.exitCode == 0, "\(enrolled.stderr)")
            // The owner has a passkey, so the enrolment is announced and scheduled (no delay here).
            #expect(enrolled.stdout.hasPrefix("enrolled key \(key.thumbprint) for \(owner.id); it is valid from "), "\(enrolled.stdout)")
            let secret = try #require(key.jsonObject(includePrivate: true)["d"]?.stringValue)
            #expect(!(enrolled.stdout + enrolled.stderr).contains(secret))
            let listed = try await countersign(["statement", "list", "--json", "--server", server.baseURL, "--key", keyFile])
            #expect(listed.exitCode == 0, "\(listed.stderr)")
            #expect(try JSONParser().parse(listed.stdout).objectValue?["statements"]?.arrayValue == [])
            let again = try await countersign(["key", "enrol", "--token", token, "--server", server.baseURL, "--key", keyFile])
            #expect(again.exitCode == 1)
            #expect(again.stderr.contains("key_exists"), "\(again.stderr)")
        }
    }

    @Test("statement show says which votes the policy does not count, and why", arguments: Engine.available)
    func ignoredVotes(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let id = try await team[0].createStatement(policy: #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            try expectStatus(try await team[1].vote(.approve, on: id), 201)
            let admin = CountersignClient(server: server.baseURL, credentials: .admin(key: server.adminKey))
            try await AdminClient(server: server).waitForOperation(try await admin.setRoles(of: team[1].id, to: ["observer"]).id)
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let key = try scratch.write("alice.jwk", JCS.canonicalize(.object(team[0].signingKey.jsonObject(includePrivate: true))))
            let shown = try await countersign(["statement", "show", id, "--server", server.baseURL, "--key", key])
            #expect(shown.exitCode == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("not counted: \(team[1].name) (\(team[1].id)) (approve): "), "\(shown.stdout)")
        }
    }

    /// Changes the action of event `seq` in an audit export, leaving its recorded hash.
    static func tamper(_ bytes: [UInt8], seq: Int64) throws -> [UInt8] {
        var export = try #require(try JSONParser().parse(bytes).objectValue)
        var events = try #require(export["events"]?.arrayValue)
        let index = try #require(events.firstIndex { $0.objectValue?["seq"]?.integerValue == seq })
        var event = try #require(events[index].objectValue)
        event["action"] = .string("statement.forged")
        events[index] = .object(event)
        export["events"] = .array(events)
        return JCS.canonicalize(.object(export))
    }

    private func countersign(_ arguments: [String]) async throws -> ProcessResult {
        try await CLI.run(arguments, environment: ["COUNTERSIGN_KEY": ""], timeout: .seconds(60))
    }
}

/// Reads a file the CLI wrote.
enum CommandInput {
    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
}
