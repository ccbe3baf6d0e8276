import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign verify BUNDLE.json` (docs/formats.md): exit 0 only when everything verifies and the
/// statement is approved, 1 when not, 2 for unreadable input.
@Suite("countersign verify")
struct VerifyCommandTests {
    @Test("a bundle built by the library verifies: exit 0, one line per signature and key, the policy, the receipt")
    func approvedBundle() async throws {
        let fixture = try EvidenceFixture()
        try await TemporaryDirectory.with { dir in
            let path = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let serverKey = try dir.write("server.jwk", Data(JCS.canonicalize(.object(fixture.serverKey.publicKey.jsonObject()))))
            let result = try await CLI.run(["verify", path, "--server-key", serverKey])
            #expect(result.exitCode == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix("approval #") && $0.hasSuffix(": verified") }.count == 2, "\(result.stdout)")
            #expect(lines.filter { $0.hasPrefix("key ") && $0.hasSuffix("attestation verified") }.count == 3)
            #expect(lines.contains { $0.hasPrefix("policy at ") && $0.contains("approved, weight 2 of 2") })
            #expect(lines.contains { $0.hasPrefix("receipt: signature verified") })

            let json = try await CLI.run(["verify", path, "--server-key", serverKey, "--json"])
            #expect(json.exitCode == 0)
            let report = try JSONParser().parse(json.stdoutData).objectValue
            #expect(report?["approved"] == .bool(true))
            #expect(report?["signatures"]?.arrayValue?.count == 2)
            #expect(report?["receipt"]?.objectValue?["trusted"] == .bool(true))
        }
    }

    @Test("Self-signed receipt passes without --server-key: exit 1, the receipt is signed by a key this verifier does not trust; a trust file naming the key pins it")
    func selfSignedReceipt() async throws {
        let fixture = try EvidenceFixture()
        try await TemporaryDirectory.with { dir in
            // The bundle's receipt is signed by the key inside the bundle: anyone can do that.
            let path = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let unpinned = try await CLI.run(["verify", path])
            #expect(unpinned.exitCode == 1, "\(unpinned.stdout)")
            #expect(unpinned.stdout.contains("receipt: NOT trusted: the receipt is signed by a key this verifier does not trust"), "\(unpinned.stdout)")
            #expect(!unpinned.stdout.contains("receipt: signature verified"))
            #expect(unpinned.stdout.contains("result: NOT verified"), "\(unpinned.stdout)")
            let json = try JSONParser().parse(try await CLI.run(["verify", path, "--json"]).stdoutData).objectValue
            #expect(json?["verified"] == .bool(false) && json?["approved"] == .bool(false))
            #expect(json?["receipt"]?.objectValue?["trusted"] == .bool(false))

            // A trust file naming the server's key pins it, as --server-key does.
            let publicKey = fixture.serverKey.publicKey
            var entry = publicKey.jsonObject()
            entry["kid"] = .string(publicKey.thumbprint)
            let other = try JWK.generate(for: .ed25519).publicKey.jsonObject()
            let trust = try dir.write("trust.json", Data(JCS.canonicalize(.object([
                "format": "countersign-trust/v1", "serverKeys": .array([.object(other), .object(entry)]),
            ]))))
            let pinned = try await CLI.run(["verify", path, "--trust", trust])
            #expect(pinned.exitCode == 0, "\(pinned.stdout)\(pinned.stderr)")
            #expect(pinned.stdout.contains("receipt: signature verified with the trusted server key"))
            let otherOnly = try dir.write("trust-other.json", Data(JCS.canonicalize(.object([
                "format": "countersign-trust/v1", "serverKeys": .array([.object(other)]),
            ]))))
            let wrong = try await CLI.run(["verify", path, "--trust", otherOnly])
            #expect(wrong.exitCode == 1 && wrong.stdout.contains("does not trust"), "\(wrong.stdout)")

            // A trust file that is not one is unreadable input (exit 2): another format, a
            // private key, a kid that is not the thumbprint, an empty list, an unknown member.
            let privateEntry = try JWK.generate(for: .ed25519).jsonObject(includePrivate: true)
            var wrongKid = publicKey.jsonObject()
            wrongKid["kid"] = "not-the-thumbprint"
            let refused: [JSONObject] = [
                ["format": "countersign-trust/v2", "serverKeys": .array([.object(entry)])],
                ["format": "countersign-trust/v1", "serverKeys": .array([.object(privateEntry)])],
                ["format": "countersign-trust/v1", "serverKeys": .array([.object(wrongKid)])],
                ["format": "countersign-trust/v1", "serverKeys": .array([])],
                ["format": "countersign-trust/v1", "serverKeys": .array([.object(entry)]), "extra": .bool(true)],
            ]
            for (index, object) in refused.enumerated() {
                let file = try dir.write("bad-trust-\(index).json", Data(JCS.canonicalize(.object(object))))
                let result = try await CLI.run(["verify", path, "--trust", file])
                #expect(result.exitCode == 2, "trust file \(index): \(result.stdout)\(result.stderr)")
            }
        }
    }

    @Test("Admin-token key records pass as not checked: exit 1 without the ADMIN_KEY, resting on the server's word; 0 with --accept-server-attested-keys or the ADMIN_KEY")
    func adminTokenKeyRecords() async throws {
        let fixture = try EvidenceFixture(adminEnrolled: true)
        try await TemporaryDirectory.with { dir in
            let path = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let serverKey = try fixture.serverKeyFile(in: dir)
            let unchecked = try await CLI.run(["verify", path, "--server-key", serverKey])
            #expect(unchecked.exitCode == 1, "\(unchecked.stdout)")
            #expect(unchecked.stdout.contains("enrolment not checked, rests on the server's word"), "\(unchecked.stdout)")
            #expect(unchecked.stdout.contains("result: NOT verified: key(s)") && unchecked.stdout.contains("rest on the server's word"), "\(unchecked.stdout)")
            let json = try JSONParser().parse(try await CLI.run(["verify", path, "--server-key", serverKey, "--json"]).stdoutData).objectValue
            #expect(json?["approved"] == .bool(false) && json?["serverAttestedKeys"]?.arrayValue?.count == 1)

            let accepted = try await CLI.run(["verify", path, "--server-key", serverKey, "--accept-server-attested-keys"])
            #expect(accepted.exitCode == 0, "\(accepted.stdout)")
            #expect(accepted.stdout.contains("result: the statement is approved, but key(s)"), "\(accepted.stdout)")

            let adminKey = try dir.write("admin.key", Data((Hex.encode(EvidenceFixture.adminKey) + "\n").utf8))
            let checked = try await CLI.run(["verify", path, "--server-key", serverKey, "--admin-key-file", adminKey])
            #expect(checked.exitCode == 0, "\(checked.stdout)")
            #expect(checked.stdout.contains("result: everything verifies and the statement is approved"))
            let wrongKey = try dir.write("wrong.key", Data((String(repeating: "01", count: 32) + "\n").utf8))
            #expect(try await CLI.run(["verify", path, "--server-key", serverKey, "--admin-key-file", wrongKey, "--accept-server-attested-keys"]).exitCode == 1)
        }
    }

    @Test("a spoiled bundle exits 1 with the reason; an untrusted server key exits 1")
    func refusedBundle() async throws {
        let fixture = try EvidenceFixture()
        try await TemporaryDirectory.with { dir in
            var object = try #require(fixture.bundle.jsonValue.objectValue)
            var members = try #require(object["members"]?.arrayValue)
            members.removeLast()
            members.removeLast()
            object["members"] = .array(members)
            let spoiled = try dir.write("spoiled.json", Data(JCS.canonicalize(.object(object))))
            let result = try await CLI.run(["verify", spoiled])
            #expect(result.exitCode == 1)
            #expect(result.stdout.contains("FAILED"), "\(result.stdout)")
            #expect(result.stdout.contains("result: NOT verified"))

            let good = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let other = try dir.write("other.jwk", Data(JCS.canonicalize(.object(try JWK.generate(for: .ed25519).publicKey.jsonObject()))))
            let untrusted = try await CLI.run(["verify", good, "--server-key", other])
            #expect(untrusted.exitCode == 1)
            #expect(untrusted.stdout.contains("signed by a key this verifier does not trust"), "\(untrusted.stdout)")
        }
    }

    @Test("unreadable input exits 2: a missing file, not JSON, not a bundle")
    func unreadable() async throws {
        try await TemporaryDirectory.with { dir in
            let notJSON = try dir.write("not.json", Data("{".utf8))
            let notBundle = try dir.write("policy.json", Data(#"{"threshold":1}"#.utf8))
            for path in [dir.path("missing.json"), notJSON, notBundle] {
                let result = try await CLI.run(["verify", path])
                #expect(result.exitCode == 2, "\(path): \(result.stdout) \(result.stderr)")
                #expect(result.stderr.hasPrefix("error: "))
            }
            let fixture = try EvidenceFixture()
            let good = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            let shortAdminKey = try dir.write("admin.key", Data("abcd\n".utf8))
            #expect(try await CLI.run(["verify", good, "--admin-key-file", shortAdminKey]).exitCode == 2)
            let adminKey = try dir.write("admin32.key", Data((String(repeating: "0f", count: 32) + "\n").utf8))
            let serverKey = try dir.write("server.jwk", Data(JCS.canonicalize(.object(fixture.serverKey.publicKey.jsonObject()))))
            #expect(try await CLI.run(["verify", good, "--admin-key-file", adminKey, "--server-key", serverKey]).exitCode == 0)
            #expect(try await CLI.run(["verify", good, "--server-key", notJSON]).exitCode == 2)
        }
    }
}
