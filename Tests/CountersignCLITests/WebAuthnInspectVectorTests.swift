import CountersignTestSupport
import Foundation
import Testing

// Every vector in shared/vectors/webauthn through `countersign webauthn inspect`, with the
// vector's pinned time and trust anchors: the CLI must reach the same outcome as the library
// (Tests/CountersignWebAuthnTests/WebAuthnVectorTests.swift), documented disagreements included.

@Suite("countersign webauthn inspect on every vector", .enabled(if: SharedVectors.available, "shared/vectors not found"))
struct WebAuthnInspectVectorTests {
    /// Outcomes that differ from should_verify, as decided in docs/webauthn.md.
    static let disagreements: [String: Int32] = [
        // TPM statements signed with RS1 are accepted by default (attestation decision 3).
        "wrs_reg_tpm_tpm_ecc_aseigler.json": 0,
        // ML-DSA-44 is not offered by swift-crypto: the registration is refused as an unsupported
        // algorithm (1); for the assertion, the stored --public-key itself cannot be read (2).
        "pywa_reg_none_verify_pqc_ml_dsa_44_packed_response.json": 1,
        "pywa_aut_assertion_verify_ml_dsa_44_response.json": 2,
    ]

    /// Instants other than the vector's pinned time, with the reason.
    static let instants: [String: String] = [
        // The pinned time (2021-09-01) precedes the SafetyNet response's own timestamp
        // (2021-09-03T21:07:20Z); py_webauthn verified it with its timestamp check off. The CLI
        // keeps the freshness check and judges the response 10 s after it was issued, inside the
        // certificates' validity (2021-07-19 to 2021-10-17).
        "pywa_reg_android-safetynet_verify_attestation_android_safetynet.json": "2021-09-03T21:07:30Z",
    ]

    static let names: [String] = {
        let folder = SharedVectors.directory.appendingPathComponent("webauthn").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test("there are vectors to run")
    func vectorsPresent() {
        #expect(Self.names.count == 46)
    }

    @Test("inspect reaches each vector's outcome", arguments: names)
    func outcome(name: String) async throws {
        let vector = try WebAuthnInspectTests.Vector(name)
        let result = try await TemporaryDirectory.with { directory -> ProcessResult in
            var arguments = ["webauthn", "inspect", try vector.responseFile(in: directory), "--json"]
            arguments += vector.expectations
            let pinned = vector.object["pinned_time"] as? String ?? vector.object["pinned_time_if_checking_validity"] as? String
            if let instant = Self.instants[name] ?? pinned { arguments.append("--at=\(instant)") }
            if let anchors = vector.object["trust_anchors_override"] as? [String: [String]] {
                let pem = anchors.values.flatMap { $0 }.joined(separator: "\n")
                arguments += ["--trust-anchors", try directory.write("anchors.pem", Data(pem.utf8))]
            }
            return try await CLI.run(arguments)
        }
        let json = (try? JSONSerialization.jsonObject(with: result.stdoutData)) as? [String: Any] ?? [:]
        let detail = "\(name): exit \(result.exitCode), \(json["error"] ?? "no error") \(result.stderr)"
        if let expected = Self.disagreements[name] {
            #expect(result.exitCode == expected, "\(detail)")
        } else if vector.shouldVerify {
            #expect(result.exitCode == 0, "\(detail)")
            #expect(json["verified"] as? Bool == true, "\(detail)")
        } else {
            // Refused (1) or, for a response that cannot even be decoded, unreadable (2).
            #expect(result.exitCode == 1 || result.exitCode == 2, "\(detail)")
            #expect(json["verified"] as? Bool != true, "\(detail)")
        }
    }
}
