import CountersignTestSupport
import Foundation
import Testing

// `countersign webauthn inspect` on the shared WebAuthn vectors (docs/cli.md): the exit status
// contract (0 verified, 1 refused, 2 unreadable) and the --json fields.

@Suite("countersign webauthn inspect", .enabled(if: SharedVectors.available, "shared/vectors not found"))
struct WebAuthnInspectTests {
    /// A vector file's expectations, as inspect options.
    struct Vector {
        let path: String
        let object: [String: Any]
        var shouldVerify: Bool { object["should_verify"] as? Bool ?? false }

        init(_ name: String) throws {
            path = SharedVectors.path("webauthn/\(name)")
            object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        }

        /// The response alone, as a browser would send it.
        func responseFile(in directory: TemporaryDirectory) throws -> String {
            try directory.write("response.json", JSONSerialization.data(withJSONObject: try #require(object["response"])))
        }

        var expectations: [String] {
            var arguments = ["--challenge", object["expected_challenge"] as? String ?? "", "--rp-id", object["expected_rp_id"] as? String ?? ""]
            let origins = (object["expected_origin"] as? [String]) ?? [(object["expected_origin"] as? String) ?? ""]
            for origin in origins { arguments += ["--origin", origin] }
            if let key = object["expected_credential_public_key"] as? String { arguments += ["--public-key", key] }
            if let count = object["expected_sign_count"] as? Int { arguments += ["--sign-count", String(count)] }
            for alg in (object["allowed_algs"] as? [Int]) ?? [] { arguments.append("--allow-alg=\(alg)") }
            if object["require_user_verification"] as? Bool == true || object["user_verification_policy"] as? String == "Required" {
                arguments.append("--require-uv")
            }
            return arguments
        }
    }

    static let authenticationVectors = [
        "pywa_aut_assertion_raises_exception_on_incorrect_public_key.json", "pywa_aut_assertion_raises_exception_on_uv_required_but_false.json",
        "pywa_aut_assertion_supports_multiple_expected_origins.json", "pywa_aut_assertion_verify_authentication_response_with_EC2_public_key.json",
        "pywa_aut_assertion_verify_authentication_response_with_OKP_public_key.json",
        "pywa_aut_assertion_verify_authentication_response_with_RSA_public_key.json", "swa_auth_assertion_android_origin_ext.json",
        "swa_auth_assertion_counter_both_zero.json", "swa_auth_assertion_counter_ok.json", "swa_auth_assertion_counter_replay.json",
        "wrs_auth_assertion_yubikey5.json", "wrs_auth_assertion_yubikey5_appid_ext.json",
    ]

    static let registrationVectors = [
        "pywa_reg_none_supports_multiple_expected_origins.json", "pywa_reg_none_verifies_none_attestation_response.json",
        "swa_reg_none_firefox_android.json", "wrs_reg_none_solokey_fallback_alg_attest_none.json",
        "wrs_reg_none_yk5bio_fallback_alg_attest_none.json", "wrs_reg_none_google_pixel_3a_ignores_requested_algo.json",
        "swa_reg_packed_self_attestation.json", "wrs_reg_packed_registration_packed_attestation.json",
    ]

    func inspect(_ name: String, extra: [String] = []) async throws -> (Vector, ProcessResult, [String: Any]) {
        let vector = try Vector(name)
        return try await TemporaryDirectory.with { directory in
            let response = try vector.responseFile(in: directory)
            let result = try await CLI.run(["webauthn", "inspect", response, "--json"] + vector.expectations + extra)
            let json = (try? JSONSerialization.jsonObject(with: result.stdoutData)) as? [String: Any] ?? [:]
            return (vector, result, json)
        }
    }

    @Test("authentication vectors: exit 0 when they should verify, 1 with the reason when not", arguments: authenticationVectors)
    func authentication(name: String) async throws {
        let (vector, result, json) = try await inspect(name)
        #expect(result.exitCode == (vector.shouldVerify ? 0 : 1), "\(result.stdout)\(result.stderr)")
        #expect(json["verified"] as? Bool == vector.shouldVerify)
        #expect(json["ceremony"] as? String == "authentication")
        #expect(json["flags"] is [String: Bool])
        #expect(json["signCount"] is Int)
        if !vector.shouldVerify {
            let error = try #require(json["error"] as? [String: String])
            #expect(error["code"] != nil && error["message"] != nil)
        }
    }

    @Test("none and packed self registration vectors: exit status and facts", arguments: registrationVectors)
    func registration(name: String) async throws {
        let (vector, result, json) = try await inspect(name)
        #expect(result.exitCode == (vector.shouldVerify ? 0 : 1), "\(result.stdout)\(result.stderr)")
        #expect(json["verified"] as? Bool == vector.shouldVerify)
        #expect(json["ceremony"] as? String == "registration")
        #expect(json["format"] as? String == (name.contains("packed") ? "packed" : "none"))
        if vector.shouldVerify {
            #expect(json["attestationType"] as? String == (name.contains("packed") ? "self" : "none"))
        } else {
            #expect((json["error"] as? [String: String])?["code"] == "algorithm_not_allowed")
        }
        #expect((json["aaguid"] as? String)?.count == 36)
        #expect((json["publicKey"] as? String)?.isEmpty == false)
        #expect(json["alg"] is Int)
        #expect(json["credentialId"] as? String == ((vector.object["response"] as? [String: Any])?["rawId"] as? String))
    }

    @Test("a none registration shows its facts in text form; without expectations it is decoded only")
    func decodeOnly() async throws {
        let vector = try Vector("pywa_reg_none_verifies_none_attestation_response.json")
        try await TemporaryDirectory.with { directory in
            let response = try vector.responseFile(in: directory)
            let result = try await CLI.run(["webauthn", "inspect", response])
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(result.stdout.contains("format: none"))
            #expect(result.stdout.contains("attestation type: none"))
            #expect(result.stdout.contains("aaguid: 00000000-0000-0000-0000-000000000000"))
            #expect(result.stdout.contains("alg: -7"))
            #expect(result.stdout.contains("sign count: 23"))
            #expect(result.stdout.contains("decoded (not verified"))
            let json = try await CLI.run(["webauthn", "inspect", response, "--json"])
            #expect(json.stdout.contains(#""verified":null"#))
        }
    }

    @Test("the wrong challenge is refused with exit 1 and the reason")
    func wrongChallenge() async throws {
        let (_, result, json) = try await inspect("wrs_auth_assertion_yubikey5.json", extra: ["--challenge", "AAAAAAAAAAAAAAAAAAAAAA"])
        #expect(result.exitCode == 1)
        #expect((json["error"] as? [String: String])?["code"] == "challenge_mismatch")
    }

    @Test("unreadable input exits 2: not JSON, not a response, undecodable attestation object")
    func unreadable() async throws {
        try await TemporaryDirectory.with { directory in
            let notJSON = try directory.write("a.json", Data("{".utf8))
            #expect(try await CLI.run(["webauthn", "inspect", notJSON]).exitCode == 2)
            let notResponse = try directory.write("b.json", Data(#"{"id":"AA"}"#.utf8))
            #expect(try await CLI.run(["webauthn", "inspect", notResponse]).exitCode == 2)
        }
        let (_, result, json) = try await inspect("pywa_reg__undecodable__raises_useful_error_on_bad_attestation_object.json")
        #expect(result.exitCode == 2)
        #expect((json["error"] as? [String: String])?["code"] == "malformed_cbor")
    }
}
