import CountersignTestSupport
import Foundation
import Testing

// Interop of Countersign's approval envelopes (docs/formats.md, 8 "Interop") with two independent
// JOSE libraries, joserfc and jwcrypto, driven through the CLI exactly as a user would. The
// Python side is Tests/interop/*.py; each script exits 0 only when EVERY signature verifies.
// Whenever a test expects a verifier to accept, it also proves the same verifier refuses a
// tampered copy, so a verifier that accepts everything cannot make these tests pass.

@Suite(
    "JOSE interop with joserfc and jwcrypto",
    .enabled(if: Python.isAvailable, "Python venv with joserfc/jwcrypto not found (run scripts/test)")
)
struct JOSEInteropTests {
    /// What every fixture signs: a small statement document with exactly one capital letter
    /// region ("Series A") for the payload tamper to hit.
    static let statement = Data(
        #"{"countersign":"statement/v1","id":"st_interop","title":"Series A term sheet","content":{"amount":2500000,"currency":"eur"}}"#
            .utf8)

    @Suite("Countersign-made envelopes verify in Python")
    struct CountersignToPython {
        /// Two signers each: same algorithm twice, and one mixed envelope.
        @Test(
            "jws sign output verifies in joserfc, jwcrypto and jws verify; tampering is caught by all three",
            arguments: [["Ed25519", "Ed25519"], ["ES256", "ES256"], ["ES256", "Ed25519"]]
        )
        func signedEnvelopeVerifiesEverywhere(algorithms: [String]) async throws {
            try await TemporaryDirectory.with { dir in
                let payload = try dir.write("payload.json", JOSEInteropTests.statement)
                var keys: [GeneratedKey] = []
                for (index, alg) in algorithms.enumerated() {
                    keys.append(try await GeneratedKey.make(alg, in: dir, name: "k\(index + 1).jwk"))
                }
                let jwks = try dir.write("jwks.json", jwksData(keys.map(\.publicJWK)))

                let sign = try await CLI.run(["jws", "sign"] + keys.flatMap { ["--key", $0.file] } + ["--payload", payload])
                try #require(sign.exitCode == 0, "jws sign failed: \(sign.stderr)")
                let envelope = try JWSEnvelope(sign.stdoutData)
                try expectShape(envelope, signedBy: keys)
                let good = try dir.write("envelope.json", envelope.data)

                try await expectAllVerifiers(good, jwks, exit: 0, "untouched envelope")

                // Without "kid" in the JWKS the Python verifiers can only match a signature to a
                // key by computing RFC 7638 thumbprints themselves, which proves keygen's and
                // jws sign's kid is that thumbprint (docs/formats.md). Countersign matches keys by
                // thumbprint too (docs/formats.md).
                let thumbprintOnly = try dir.write(
                    "jwks-without-kid.json", jwksData(keys.map { $0.publicJWK.filter { $0.key != "kid" } }))
                try await expectAllVerifiers(good, thumbprintOnly, exit: 0, "JWKS without kid members")

                let payloadTampered = try dir.write("payload-tampered.json", envelope.withPayloadByteFlipped().data)
                try await expectAllVerifiers(payloadTampered, jwks, exit: 1, "one payload byte flipped")

                // The last signature, so a verifier that stops at the first good one is caught.
                let signatureTampered = try dir.write(
                    "signature-tampered.json", envelope.withSignatureByteFlipped(keys.count - 1).data)
                try await expectAllVerifiers(signatureTampered, jwks, exit: 1, "one signature byte flipped")
            }
        }

        /// docs/formats.md: each signature's protected header carries alg, kid (the signer's
        /// thumbprint) and iat; the payload is the signed file's bytes, unchanged.
        private func expectShape(
            _ envelope: JWSEnvelope, signedBy keys: [GeneratedKey], sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            #expect(try envelope.payload() == JOSEInteropTests.statement, sourceLocation: sourceLocation)
            try #require(envelope.signatures.count == keys.count, sourceLocation: sourceLocation)
            for (index, key) in keys.enumerated() {
                let header = try envelope.protectedHeader(index)
                #expect(header.alg == key.alg, "signature \(index) alg", sourceLocation: sourceLocation)
                #expect(header.kid == key.kid, "signature \(index) kid", sourceLocation: sourceLocation)
                #expect(header.iat != nil, "signature \(index) has no iat", sourceLocation: sourceLocation)
            }
        }
    }

