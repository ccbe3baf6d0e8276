import Foundation
import Testing
import X509
@testable import CountersignWebAuthn

/// The fido-u2f format on the recorded YubiKey and conformance vectors.
@Suite(.enabled(if: AttestationVectors.isAvailable, AttestationVectors.missingReason))
struct AttestationFIDOU2FTests {
    static let yubikey = "pywa_reg_fido-u2f_verify_attestation_from_yubikey_firefox"

    @Test("the signature covers rpIdHash, clientDataHash, the credential id and key")
    func signature() async throws {
        let vector = try AttestationVectors.registration(Self.yubikey)
        let format = FIDOU2FAttestation()
        let signature = try #require(vector.statement[text: "sig"]?.bytesValue)
        let tampered = vector.statement.replacing("sig", with: .bytes(flippingLastBit(signature)))
        #expect(await attestationError(format, vector.input(statement: tampered))?.code == .attestationSignatureInvalid)
        #expect(await attestationError(format, vector.input(clientDataHash: flippingLastBit(vector.clientDataHash)))?.code == .attestationSignatureInvalid)
        // Another P-256 credential (and id): the signed registration message differs.
        let other = try AttestationVectors.registration("pywa_reg_fido-u2f_verify_attestation_from_fido_conformance")
        #expect(await attestationError(format, vector.input(credential: other.credential))?.code == .attestationSignatureInvalid)
    }

    @Test("exactly one P-256 certificate, a P-256 credential, no other members")
    func shape() async throws {
        let vector = try AttestationVectors.registration(Self.yubikey)
        let format = FIDOU2FAttestation()
        let certificate = try #require(vector.statement[text: "x5c"]?.arrayValue?.first)
        let twoCertificates = vector.statement.replacing("x5c", with: .array([certificate, certificate]))
        #expect(await attestationError(format, vector.input(statement: twoCertificates))?.code == .attestationStatementMalformed)
        let rsaCertificate = try #require(try AttestationVectors.registration("pywa_reg_tpm_verify_attestation_dell_xps_13").statement[text: "x5c"]?.arrayValue?.first)
        let rsa = vector.statement.replacing("x5c", with: .array([rsaCertificate]))
        #expect(await attestationError(format, vector.input(statement: rsa))?.code == .attestationCertificateInvalid)
        let okp = try AttestationVectors.registration("pywa_reg_packed_verify_attestation_with_okp_public_key")
        #expect(await attestationError(format, vector.input(credential: okp.credential))?.code == .attestationKeyMismatch)
        let withAlg = vector.statement.replacing("alg", with: .int(-7))
        #expect(await attestationError(format, vector.input(statement: withAlg))?.code == .attestationStatementMalformed)
    }

    @Test("an anchor that is the attestation certificate itself makes it trusted")
    func anchoredLeaf() async throws {
        let vector = try AttestationVectors.registration(Self.yubikey)
        let leaf = try #require(try vector.x5c.first)
        #expect(try await FIDOU2FAttestation().verify(vector.input(trustAnchors: [leaf])).chainsToTrustAnchor)
        let unrelated = try #require(try AttestationVectors.registration("pywa_reg_apple_verify_attestation_apple_passkey").x5c.last)
        #expect(await attestationError(FIDOU2FAttestation(), vector.input(trustAnchors: [unrelated]))?.code == .attestationNotTrusted)
    }
}
