import Crypto
import Foundation
import Testing
import X509
@testable import CountersignWebAuthn

/// Each rule of the packed format, broken on its own with synthetic keys and certificates.
@Suite struct AttestationPackedTests {
    typealias F = AttestationFixtures

    /// A packed x5c registration: a credential key, an attestation key certified by a root.
    struct Setup {
        let root: F.Authority
        let attestationKey = P256.Signing.PrivateKey()
        let credentialKey = P256.Signing.PrivateKey()
        let authenticatorData: AuthenticatorData

        init(aaguid: [UInt8] = F.aaguid) throws {
            root = try F.root("Packed Test Root")
            authenticatorData = try F.authenticatorData(coseKey: F.coseKey(credentialKey.publicKey), aaguid: aaguid)
        }

        static func subject(unit: String = "Authenticator Attestation", country: String = "SE") throws -> DistinguishedName {
            try DistinguishedName {
                CountryName(country)
                OrganizationName("Countersign Test Keys")
                OrganizationalUnitName(unit)
                CommonName("Countersign Test Batch 1")
            }
        }

        func leaf(subject: DistinguishedName? = nil, extensions: [Certificate.Extension]? = nil) throws -> Certificate {
            try F.certificate(
                subject: subject ?? Self.subject(), publicKey: .init(attestationKey.publicKey), issuer: root,
                extensions: extensions ?? [F.notCA(), F.aaguidExtension(F.aaguid)])
        }

        func signature(_ key: P256.Signing.PrivateKey? = nil) throws -> [UInt8] {
            Array(try (key ?? attestationKey).signature(for: authenticatorData.raw + F.clientDataHash).derRepresentation)
        }

        func statement(leaf: Certificate? = nil, signature: [UInt8]? = nil, alg: Int = -7) throws -> CBORMap {
            F.statement([
                "alg": .int(alg), "sig": .bytes(try signature ?? self.signature()),
                "x5c": try F.x5c([try leaf ?? self.leaf()]),
            ])
        }

        func input(_ statement: CBORMap, anchors: [Certificate] = [], now: Date = F.now, clientDataHash: [UInt8] = F.clientDataHash) throws -> AttestationInput {
            try F.input(statement, authenticatorData, clientDataHash: clientDataHash, anchors: anchors, now: now)
        }
    }

    @Test("a valid x5c statement verifies as basic, untrusted without anchors")
    func validFull() async throws {
        let setup = try Setup()
        let result = try await PackedAttestation().verify(setup.input(setup.statement()))
        #expect(result.type == .basic)
        #expect(result.chainsToTrustAnchor == false)
        #expect(result.trustPath.count == 1)
        #expect(result.trustPath.first?.publicKey == Certificate.PublicKey(setup.attestationKey.publicKey))
    }

    @Test("a tampered signature or another clientDataHash is refused")
    func signature() async throws {
        let setup = try Setup()
        let tampered = try setup.statement(signature: flippingLastBit(try setup.signature()))
        #expect(await attestationError(PackedAttestation(), try setup.input(tampered))?.code == .attestationSignatureInvalid)
        let otherHash = flippingLastBit(F.clientDataHash)
        #expect(await attestationError(PackedAttestation(), try setup.input(setup.statement(), clientDataHash: otherHash))?.code == .attestationSignatureInvalid)
        // A signature by the credential key is not one by the attestation key.
        let byCredential = try setup.statement(signature: setup.signature(setup.credentialKey))
        #expect(await attestationError(PackedAttestation(), try setup.input(byCredential))?.code == .attestationSignatureInvalid)
    }

    @Test("alg must fit the attestation key; RS1 and ECDAA are refused")
    func algorithms() async throws {
        let setup = try Setup()
        #expect(await attestationError(PackedAttestation(), try setup.input(setup.statement(alg: -257)))?.code == .attestationSignatureInvalid)
        #expect(await attestationError(PackedAttestation(), try setup.input(setup.statement(alg: -65535)))?.code == .attestationAlgorithmRefused)
        #expect(await attestationError(PackedAttestation(), try setup.input(setup.statement(alg: 12345)))?.code == .unsupportedAlgorithm)
        let ecdaa = try setup.statement().replacing("ecdaaKeyId", with: .bytes([1, 2, 3]))
        #expect(await attestationError(PackedAttestation(), try setup.input(ecdaa))?.code == .attestationAlgorithmRefused)
    }

