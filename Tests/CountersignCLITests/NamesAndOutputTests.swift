import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Against a real server, through the built binary: members are named beside their ids in
/// `statement show`, `verify` and `admin audit`; `evidence` prints the bundle without `--out`, and
/// `evidence` and `audit export` write to standard output with `--out -`; a server's refusal is
/// one line with no usage block.
@Suite("countersign names beside ids, and --out -")
struct NamesAndOutputTests {
    @Test("statement show, verify and admin audit name the members; evidence and audit export write to standard output")
    func namesAndStandardOutput() async throws {
        try await TestServer.with(.sqlite) { server in
            let team = try await Team.make(server, names: ["Alice Chen", "Bob Stone"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement("Seed round", policy: #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            try expectStatus(try await alice.vote(.approve, on: id), 201)
            try expectStatus(try await bob.vote(.approve, on: id), 201)

            let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let cli = CountersignCLI(server: server, folder: folder)
            let bobKey = try cli.writeKey(bob.signingKey, name: "bob")

            let shown = try await cli.member(["statement", "show", id], key: bobKey)
            #expect(shown.exitCode == 0, "\(shown.output)")
            #expect(shown.stdout.contains("created by Alice Chen (\(alice.id)) at "), "\(shown.stdout)")
            #expect(shown.stdout.contains("  Alice Chen (\(alice.id)) approve at "), "\(shown.stdout)")
            #expect(shown.stdout.contains("  Bob Stone (\(bob.id)) approve at "), "\(shown.stdout)")
            // --json stays the server's object, ids only.
            let shownJSON = try cli.json(try await cli.member(["statement", "show", id, "--json"], key: bobKey))
            #expect(shownJSON["votes"]?.arrayValue?.first?.objectValue?["member"]?.stringValue?.hasPrefix("mem_") == true)

            // Without --out, and with --out -, the bundle is standard output and nothing else.
            let printed = try await cli.member(["evidence", id], key: bobKey)
            #expect(printed.exitCode == 0, "\(printed.output)")
            #expect(printed.stderr.isEmpty, "\(printed.stderr)")
            let bundle = try #require(try JSONParser(limits: .init(maxBytes: 32 << 20, maxDepth: 96)).parse(Array(printed.stdoutData)).objectValue)
            #expect(bundle["countersign"]?.stringValue?.hasPrefix("evidence/") == true, "\(bundle.keys)")
            let dashed = try await cli.member(["evidence", id, "--out", "-"], key: bobKey)
            #expect(dashed.exitCode == 0 && dashed.stderr.isEmpty, "\(dashed.output)")
            #expect((try JSONParser(limits: .init(maxBytes: 32 << 20, maxDepth: 96)).parse(Array(dashed.stdoutData)).objectValue?["statement"]) == bundle["statement"])
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))

            let bundleFile = folder.appendingPathComponent("evidence.json")
            try printed.stdoutData.write(to: bundleFile)
            let serverKey = folder.appendingPathComponent("server-key.json")
            try Data(try await OfflineVerification.fetchServerKey(server)).write(to: serverKey)
            let verified = try await cli.run(["verify", bundleFile.path, "--server-key", serverKey.path])
            #expect(verified.exitCode == 0, "\(verified.output)")
            #expect(verified.stdout.contains(" by Alice Chen (\(alice.id)) received "), "\(verified.stdout)")
            #expect(verified.stdout.contains(" by Bob Stone (\(bob.id)) received "), "\(verified.stdout)")
            #expect(verified.stdout.contains("key \(bob.kid) of Bob Stone (\(bob.id)) ("), "\(verified.stdout)")

            let audit = try await cli.admin(["audit", "--limit", "200"])
            #expect(audit.exitCode == 0, "\(audit.output)")
            #expect(audit.stdout.contains("  Alice Chen (\(alice.id))  "), "\(audit.stdout)")
            #expect(audit.stdout.contains("  Bob Stone (\(bob.id))  "), "\(audit.stdout)")

            // audit export --out - is the export itself, which audit verify reads from standard input.
            let exported = try await cli.member(["audit", "export", "--out", "-"], key: bobKey)
            #expect(exported.exitCode == 0 && exported.stderr.isEmpty, "\(exported.stderr)")
            let export = try JSONParser(limits: .init(maxBytes: 32 << 20, maxDepth: 96)).parse(Array(exported.stdoutData)).objectValue
            #expect(export?["countersign"]?.stringValue == "audit-export/v1", "\(exported.stdout.prefix(80))")
            let checked = try await CLI.run(["audit", "verify", "--file", "-"], stdin: exported.stdoutData, timeout: .seconds(60))
            #expect(checked.exitCode == 0, "\(checked.output)")
            #expect(checked.stdout.contains("audit log verified"), "\(checked.stdout)")
        }
    }

    @Test("A server's refusal is one line on standard error, with no usage block")
    func refusalWithoutUsage() async throws {
        try await TestServer.with(.sqlite) { server in
            let folder = server.dataDirectory.appendingPathComponent("cli", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let cli = CountersignCLI(server: server, folder: folder)
            let wrongKey = try cli.write(String(repeating: "cd", count: 32) + "\n", name: "wrong.key")
            let admin = try await cli.run(["admin", "audit", "--server", server.baseURL, "--admin-key-file", wrongKey])
            #expect(admin.exitCode == 1, "\(admin.output)")
            #expect(admin.stderr.hasPrefix("countersign admin audit: the server refused (HTTP 4"), "\(admin.stderr)")
            #expect(admin.stderr.split(separator: "\n").count == 1 && !admin.stderr.contains("Usage:"), "\(admin.stderr)")

            let stranger = try await cli.run(["keygen", "--out", folder.appendingPathComponent("stranger.jwk").path])
            try #require(stranger.exitCode == 0, "\(stranger.output)")
            let missing = try await cli.member(["evidence", "st_missing", "--out", "-"], key: folder.appendingPathComponent("stranger.jwk").path)
            #expect(missing.exitCode == 1, "\(missing.output)")
            #expect(missing.stdout.isEmpty, "\(missing.stdout)")
            #expect(missing.stderr.hasPrefix("countersign evidence: the server refused (HTTP 4"), "\(missing.stderr)")
            #expect(missing.stderr.split(separator: "\n").count == 1 && !missing.stderr.contains("Usage:"), "\(missing.stderr)")
        }
    }
}