    @Suite("joserfc-made envelopes verify in Countersign")
    struct PythonToCountersign {
        /// "EdDSA" is the RFC 8037 name Countersign accepts but does not emit (docs/formats.md).
        @Test(
            "jws verify accepts a joserfc envelope with two signers and refuses tampered copies",
            arguments: ["Ed25519", "EdDSA", "ES256", "RS256"]
        )
        func joserfcEnvelopeVerifies(alg: String) async throws {
            try await TemporaryDirectory.with { dir in
                let payload = try dir.write("payload.json", JOSEInteropTests.statement)
                let good = dir.path("envelope.json")
                let jwks = dir.path("jwks.json")
                let made = try await Python.run(
                    "joserfc_sign.py",
                    ["--alg", alg, "--payload", payload, "--out-envelope", good, "--out-jwks", jwks, "--signers", "2"])
                try #require(made.exitCode == 0, "joserfc_sign.py failed: \(made.stderr)")
                let envelope = try JWSEnvelope(dir.read("envelope.json"))
                let kids = try (0..<2).map { try envelope.protectedHeader($0).kid }

                let plain = try await CLI.run(["jws", "verify", good, "--jwks", jwks, "--policy", "all"])
                expectExit(plain, 0, "jws verify --policy all")

                let report = try await verifyReport(good, jwks)
                #expect(report.policy.policy == "all")
                #expect(report.policy.satisfied)
                #expect(report.signatures.map(\.index) == [0, 1])
                #expect(report.signatures.map(\.kid) == kids)
                #expect(report.signatures.allSatisfy { $0.verified && $0.error == nil })
                #expect(report.signatures.allSatisfy { $0.alg == alg })

                let payloadTampered = try dir.write("payload-tampered.json", envelope.withPayloadByteFlipped().data)
                expectExit(try await CLI.run(["jws", "verify", payloadTampered, "--jwks", jwks, "--policy", "all"]), 1,
                           "jws verify, payload byte flipped")
                let payloadReport = try await verifyReport(payloadTampered, jwks, expectedExit: 1)
                #expect(!payloadReport.policy.satisfied)
                #expect(payloadReport.signatures.allSatisfy { !$0.verified && $0.error != nil })

                let signatureTampered = try dir.write("signature-tampered.json", envelope.withSignatureByteFlipped(1).data)
                expectExit(try await CLI.run(["jws", "verify", signatureTampered, "--jwks", jwks, "--policy", "all"]), 1,
                           "jws verify, signature byte flipped")
                let signatureReport = try await verifyReport(signatureTampered, jwks, expectedExit: 1)
                #expect(!signatureReport.policy.satisfied)
                #expect(signatureReport.signatures.map(\.verified) == [true, false])
                #expect(signatureReport.signatures.last?.error != nil)
            }
        }
    }

    @Suite("jws sign --append")
    struct Append {
        @Test("appending a second signer yields an envelope joserfc and jwcrypto verify")
        func appendedEnvelopeVerifies() async throws {
            try await TemporaryDirectory.with { dir in
                let payload = try dir.write("payload.json", JOSEInteropTests.statement)
                let first = try await GeneratedKey.make("Ed25519", in: dir, name: "k1.jwk")
                let second = try await GeneratedKey.make("ES256", in: dir, name: "k2.jwk")
                let jwks = try dir.write("jwks.json", jwksData([first.publicJWK, second.publicJWK]))

                let one = try await CLI.run(["jws", "sign", "--key", first.file, "--payload", payload])
                try #require(one.exitCode == 0, "jws sign failed: \(one.stderr)")
                let single = try JWSEnvelope(one.stdoutData)
                let singlePath = try dir.write("one.json", single.data)

                let two = try await CLI.run(["jws", "sign", "--key", second.file, "--payload", payload, "--append", singlePath])
                try #require(two.exitCode == 0, "jws sign --append failed: \(two.stderr)")
                let appended = try JWSEnvelope(two.stdoutData)
                let appendedPath = try dir.write("two.json", appended.data)

                // Appending adds a signature; it must not re-sign or alter the existing one.
                try #require(appended.signatures.count == 2)
                #expect(appended.payloadSegment == single.payloadSegment)
                #expect(appended.signatures[0]["signature"] as? String == single.signatures[0]["signature"] as? String)
                #expect(appended.signatures[0]["protected"] as? String == single.signatures[0]["protected"] as? String)
                #expect(try appended.protectedHeader(0).kid == first.kid)
                #expect(try appended.protectedHeader(1).kid == second.kid)

                try await expectAllVerifiers(appendedPath, jwks, exit: 0, "appended envelope")
                let tampered = try dir.write("two-tampered.json", appended.withSignatureByteFlipped(0).data)
                try await expectAllVerifiers(tampered, jwks, exit: 1, "appended envelope, first signature flipped")
            }
        }

