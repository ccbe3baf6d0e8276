import CountersignTestSupport
import Foundation
import Testing

// `countersign keygen` output contract. These need only the built binary, so they run on any
// machine; JOSEInteropTests relies on the same contract through GeneratedKey.make.

@Suite("countersign keygen")
struct KeygenTests {
    @Test("writes the private JWK with mode 0600 and prints the public JWK and its kid",
          arguments: ["Ed25519", "ES256", "ML-DSA-65"])
    func keygenPlainOutput(alg: String) async throws {
        try await TemporaryDirectory.with { dir in
            let file = dir.path("key.jwk")
            let result = try await CLI.run(["keygen", "--alg", alg, "--out", file])
            try #require(result.exitCode == 0, "keygen failed: \(result.stderr)")

            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            try #require(lines.count == 2, "expected the public JWK line and a kid line: \(result.stdout)")
            let jwk = try #require(
                try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any],
                "first line is not a JSON object: \(lines[0])")
            try #require(lines[1].hasPrefix("kid: "), "second line: \(lines[1])")
            let kid = String(lines[1].dropFirst("kid: ".count))
            #expect(!kid.isEmpty)
            if let printedKid = jwk["kid"] as? String { #expect(printedKid == kid) }
            expectPublicOnly(jwk)

            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            let mode = (attributes[.posixPermissions] as? Int).map { String($0, radix: 8) }
            #expect(mode == "600", "private key file mode is \(mode ?? "unknown")")

            let stored = try #require(
                try JSONSerialization.jsonObject(with: dir.read("key.jwk")) as? [String: Any],
                "the key file is not a JSON object")
            #expect(stored["kty"] as? String == jwk["kty"] as? String)
            #expect(!Set(stored.keys).subtracting(jwk.keys).isEmpty, "the key file holds no private member")

            switch alg {
            case "Ed25519": #expect(jwk["kty"] as? String == "OKP" && jwk["crv"] as? String == "Ed25519")
            case "ES256": #expect(jwk["kty"] as? String == "EC" && jwk["crv"] as? String == "P-256")
            default: break  // ML-DSA JWK encoding is still a draft; interop tests do not cover it.
            }
        }
    }

    @Test("--json prints the kid and the public JWK carrying it; every key is fresh",
          arguments: ["Ed25519", "ES256", "ML-DSA-65"])
    func keygenJSONOutput(alg: String) async throws {
        try await TemporaryDirectory.with { dir in
            let first = try await GeneratedKey.make(alg, in: dir, name: "k1.jwk")
            let second = try await GeneratedKey.make(alg, in: dir, name: "k2.jwk")
            #expect(first.kid != second.kid)
        }
    }

    private func expectPublicOnly(_ jwk: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        let privateMembers = Set(jwk.keys).intersection(privateJWKMembers)
        #expect(privateMembers.isEmpty, "printed JWK has private members \(privateMembers)", sourceLocation: sourceLocation)
    }
}
