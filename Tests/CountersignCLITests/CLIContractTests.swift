import CountersignTestSupport
import Foundation
import Testing

// The exit-status and output contract of `jws verify` and `jcs` (docs/cli.md), checked against the
// shared RFC vectors through the real binary.

/// The shared vectors folder beside the repository (or $COUNTERSIGN_VECTORS).
enum SharedVectors {
    static let directory: URL = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"].map(URL.init(fileURLWithPath:))
        ?? PackagePaths.root.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    static let available = FileManager.default.fileExists(atPath: directory.path)
    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }
}

@Suite("countersign jws verify and jcs contract", .enabled(if: SharedVectors.available, "shared/vectors not found"))
struct CLIContractTests {
    @Test("jcs prints the RFC 8785 canonical bytes exactly", arguments: ["arrays", "french", "structures", "unicode", "values", "weird"])
    func jcsVectors(name: String) async throws {
        let result = try await CLI.run(["jcs", SharedVectors.path("jcs/input/\(name).json")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdoutData == (try Data(contentsOf: URL(fileURLWithPath: SharedVectors.path("jcs/output/\(name).json")))))
    }

    @Test("jcs refuses non-I-JSON input with exit status 2 and a reason")
    func jcsRefuses() async throws {
        let result = try await CLI.run(["jcs", "-"], stdin: Data(#"{"a":1,"a":2}"#.utf8))
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("duplicate member name"))
        #expect(result.stdoutData.isEmpty)
    }

    @Test("RFC 8037 A.4: a compact Ed25519 JWS verifies against the A.2 key")
    func compactRFC8037() async throws {
        try await TemporaryDirectory.with { dir in
            let vector = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: SharedVectors.path("jose/rfc8037_appendixA_ed25519.json")))) as? [String: Any]
            let compact = try #require(vector?["A.4_compact_jws"] as? String)
            let publicJWK = try #require(vector?["A.2_public_jwk"] as? [String: Any])
            let jwks = try dir.write("key.json", JSONSerialization.data(withJSONObject: publicJWK))
            let envelope = try dir.write("compact.txt", Data(compact.utf8))
            let result = try await CLI.run(["jws", "verify", envelope, "--jwks", jwks, "--json"])
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains(#""thumbprint":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k""#))
        }
    }

    @Test("RFC 7520 4.8: RS256 and ES512 verify; HS256 only with --secret; exit 1 without it")
    func multipleSignatures() async throws {
        try await TemporaryDirectory.with { dir in
            let vector = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
                SharedVectors.path("jose/ietf-jose-cookbook/jws_4_8.multiple_signatures.json")))) as? [String: Any])
            let input = try #require(vector["input"] as? [String: Any])
            let keys = try #require(input["key"] as? [[String: Any]])
            let publicKeys = keys.filter { $0["kty"] as? String != "oct" }.map { key in
                key.filter { !["d", "p", "q", "dp", "dq", "qi"].contains($0.key) }
            }
            let secret = try #require(keys.first { $0["kty"] as? String == "oct" }?["k"] as? String)
            let output = try #require((vector["output"] as? [String: Any])?["json"])
            let envelope = try dir.write("envelope.json", JSONSerialization.data(withJSONObject: output))
            let jwks = try dir.write("jwks.json", JSONSerialization.data(withJSONObject: ["keys": publicKeys]))

            let withoutSecret = try await CLI.run(["jws", "verify", envelope, "--jwks", jwks])
            #expect(withoutSecret.exitCode == 1)
            #expect(withoutSecret.stdout.contains("alg_not_allowed"))  // HS256 joins the allow-list only with --secret
            let quorum = try await CLI.run(["jws", "verify", envelope, "--jwks", jwks, "--policy", "quorum:2"])
            #expect(quorum.exitCode == 0, "\(quorum.stdout)")

            let hex = try base64URLToHex(secret)
            let all = try await CLI.run(["jws", "verify", envelope, "--jwks", jwks, "--secret", hex])
            #expect(all.exitCode == 0, "\(all.stdout)\(all.stderr)")
            #expect(all.stdout.components(separatedBy: ": verified").count - 1 == 3)

            var wrong = Array(hex)
            wrong[0] = wrong[0] == "0" ? "1" : "0"
            let wrongSecret = try await CLI.run(["jws", "verify", envelope, "--jwks", jwks, "--secret", String(wrong)])
            #expect(wrongSecret.exitCode == 1)
        }
    }

    @Test("unreadable input exits 2: a missing file, a non-JWS, a bad key set")
    func unreadable() async throws {
        try await TemporaryDirectory.with { dir in
            let garbage = try dir.write("garbage.json", Data("{not json".utf8))
            let empty = try dir.write("empty.json", Data(#"{"keys":[]}"#.utf8))
            #expect(try await CLI.run(["jws", "verify", dir.path("missing.json"), "--jwks", empty]).exitCode == 2)
            #expect(try await CLI.run(["jws", "verify", garbage, "--jwks", empty]).exitCode == 2)
            let compact = try dir.write("compact.txt", Data("eyJhbGciOiJFZDI1NTE5In0.eA.AAAA".utf8))
            #expect(try await CLI.run(["jws", "verify", compact, "--jwks", garbage]).exitCode == 2)
            // A readable envelope that simply does not verify is 1, not 2.
            #expect(try await CLI.run(["jws", "verify", compact, "--jwks", empty]).exitCode == 1)
        }
    }

    private func base64URLToHex(_ text: String) throws -> String {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let data = try #require(Data(base64Encoded: base64))
        return data.map { String(format: "%02x", $0) }.joined()
    }
}