        @Test("appending to an envelope over a different payload fails")
        func appendToOtherPayloadFails() async throws {
            try await TemporaryDirectory.with { dir in
                let payload = try dir.write("payload.json", JOSEInteropTests.statement)
                let other = try dir.write("other.json", Data(#"{"countersign":"statement/v1","id":"st_other"}"#.utf8))
                let first = try await GeneratedKey.make("Ed25519", in: dir, name: "k1.jwk")
                let second = try await GeneratedKey.make("Ed25519", in: dir, name: "k2.jwk")

                let one = try await CLI.run(["jws", "sign", "--key", first.file, "--payload", payload])
                try #require(one.exitCode == 0, "jws sign failed: \(one.stderr)")
                let singlePath = try dir.write("one.json", one.stdoutData)

                let mismatched = try await CLI.run(["jws", "sign", "--key", second.file, "--payload", other, "--append", singlePath])
                #expect(mismatched.exitCode != 0, "appending over another payload succeeded: \(mismatched.stdout)")
                #expect((try? JWSEnvelope(mismatched.stdoutData)) == nil, "an envelope was printed anyway")
            }
        }
    }
}

// MARK: - Helpers

/// `countersign jws verify --json` output (the CLI contract).
struct VerifyReport: Decodable {
    struct Signature: Decodable {
        let index: Int
        let kid: String?
        let alg: String?
        let verified: Bool
        let error: String?
    }
    struct Policy: Decodable {
        let policy: String
        let satisfied: Bool
    }
    let signatures: [Signature]
    let policy: Policy
}

func verifyReport(
    _ envelope: String, _ jwks: String, expectedExit: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation
) async throws -> VerifyReport {
    let result = try await CLI.run(["jws", "verify", envelope, "--jwks", jwks, "--policy", "all", "--json"])
    expectExit(result, expectedExit, "jws verify --json", sourceLocation: sourceLocation)
    do {
        return try JSONDecoder().decode(VerifyReport.self, from: result.stdoutData)
    } catch {
        Issue.record("jws verify --json printed no report (\(error)): \(result.stdout)", sourceLocation: sourceLocation)
        throw error
    }
}

/// joserfc, jwcrypto and `countersign jws verify` must all give the same verdict: exit 0 when
/// every signature verifies, 1 when one does not.
func expectAllVerifiers(
    _ envelope: String, _ jwks: String, exit expected: Int32, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    expectExit(try await Python.run("joserfc_verify.py", [envelope, jwks]), expected, "joserfc, \(what)",
               sourceLocation: sourceLocation)
    expectExit(try await Python.run("jwcrypto_verify.py", [envelope, jwks]), expected, "jwcrypto, \(what)",
               sourceLocation: sourceLocation)
    expectExit(try await CLI.run(["jws", "verify", envelope, "--jwks", jwks]), expected, "countersign jws verify, \(what)",
               sourceLocation: sourceLocation)
}

func expectExit(
    _ result: ProcessResult, _ expected: Int32, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        result.exitCode == expected,
        "\(what): exit \(result.exitCode), expected \(expected). stderr: \(result.stderr)",
        sourceLocation: sourceLocation)
}
