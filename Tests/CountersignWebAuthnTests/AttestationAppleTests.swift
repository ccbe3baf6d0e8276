import Crypto
import Foundation
import SwiftASN1
import Testing
import X509
@testable import CountersignWebAuthn

/// The apple anonymous format: the recorded iOS passkey vector and a synthetic certificate.
@Suite(.enabled(if: AttestationVectors.isAvailable, AttestationVectors.missingReason))
struct AttestationAppleTests {
    typealias F = AttestationFixtures
    static let passkey = "pywa_reg_apple_verify_attestation_apple_passkey"

    @Test("the nonce binds authenticatorData and clientDataHash")
    func nonce() async throws {
        let vector = try AttestationVectors.registration(Self.passkey)
        #expect(await attestationError(AppleAnonymousAttestation(), vector.input(clientDataHash: flippingLastBit(vector.clientDataHash)))?.code == .attestationNonceMismatch)
    }

    @Test("the certificate must be for the credential key")
    func key() async throws {
        let vector = try AttestationVectors.registration(Self.passkey)
        let other = try AttestationVectors.registration("pywa_reg_packed_verify_attestation_from_yubikey_firefox")
        #expect(await attestationError(AppleAnonymousAttestation(), vector.input(credential: other.credential))?.code == .attestationKeyMismatch)
    }

    @Test("the statement holds x5c only")
    func syntax() async throws {
        let vector = try AttestationVectors.registration(Self.passkey)
        let withAlg = vector.statement.replacing("alg", with: .int(-7))
        #expect(await attestationError(AppleAnonymousAttestation(), vector.input(statement: withAlg))?.code == .attestationStatementMalformed)
    }

    @Test("the chain validates to Apple's CA at the pinned time, not today")
    func chain() async throws {
        let vector = try AttestationVectors.registration(Self.passkey)
        let issuingCA = try #require(try vector.x5c.last)
        #expect(try await AppleAnonymousAttestation().verify(vector.input(trustAnchors: [issuingCA])).chainsToTrustAnchor)
        #expect(await attestationError(AppleAnonymousAttestation(), vector.input(trustAnchors: [issuingCA], now: Date()))?.code == .attestationNotTrusted)
    }

    @Test("a certificate without the nonce extension, or with another nonce, is refused")
    func syntheticNonce() async throws {
        let root = try F.root("Apple Test CA")
        let credentialKey = P256.Signing.PrivateKey()
        let authenticatorData = try F.authenticatorData(coseKey: F.coseKey(credentialKey.publicKey))
        func statement(nonce: [UInt8]?) throws -> CBORMap {
            var extensions: [Certificate.Extension] = []
            if let nonce {
                var serializer = DER.Serializer()
                try serializer.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { tagged in
                        try tagged.serialize(ASN1OctetString(contentBytes: nonce[...]))
                    }
                }
                extensions.append(Certificate.Extension(oid: [1, 2, 840, 113635, 100, 8, 2], critical: false, value: serializer.serializedBytes[...]))
            }
            let leaf = try F.certificate(
                subject: DistinguishedName { CommonName("credential") }, publicKey: .init(credentialKey.publicKey), issuer: root,
                extensions: extensions)
            return F.statement(["x5c": try F.x5c([leaf])])
        }
        let nonce = Array(SHA256.hash(data: authenticatorData.raw + F.clientDataHash))
        let valid = try await AppleAnonymousAttestation().verify(F.input(statement(nonce: nonce), authenticatorData, anchors: [root.certificate]))
        #expect(valid.type == .anonCA)
        #expect(valid.chainsToTrustAnchor)
        #expect(await attestationError(AppleAnonymousAttestation(), try F.input(statement(nonce: nil), authenticatorData))?.code == .attestationCertificateInvalid)
        #expect(await attestationError(AppleAnonymousAttestation(), try F.input(statement(nonce: flippingLastBit(nonce)), authenticatorData))?.code == .attestationNonceMismatch)
    }
}
