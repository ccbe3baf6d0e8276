import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The approvals of an evidence bundle that `countersign verify` accepts, checked by the two
/// independent JOSE libraries (Tests/interop).
@Suite(
    "Evidence approval envelopes in joserfc and jwcrypto",
    .enabled(if: Python.isAvailable, "Python venv with joserfc/jwcrypto not found (run scripts/test)")
)
struct EvidenceEnvelopeInteropTests {
    /// The approval envelope inside the bundle is a plain RFC 7515 General JWS: two independent
    /// JOSE libraries verify it against the bundle's keys, and refuse a tampered copy.
    @Test("the bundle's approval envelope verifies with joserfc and jwcrypto")
    func approvalEnvelopeInterop() async throws {
        let fixture = try EvidenceFixture()
        try await TemporaryDirectory.with { dir in
            let path = try dir.write("bundle.json", Data(fixture.bundle.canonicalBytes))
            #expect(try await CLI.run(["verify", path, "--server-key", try fixture.serverKeyFile(in: dir)]).exitCode == 0)
            let bundle = try #require(try JSONParser(limits: EvidenceBundle.limits).parse(try dir.read("bundle.json")).objectValue)
            let approvals = try #require(bundle["approvals"])
            let keys = try #require(bundle["keys"]?.arrayValue).compactMap { $0.objectValue?["jwk"] }
            let envelope = try dir.write("approvals.json", Data(JCS.canonicalize(approvals)))
            let jwks = try dir.write("jwks.json", Data(JCS.canonicalize(.object(["keys": .array(keys)]))))
            try await expectAllVerifiers(envelope, jwks, exit: 0, "the approval envelope of a verified bundle")

            var tampered = try #require(approvals.objectValue)
            var signatures = try #require(tampered["signatures"]?.arrayValue)
            var last = try #require(signatures.last?.objectValue)
            var bytes = try CountersignJSON.Base64URL.decode(try #require(last["signature"]?.stringValue))
            bytes[0] ^= 0x01
            last["signature"] = .string(CountersignJSON.Base64URL.encode(bytes))
            signatures[signatures.count - 1] = .object(last)
            tampered["signatures"] = .array(signatures)
            let bad = try dir.write("approvals-tampered.json", Data(JCS.canonicalize(.object(tampered))))
            try await expectAllVerifiers(bad, jwks, exit: 1, "one signature byte flipped")
        }
    }
}
