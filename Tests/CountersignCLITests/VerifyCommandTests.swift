import Countersign
import CountersignJOSE
import Foundation
import Testing

/// `countersign verify BUNDLE.json` (DESIGN.md 4.6): exit 0 only when everything verifies and the
/// statement is approved, 1 when not, 2 for unreadable input.
@Suite("countersign verify")
struct VerifyCommandTests {
    @Test("a bundle built by the library verifies: exit 0, one line per signature and key, the policy, the receipt")
    func approvedBundle() throws {
        let fixture = try EvidenceFixture()
        try TemporaryDirectory.with { dir in
            let path = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let serverKey = try dir.write("server.jwk", Data(JCS.canonicalize(.object(fixture.serverKey.publicKey.jsonObject()))))
            let result = try CLI.run(["verify", path, "--server-key", serverKey])
            #expect(result.exitCode == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix("approval #") && $0.hasSuffix(": verified") }.count == 2, "\(result.stdout)")
            #expect(lines.filter { $0.hasPrefix("key ") && $0.hasSuffix("attestation verified") }.count == 3)
            #expect(lines.contains { $0.hasPrefix("policy at ") && $0.contains("approved, weight 2 of 2") })
            #expect(lines.contains { $0.hasPrefix("receipt: signature verified") })

            let json = try CLI.run(["verify", path, "--json"])
            #expect(json.exitCode == 0)
            let report = try JSONParser().parse(json.stdoutData).objectValue
            #expect(report?["approved"] == .bool(true))
            #expect(report?["signatures"]?.arrayValue?.count == 2)
        }
    }

    @Test("a spoiled bundle exits 1 with the reason; an untrusted server key exits 1")
    func refusedBundle() throws {
        let fixture = try EvidenceFixture()
        try TemporaryDirectory.with { dir in
            var object = try #require(fixture.bundle.jsonValue.objectValue)
            var members = try #require(object["members"]?.arrayValue)
            members.removeLast()
            members.removeLast()
            object["members"] = .array(members)
            let spoiled = try dir.write("spoiled.json", Data(JCS.canonicalize(.object(object))))
            let result = try CLI.run(["verify", spoiled])
            #expect(result.exitCode == 1)
            #expect(result.stdout.contains("FAILED"), "\(result.stdout)")
            #expect(result.stdout.contains("result: NOT verified"))

            let good = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let other = try dir.write("other.jwk", Data(JCS.canonicalize(.object(try JWK.generate(for: .ed25519).publicKey.jsonObject()))))
            let untrusted = try CLI.run(["verify", good, "--server-key", other])
            #expect(untrusted.exitCode == 1)
            #expect(untrusted.stdout.contains("receipt_server_key_untrusted"))
        }
    }

    @Test("unreadable input exits 2: a missing file, not JSON, not a bundle")
    func unreadable() throws {
        try TemporaryDirectory.with { dir in
            let notJSON = try dir.write("not.json", Data("{".utf8))
            let notBundle = try dir.write("policy.json", Data(#"{"threshold":1}"#.utf8))
            for path in [dir.path("missing.json"), notJSON, notBundle] {
                let result = try CLI.run(["verify", path])
                #expect(result.exitCode == 2, "\(path): \(result.stdout) \(result.stderr)")
                #expect(result.stderr.hasPrefix("error: "))
            }
            let good = try dir.write("bundle.json", Data(try EvidenceFixture().bundle.canonicalBytes))
            let shortAdminKey = try dir.write("admin.key", Data("abcd\n".utf8))
            #expect(try CLI.run(["verify", good, "--admin-key-file", shortAdminKey]).exitCode == 2)
            let adminKey = try dir.write("admin32.key", Data((String(repeating: "0f", count: 32) + "\n").utf8))
            #expect(try CLI.run(["verify", good, "--admin-key-file", adminKey]).exitCode == 0)
            #expect(try CLI.run(["verify", good, "--server-key", notJSON]).exitCode == 2)
        }
    }

    /// The approval envelope inside the bundle is a plain RFC 7515 General JWS: two independent
    /// JOSE libraries verify it against the bundle's keys, and refuse a tampered copy.
    @Test("the bundle's approval envelope verifies with joserfc and jwcrypto", .enabled(if: Python.isAvailable, "Python venv with joserfc/jwcrypto not found (run scripts/test)"))
    func approvalEnvelopeInterop() throws {
        let fixture = try EvidenceFixture()
        try TemporaryDirectory.with { dir in
            let path = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            #expect(try CLI.run(["verify", path]).exitCode == 0)
            let bundle = try #require(try JSONParser(limits: EvidenceBundle.limits).parse(try dir.read("bundle.json")).objectValue)
            let approvals = try #require(bundle["approvals"])
            let keys = try #require(bundle["keys"]?.arrayValue).compactMap { $0.objectValue?["jwk"] }
            let envelope = try dir.write("approvals.json", Data(JCS.canonicalize(approvals)))
            let jwks = try dir.write("jwks.json", Data(JCS.canonicalize(.object(["keys": .array(keys)]))))
            try expectAllVerifiers(envelope, jwks, exit: 0, "the approval envelope of a verified bundle")

            var tampered = try #require(approvals.objectValue)
            var signatures = try #require(tampered["signatures"]?.arrayValue)
            var last = try #require(signatures.last?.objectValue)
            var bytes = try CountersignJOSE.Base64URL.decode(try #require(last["signature"]?.stringValue))
            bytes[0] ^= 0x01
            last["signature"] = .string(CountersignJOSE.Base64URL.encode(bytes))
            signatures[signatures.count - 1] = .object(last)
            tampered["signatures"] = .array(signatures)
            let bad = try dir.write("approvals-tampered.json", Data(JCS.canonicalize(.object(tampered))))
            try expectAllVerifiers(bad, jwks, exit: 1, "one signature byte flipped")
        }
    }
}
