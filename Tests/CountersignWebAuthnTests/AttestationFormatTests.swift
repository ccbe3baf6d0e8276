import Foundation
import Testing
@testable import CountersignWebAuthn

/// Drives every registration vector of shared/vectors/webauthn whose outcome is decided by its
/// attestation statement directly through the format verifiers, and accounts for the others.
///
/// Each vector's attestation object is decoded here (fmt, attStmt, authData); clientDataHash is
/// SHA-256 of the clientDataJSON bytes; `now` is the vector's pinned time, else the current time;
/// trust anchors come from trust_anchors_override. No other relying-party check runs, so a vector
/// that must fail for a reason outside attestation (origin, token binding, CBOR, algorithm
/// allow-list) is left to the end-to-end suite (WebAuthnVectorTests) and listed below.
@Suite(.enabled(if: AttestationVectors.isAvailable, AttestationVectors.missingReason))
struct AttestationFormatTests {
    /// What the format verifier must conclude.
    enum Expectation: Sendable, CustomStringConvertible {
        /// Verifies, with this attestation type.
        case verifies(AttestationType)
        /// Is refused with this code.
        case fails(WebAuthnError.Code)

        var description: String {
            switch self {
            case .verifies(let type): "verifies (\(type))"
            case .fails(let code): "fails (\(code))"
            }
        }
    }

    /// The vectors decided by attestation, with the outcome this project reaches. An entry's
    /// outcome is the vector's should_verify unless the vector appears in `disagreements`.
    static let decidedByAttestation: [String: Expectation] = [
        "pywa_reg_android-key_verify_attestation_android_key_hardware_authority": .verifies(.basic),
        "pywa_reg_android-safetynet_verify_attestation_android_safetynet": .verifies(.basic),
        "pywa_reg_apple_verify_attestation_apple_passkey": .verifies(.anonCA),
        "pywa_reg_fido-u2f_verify_attestation_from_fido_conformance": .verifies(.basic),
        "pywa_reg_fido-u2f_verify_attestation_from_yubikey_firefox": .verifies(.basic),
        "pywa_reg_fido-u2f_verify_attestation_with_unsupported_token_binding": .verifies(.basic),
        "pywa_reg_packed_raises_when_root_cert_invalid_for_response": .fails(.attestationNotTrusted),
        "pywa_reg_packed_verify_attestation_from_yubikey_firefox": .verifies(.basic),
        "pywa_reg_packed_verify_attestation_with_okp_public_key": .verifies(.basic),
        "pywa_reg_tpm_verify_attestation_dell_xps_13": .verifies(.attCA),
        "pywa_reg_tpm_verify_attestation_lenovo_carbon_x1": .verifies(.attCA),
        "pywa_reg_tpm_verify_attestation_surface_pro_4": .verifies(.attCA),
        "pywa_reg_tpm_verify_tpm_with_ecc_public_area_type": .verifies(.attCA),
        "swa_reg_packed_self_attestation": .verifies(.self),
        // Decision (1) of docs/webauthn.md: verified cryptographically; trust is the anchors' call.
        "wrs_reg_android-key_google_android_key": .verifies(.basic),
        "wrs_reg_packed_registration_packed_attestaion_fails_with_bad_cred_protect": .verifies(.basic),
        // Decision (2): the AAGUID extension must match, as WebAuthn says (py_webauthn accepts).
        "wrs_reg_packed_registration_packed_attestaion_fails_with_invalid_fido_aaguid_extension": .fails(.attestationAAGUIDMismatch),
        "wrs_reg_packed_registration_packed_attestaion_works_with_valid_fido_aaguid_extension": .verifies(.basic),
        "wrs_reg_packed_registration_packed_attestation": .verifies(.self),
        // Decision (3): SHA-1 is accepted inside TPM statements by default; see `disagreements`.
        "wrs_reg_tpm_tpm_ecc_aseigler": .verifies(.attCA),
    ]

    /// Vectors whose should_verify this project does not reach under its default policy, each with
    /// the documented reason (docs/webauthn.md, "Attestation formats"). A test below shows the
    /// vector's outcome under the source library's policy.
    static let disagreements: [String: String] = [
        "wrs_reg_tpm_tpm_ecc_aseigler":
            "webauthn-rs refuses SHA-1 (RS1) in TPM statements by policy; TPMAttestation.Policy.allowsSHA1 defaults to true because Windows Hello signs every TPM statement with RS1",
    ]

    /// Vectors whose statement verifies but whose ceremony must fail for another reason; the
    /// end-to-end suite asserts their failure. Here we assert that the statement itself is fine,
    /// so the failure cannot be blamed on attestation.
    static let statementVerifiesButCeremonyFails: [String: String] = [
        "pywa_reg_fido-u2f_verify_attestation_with_unsupported_token_binding_status":
            "clientDataJSON tokenBinding status \"not-supported\" is invalid",
    ]

