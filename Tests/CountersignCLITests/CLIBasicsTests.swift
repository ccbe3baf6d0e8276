import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// What every command shares, through the built binary: `--version`, `--out -` for a private key,
/// and how failures read: a mistyped command gets ArgumentParser's usage block, a failure while
/// the command runs (a refused connection, a server's refusal, a file that exists) gets one line
/// on standard error and nothing else.
@Suite("countersign version, --out - and error lines")
struct CLIBasicsTests {
    @Test("--version prints one line, countersign and a semantic version")
    func version() async throws {
        let result = try await CLI.run(["--version"])
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.wholeMatch(of: /countersign \d+\.\d+\.\d+\n/) != nil, "\(result.stdout)")
    }

    @Test("keygen --out - writes the private JWK, and only it, to standard output; the public JWK and kid go to standard error")
    func keygenToStandardOutput() async throws {
        try await TemporaryDirectory.with { dir in
            let result = try await CLI.run(["keygen", "--alg", "Ed25519", "--out", "-"], in: dir.url)
            #expect(result.exitCode == 0, "\(result.output)")
            let key = try JWK(json: Array(result.stdoutData))
            #expect(key.isPrivate)
            #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
            #expect(result.stderr.contains("kid: \(key.thumbprint)"), "\(result.stderr)")
            #expect(!result.stderr.contains(#""d":"#), "the private key reached standard error: \(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty, "a file named - was written")

            let json = try await CLI.run(["keygen", "--out", "-", "--json"], in: dir.url)
            #expect(json.exitCode == 0, "\(json.output)")
            let summary = try #require(try JSONParser().parse(Array(json.stderr.utf8)).objectValue, "\(json.stderr)")
            #expect(summary["kid"]?.stringValue == (try JWK(json: Array(json.stdoutData))).thumbprint)
        }
    }

    @Test("A refused connection is one plain line on standard error, with no usage block, for member and admin commands")
    func connectionRefused() async throws {
        try await TemporaryDirectory.with { dir in
            let server = "http://127.0.0.1:\(try LocalPort.closed())"
            let key = try await CLI.run(["keygen", "--out", dir.path("member.jwk")])
            try #require(key.exitCode == 0, "\(key.output)")
            let adminKey = try dir.write("admin.key", Data((String(repeating: "ab", count: 32) + "\n").utf8))
            for arguments in [
                ["statement", "list", "--server", server, "--key", dir.path("member.jwk")],
                ["evidence", "st_x", "--server", server, "--key", dir.path("member.jwk")],
                ["admin", "members", "list", "--server", server, "--admin-key-file", adminKey],
            ] {
                let result = try await CLI.run(arguments, timeout: .seconds(60))
                #expect(result.exitCode == 1, "\(arguments): \(result.output)")
                #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
                #expect(result.stderr == "countersign: cannot connect to \(server): connection refused\n", "\(arguments): \(result.stderr)")
            }
        }
    }

    @Test("A host that does not resolve is one line too")
    func hostNotFound() async throws {
        try await TemporaryDirectory.with { dir in
            let key = try await CLI.run(["keygen", "--out", dir.path("member.jwk")])
            try #require(key.exitCode == 0, "\(key.output)")
            // .invalid never resolves (RFC 6761); what the resolver says may vary, the shape may not.
            let server = "http://countersign-test.invalid:8080"
            let result = try await CLI.run(["statement", "list", "--server", server, "--key", dir.path("member.jwk")], timeout: .seconds(90))
            #expect(result.exitCode == 1, "\(result.output)")
            #expect(result.stderr.hasPrefix("countersign: cannot connect to \(server): "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(!result.stderr.contains("Usage:"), "\(result.stderr)")
        }
    }

    @Test("A server that never answers is one line too, once the request's 30 seconds are up")
    func noAnswer() async throws {
        try await TemporaryDirectory.with { dir in
            let key = try await CLI.run(["keygen", "--out", dir.path("member.jwk")])
            try #require(key.exitCode == 0, "\(key.output)")
            try await LocalPort.withSilentListener { port in
                let server = "http://127.0.0.1:\(port)"
                let result = try await CLI.run(["statement", "list", "--server", server, "--key", dir.path("member.jwk")], timeout: .seconds(120))
                #expect(result.exitCode == 1, "\(result.output)")
                #expect(result.stderr == "countersign: no answer from \(server) within 30 s\n", "\(result.stderr)")
            }
        }
    }

    @Test("A failure while the command runs prints one line and no usage; a mistyped command still gets the usage")
    func runtimeFailuresWithoutUsage() async throws {
        try await TemporaryDirectory.with { dir in
            let existing = try dir.write("taken.jwk", Data("{}".utf8))
            let taken = try await CLI.run(["keygen", "--out", existing])
            #expect(taken.exitCode == 1, "\(taken.output)")
            #expect(taken.stderr.hasPrefix("countersign: cannot create \(existing): "), "\(taken.stderr)")
            #expect(taken.stderr.split(separator: "\n").count == 1, "\(taken.stderr)")
            #expect(!taken.stderr.contains("Usage:"), "\(taken.stderr)")
            #expect(try dir.read("taken.jwk") == Data("{}".utf8), "the existing file was overwritten")

            let missingKey = try await CLI.run(["admin", "members", "list", "--server", "http://127.0.0.1:1", "--admin-key-file", dir.path("none.key")])
            #expect(missingKey.exitCode == 1, "\(missingKey.output)")
            #expect(missingKey.stderr.split(separator: "\n").count == 1 && !missingKey.stderr.contains("Usage:"), "\(missingKey.stderr)")

            // The contrast: an option missing is how the command was typed, and the usage helps.
            let mistyped = try await CLI.run(["keygen", "--alg", "Ed25519"])
            #expect(mistyped.exitCode == 64, "\(mistyped.output)")
            #expect(mistyped.stderr.contains("Usage: countersign keygen"), "\(mistyped.stderr)")
        }
    }
}
