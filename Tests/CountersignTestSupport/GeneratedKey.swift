import Foundation
import Testing

/// One signer's key as `countersign keygen --json` reported it.
package struct GeneratedKey {
    package let alg: String
    package let kid: String
    /// The public JWK, including "kid", as printed by keygen.
    package let publicJWK: [String: Any]
    /// Path of the private JWK file keygen wrote.
    package let file: String

    /// Runs `countersign keygen --alg ALG --out FILE --json` and checks its contract: the
    /// printed JWK carries the same kid and no private member.
    package static func make(
        _ alg: String, in dir: TemporaryDirectory, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> GeneratedKey {
        let file = dir.path(name)
        let result = try await CLI.run(["keygen", "--alg", alg, "--out", file, "--json"])
        try #require(result.exitCode == 0, "keygen --alg \(alg) failed: \(result.stderr)", sourceLocation: sourceLocation)
        let output = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        let kid = try #require(output?["kid"] as? String, "keygen --json printed no kid: \(result.stdout)",
                               sourceLocation: sourceLocation)
        let jwk = try #require(output?["jwk"] as? [String: Any], "keygen --json printed no jwk: \(result.stdout)",
                               sourceLocation: sourceLocation)
        #expect(jwk["kid"] as? String == kid, "keygen jwk.kid differs from kid", sourceLocation: sourceLocation)
        let privateMembers = Set(jwk.keys).intersection(privateJWKMembers)
        #expect(privateMembers.isEmpty, "keygen printed private members \(privateMembers)", sourceLocation: sourceLocation)
        return GeneratedKey(alg: alg, kid: kid, publicJWK: jwk, file: file)
    }
}

/// JWK members that carry private key material: RFC 7517/7518 (EC, OKP, RSA) and the AKP
/// drafts for ML-DSA ("priv", and "seed" in earlier revisions).
package let privateJWKMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "oth", "priv", "seed"]