    /// Vectors left entirely to the end-to-end suite: "none" statements (NoneAttestation, another
    /// part of the module), an unknown fmt (decided by the format registry), and failures in CBOR,
    /// authenticator data or the algorithm allow-list before any format runs.
    static let leftToEndToEnd: [String: String] = [
        "pywa_reg__undecodable__raises_useful_error_on_bad_attestation_object": "attestation object is not CBOR",
        "pywa_reg_not_real_fmt_raises_exception_on_unsupported_attestation_type": "unknown fmt: the format registry refuses it",
        "pywa_reg_none_supports_multiple_expected_origins": "fmt none",
        "pywa_reg_none_verifies_none_attestation_response": "fmt none",
        "pywa_reg_none_verify_pqc_ml_dsa_44_packed_response": "fmt none (ML-DSA-44 credential)",
        "swa_reg_none_firefox_android": "fmt none",
        "wrs_reg_none_firefox_98_hello_incorrectly_truncates_aaguid": "fmt none; authenticator data is truncated",
        "wrs_reg_none_google_pixel_3a_ignores_requested_algo": "fmt none; ES256 not among the requested algorithms",
        "wrs_reg_none_solokey_fallback_alg_attest_none": "fmt none",
        "wrs_reg_none_solokey_v2_a_sealed_ed25519_invalid_cbor": "fmt none; the COSE key is invalid CBOR",
        "wrs_reg_none_yk5bio_fallback_alg_attest_none": "fmt none",
        "wrs_reg_packed_solokey_v2_a_sealed_attestation":
            "the credential COSE key is malformed (kty \"OKP\" as text): the authenticator data is refused before any format runs",
    ]

    /// The verifiers under test, by fmt, with their default policies (except where a test says).
    static func format(_ fmt: String) -> (any AttestationFormat)? {
        let formats: [any AttestationFormat] = [
            PackedAttestation(), FIDOU2FAttestation(), TPMAttestation(), AndroidKeyAttestation(),
            AppleAnonymousAttestation(),
            // The SafetyNet response of the vector is dated 2021-09-03 and the vector pins X.509
            // time to 2021-09-01; its source library verifies it with the timestamp check off
            // (verify_timestamp_ms=False). We do the same here; AttestationSafetyNetTests shows
            // that the default policy refuses it as stale.
            AndroidSafetyNetAttestation(policy: .init(maximumAge: nil)),
        ]
        return formats.first { $0.identifier == fmt }
    }

    @Test("the built-in formats include every format of this suite")
    func builtIn() {
        let identifiers = AttestationFormats.builtIn.map(\.identifier)
        #expect(Set(identifiers) == ["none", "packed", "fido-u2f", "tpm", "android-key", "apple", "android-safetynet"])
        #expect(identifiers.count == Set(identifiers).count)
    }

    @Test("every registration vector is accounted for exactly once")
    func everyVectorAccountedFor() {
        let names = AttestationVectors.registrationNames
        #expect(!names.isEmpty)
        for name in names {
            let places = [
                Self.decidedByAttestation[name] != nil, Self.statementVerifiesButCeremonyFails[name] != nil,
                Self.leftToEndToEnd[name] != nil,
            ].filter { $0 }.count
            #expect(places == 1, "\(name) must be in exactly one table, is in \(places)")
        }
        for name in Array(Self.decidedByAttestation.keys) + Array(Self.statementVerifiesButCeremonyFails.keys) + Array(Self.leftToEndToEnd.keys) {
            #expect(names.contains(name), "\(name) is listed but has no vector file")
        }
    }

    @Test("vectors decided by attestation reach their outcome", arguments: decidedByAttestation.keys.sorted())
    func decidedVector(name: String) async throws {
        let vector = try AttestationVectors.registration(name)
        let expectation = try #require(Self.decidedByAttestation[name])
        // The table must agree with should_verify, except for documented disagreements.
        let verifies = if case .verifies = expectation { true } else { false }
        if Self.disagreements[name] == nil {
            #expect(verifies == vector.shouldVerify, "\(name): table says \(expectation), vector says should_verify \(vector.shouldVerify)")
        } else {
            #expect(verifies != vector.shouldVerify, "\(name) is listed as a disagreement but agrees")
        }
        let format = try #require(Self.format(vector.fmt), "no verifier for fmt \(vector.fmt)")
        switch expectation {
        case .verifies(let type):
            let result = try await format.verify(vector.input())
            #expect(result.type == type)
            // Only the vector with anchors asks for trust, and it is expected to fail.
            #expect(result.chainsToTrustAnchor == false)
            // The trust path is the presented x5c, leaf first (SafetyNet's is in its JWS header).
            if type == .self {
                #expect(result.trustPath.isEmpty)
            } else {
                #expect(!result.trustPath.isEmpty)
                let x5c = try vector.x5c
                if !x5c.isEmpty { #expect(result.trustPath == x5c) }
            }
        case .fails(let code):
            let error = await attestationError(format, vector.input())
            #expect(error?.code == code, "\(name): \(String(describing: error))")
        }
    }

    @Test("the SoloKey v2 packed vector fails in its authenticator data, before attestation")
    func soloKeyCOSEKey() throws {
        do {
            _ = try AttestationVectors.registration("wrs_reg_packed_solokey_v2_a_sealed_attestation")
            Issue.record("the malformed COSE key was accepted")
        } catch let error as WebAuthnError {
            #expect(error.code == .invalidCOSEKey)
        }
    }

    @Test("statements of vectors that fail elsewhere verify", arguments: statementVerifiesButCeremonyFails.keys.sorted())
    func statementOfCeremonyFailure(name: String) async throws {
        let vector = try AttestationVectors.registration(name)
        #expect(vector.shouldVerify == false)
        let format = try #require(Self.format(vector.fmt))
        _ = try await format.verify(vector.input())
    }
}