    @Test("unknown members, wrong types and an empty x5c are malformed")
    func syntax() async throws {
        let setup = try Setup()
        let statement = try setup.statement()
        for broken in [
            statement.replacing("extra", with: .int(1)), statement.replacing("sig", with: .text("sig")),
            statement.replacing("sig", with: nil), statement.replacing("alg", with: nil),
            statement.replacing("x5c", with: .array([])), statement.replacing("x5c", with: .array([.bytes([0x30, 0x00])])),
            statement.replacing("x5c", with: .bytes([1])),
        ] {
            #expect(await attestationError(PackedAttestation(), try setup.input(broken))?.code == .attestationStatementMalformed)
        }
    }

    @Test("the subject must have C, O, OU = Authenticator Attestation and CN")
    func subject() async throws {
        let setup = try Setup()
        for subject in [
            try Setup.subject(unit: "Attestation"), try Setup.subject(country: "Sweden"),
            try DistinguishedName { CommonName("only a CN") },
        ] {
            let statement = try setup.statement(leaf: setup.leaf(subject: subject))
            #expect(await attestationError(PackedAttestation(), try setup.input(statement))?.code == .attestationCertificateInvalid)
        }
    }

    @Test("basic constraints must be present with CA=false")
    func basicConstraints() async throws {
        let setup = try Setup()
        let ca = try Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0)).makeCertificateExtension()
        for extensions in [[try F.aaguidExtension(F.aaguid)], [ca, try F.aaguidExtension(F.aaguid)]] {
            let statement = try setup.statement(leaf: setup.leaf(extensions: extensions))
            #expect(await attestationError(PackedAttestation(), try setup.input(statement))?.code == .attestationCertificateInvalid)
        }
    }

    @Test("the FIDO AAGUID extension must match the authenticator data and not be critical; it may be absent")
    func aaguidExtension() async throws {
        let setup = try Setup()
        let other = try setup.statement(leaf: setup.leaf(extensions: [F.notCA(), F.aaguidExtension(F.otherAAGUID)]))
        #expect(await attestationError(PackedAttestation(), try setup.input(other))?.code == .attestationAAGUIDMismatch)
        let critical = try setup.statement(leaf: setup.leaf(extensions: [F.notCA(), F.aaguidExtension(F.aaguid, critical: true)]))
        #expect(await attestationError(PackedAttestation(), try setup.input(critical))?.code == .attestationAAGUIDMismatch)
        let absent = try setup.statement(leaf: setup.leaf(extensions: [F.notCA()]))
        #expect(try await PackedAttestation().verify(setup.input(absent)).type == .basic)
        // The same certificate fails once the authenticator data claims another model.
        let swapped = try Setup(aaguid: F.otherAAGUID)
        let statement = try swapped.statement(leaf: swapped.leaf(extensions: [F.notCA(), F.aaguidExtension(F.aaguid)]))
        #expect(await attestationError(PackedAttestation(), try swapped.input(statement))?.code == .attestationAAGUIDMismatch)
    }

    @Test("with anchors the chain is validated at now; without, it is not")
    func trust() async throws {
        let setup = try Setup()
        let statement = try setup.statement()
        let trusted = try await PackedAttestation().verify(setup.input(statement, anchors: [setup.root.certificate]))
        #expect(trusted.chainsToTrustAnchor)
        let stranger = try F.root("Another Root")
        #expect(await attestationError(PackedAttestation(), try setup.input(statement, anchors: [stranger.certificate]))?.code == .attestationNotTrusted)
        let later = F.now + 60 * 86400
        #expect(await attestationError(PackedAttestation(), try setup.input(statement, anchors: [setup.root.certificate], now: later))?.code == .attestationNotTrusted)
        // Without anchors nothing about the chain, expiry included, is judged.
        #expect(try await PackedAttestation().verify(setup.input(statement, now: later)).chainsToTrustAnchor == false)
    }

    @Test("self attestation: signed by the credential key with its own algorithm")
    func selfAttestation() async throws {
        let setup = try Setup()
        let signature = try setup.signature(setup.credentialKey)
        let valid = F.statement(["alg": .int(-7), "sig": .bytes(signature)])
        let result = try await PackedAttestation().verify(setup.input(valid))
        #expect(result.type == .self)
        #expect(result.trustPath.isEmpty)
        let tampered = F.statement(["alg": .int(-7), "sig": .bytes(flippingLastBit(signature))])
        #expect(await attestationError(PackedAttestation(), try setup.input(tampered))?.code == .attestationSignatureInvalid)
        let otherAlg = F.statement(["alg": .int(-8), "sig": .bytes(signature)])
        #expect(await attestationError(PackedAttestation(), try setup.input(otherAlg))?.code == .attestationSignatureInvalid)
        let byAttestationKey = F.statement(["alg": .int(-7), "sig": .bytes(try setup.signature())])
        #expect(await attestationError(PackedAttestation(), try setup.input(byAttestationKey))?.code == .attestationSignatureInvalid)
    }
}
