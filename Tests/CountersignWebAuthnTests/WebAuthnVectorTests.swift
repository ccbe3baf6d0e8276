import Testing
@testable import CountersignWebAuthn

/// Every vector in shared/vectors/webauthn, run through the relying party with the expectations
/// its source library was configured with, must reach its should_verify outcome, or the outcome
/// of a documented disagreement (docs/webauthn.md).
@Suite("WebAuthn vectors", .enabled(if: WebAuthnVectors.isAvailable, "shared/vectors/webauthn not found (set COUNTERSIGN_VECTORS)"))
struct WebAuthnVectorTests {
    /// Vectors whose should_verify Countersign deliberately does not reach, with the outcome it
    /// reaches instead (a refusal code, or nil for verified) and why.
    static let disagreements: [String: (code: WebAuthnError.Code?, reason: String)] = [
        "wrs_reg_tpm_tpm_ecc_aseigler.json": (
            nil, "TPM statements signed with RS1 (SHA-1) are accepted by default, as Windows Hello signs them; webauthn-rs refuses SHA-1 (docs/webauthn.md, attestation decision 3)"),
        "pywa_reg_none_verify_pqc_ml_dsa_44_packed_response.json": (
            .unsupportedAlgorithm, "ML-DSA-44 (COSE -48) is not offered by swift-crypto; Countersign refuses keys it cannot verify"),
        "pywa_aut_assertion_verify_ml_dsa_44_response.json": (
            .unsupportedAlgorithm, "ML-DSA-44 (COSE -48) is not offered by swift-crypto; the stored key cannot be read"),
    ]

    /// Settings of the vector's source library that the vector file states only in its notes.
    static let sourceSettings: [String: @Sendable (inout RelyingParty) -> Void] = [
        // py_webauthn checks this SafetyNet statement with verify_timestamp_ms=False and X.509
        // time pinned before the response's own timestamp, so freshness cannot be judged.
        "pywa_reg_android-safetynet_verify_attestation_android_safetynet.json": { relyingParty in
            relyingParty.attestationFormats["android-safetynet"] = AndroidSafetyNetAttestation(policy: .init(maximumAge: nil))
        },
    ]

    /// Refusals whose reason is pinned: a vector that should fail must fail for its own reason,
    /// not by accident at an earlier step.
    static let refusalReasons: [String: WebAuthnError.Code] = [
        "pywa_aut_assertion_raises_exception_on_incorrect_public_key.json": .invalidSignature,
        "pywa_aut_assertion_raises_exception_on_uv_required_but_false.json": .userNotVerified,
        "pywa_reg__undecodable__raises_useful_error_on_bad_attestation_object.json": .malformedCBOR,
        "pywa_reg_not_real_fmt_raises_exception_on_unsupported_attestation_type.json": .unsupportedAttestationFormat,
        "pywa_reg_fido-u2f_verify_attestation_with_unsupported_token_binding_status.json": .tokenBindingNotSupported,
        "swa_auth_assertion_android_origin_ext.json": .invalidSignature,
        "swa_auth_assertion_counter_replay.json": .signCountNotIncreased,
        "wrs_reg_none_firefox_98_hello_incorrectly_truncates_aaguid.json": .malformedAuthenticatorData,
        "wrs_reg_none_google_pixel_3a_ignores_requested_algo.json": .algorithmNotAllowed,
        "wrs_reg_none_solokey_v2_a_sealed_ed25519_invalid_cbor.json": .invalidCOSEKey,
    ]

    @Test("authentication vectors reach should_verify", arguments: WebAuthnVectors.names(ceremony: "authentication"))
    func authentication(name: String) async throws {
        try await check(name)
    }

    @Test("registration vectors reach should_verify", arguments: WebAuthnVectors.names(ceremony: "registration"))
    func registration(name: String) async throws {
        try await check(name)
    }

    @Test("every vector file is run by one of the two tests")
    func everyVectorIsRun() {
        let all = WebAuthnVectors.names()
        let run = WebAuthnVectors.names(ceremony: "authentication") + WebAuthnVectors.names(ceremony: "registration")
        #expect(all.count == 46)
        #expect(Set(all) == Set(run))
    }

    private func check(_ name: String) async throws {
        let vector = try WebAuthnVectors.load(name)
        let refusal = try await vector.run(configure: Self.sourceSettings[name] ?? { _ in })
        if let disagreement = Self.disagreements[name] {
            #expect(refusal?.code == disagreement.code, "\(name): documented disagreement (\(disagreement.reason)); got \(refusal.map(\.description) ?? "verified")")
            return
        }
        if vector.shouldVerify {
            #expect(refusal == nil, "\(name) should verify: \(refusal?.description ?? "")")
        } else {
            #expect(refusal != nil, "\(name) should be refused, but verified")
            if let expected = Self.refusalReasons[name] {
                #expect(refusal?.code == expected, "\(name): refused for \(refusal?.description ?? "nothing"), expected \(expected)")
            }
        }
    }
}
