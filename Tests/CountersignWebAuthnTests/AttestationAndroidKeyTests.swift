import Crypto
import Foundation
import SwiftASN1
import Testing
import X509
@testable import CountersignWebAuthn

/// The android-key format: a synthetic Keystore attestation for each rule, and the recorded vectors
/// for decision (1) of docs/webauthn.md (a chain that ends at the software attestation root).
@Suite struct AttestationAndroidKeyTests {
    typealias F = AttestationFixtures

    /// One member of a synthetic AuthorizationList.
    enum Authorization {
        case purpose([Int])
        case origin(Int)
        case allApplications
        /// Some other tagged INTEGER (the parser must skip it).
        case other(UInt, Int)
    }

    /// A synthetic Keystore registration: the credential key is certified by a root with a
    /// KeyDescription extension.
    struct Setup {
        let root: F.Authority
        let credentialKey = P256.Signing.PrivateKey()
        let authenticatorData: AuthenticatorData

        init() throws {
            root = try F.root("Android Test Attestation Root")
            authenticatorData = try F.authenticatorData(coseKey: F.coseKey(credentialKey.publicKey))
        }

        static func keyDescription(
            challenge: [UInt8] = F.clientDataHash, attestationLevel: Int = 1, keymasterLevel: Int? = nil,
            software: [Authorization] = [.other(701, 1_600_000_000_000)],
            tee: [Authorization] = [.purpose([2]), .other(2, 3), .origin(0)]
        ) throws -> [UInt8] {
            var serializer = DER.Serializer()
            try serializer.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(300)
                try attestationLevel.serialize(into: &coder, withIdentifier: .enumerated)
                try coder.serialize(300)
                try (keymasterLevel ?? attestationLevel).serialize(into: &coder, withIdentifier: .enumerated)
                try coder.serialize(ASN1OctetString(contentBytes: challenge[...]))
                try coder.serialize(ASN1OctetString(contentBytes: []))
                for list in [software, tee] {
                    try coder.appendConstructedNode(identifier: .sequence) { members in
                        for member in list {
                            let tag: UInt = switch member {
                            case .purpose: 1
                            case .allApplications: 600
                            case .origin: 702
                            case .other(let tag, _): tag
                            }
                            try members.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: tag, tagClass: .contextSpecific)) { value in
                                switch member {
                                case .purpose(let purposes):
                                    try value.appendConstructedNode(identifier: .set) { set in
                                        for purpose in purposes { try set.serialize(purpose) }
                                    }
                                case .allApplications: try value.serialize(ASN1Null())
                                case .origin(let origin): try value.serialize(origin)
                                case .other(_, let number): try value.serialize(number)
                                }
                            }
                        }
                    }
                }
            }
            return serializer.serializedBytes
        }

        func leaf(description: [UInt8]?, key: P256.Signing.PublicKey? = nil, issuer: F.Authority? = nil) throws -> Certificate {
            let extensions = description.map {
                [Certificate.Extension(oid: [1, 3, 6, 1, 4, 1, 11129, 2, 1, 17], critical: false, value: $0[...])]
            } ?? []
            return try F.certificate(
                subject: DistinguishedName { CommonName("Android Keystore Key") },
                publicKey: .init(key ?? credentialKey.publicKey), issuer: issuer ?? root, extensions: extensions)
        }

        func statement(_ leaf: Certificate, signer: P256.Signing.PrivateKey? = nil, chain: [Certificate] = []) throws -> CBORMap {
            let signature = try (signer ?? credentialKey).signature(for: authenticatorData.raw + F.clientDataHash)
            return F.statement([
                "alg": .int(-7), "sig": .bytes(Array(signature.derRepresentation)), "x5c": try F.x5c([leaf] + chain),
            ])
        }

        func input(_ statement: CBORMap, anchors: [Certificate] = []) throws -> AttestationInput {
            try F.input(statement, authenticatorData, anchors: anchors)
        }

        func error(_ description: [UInt8], policy: AndroidKeyAttestation.Policy = .standard) async throws -> WebAuthnError.Code? {
            let statement = try statement(leaf(description: description))
            return await attestationError(AndroidKeyAttestation(policy: policy), try input(statement))?.code
        }
    }

    static let hardware = AndroidKeyAttestation.Policy(requiresHardwareAttestation: true)

    @Test("a valid synthetic Keystore attestation verifies as basic, also under the hardware policy")
    func valid() async throws {
        let setup = try Setup()
        let statement = try setup.statement(setup.leaf(description: Setup.keyDescription()))
        #expect(try await AndroidKeyAttestation().verify(setup.input(statement)).type == .basic)
        #expect(try await AndroidKeyAttestation(policy: Self.hardware).verify(setup.input(statement)).type == .basic)
        let anchored = try await AndroidKeyAttestation().verify(setup.input(statement, anchors: [setup.root.certificate]))
        #expect(anchored.chainsToTrustAnchor)
    }

    @Test("attestationChallenge must be the clientDataHash")
    func challenge() async throws {
        let setup = try Setup()
        #expect(try await setup.error(Setup.keyDescription(challenge: flippingLastBit(F.clientDataHash))) == .attestationNonceMismatch)
    }

    @Test("allApplications must be absent from both lists")
    func allApplications() async throws {
        let setup = try Setup()
        #expect(try await setup.error(Setup.keyDescription(software: [.allApplications])) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(Setup.keyDescription(tee: [.purpose([2]), .allApplications, .origin(0)])) == .attestationKeyPropertiesRefused)
    }

    @Test("origin must be KM_ORIGIN_GENERATED and purpose must include KM_PURPOSE_SIGN")
    func originAndPurpose() async throws {
        let setup = try Setup()
        #expect(try await setup.error(Setup.keyDescription(tee: [.purpose([2]), .origin(2)])) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(Setup.keyDescription(tee: [.purpose([2])])) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(Setup.keyDescription(tee: [.purpose([3]), .origin(0)])) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(Setup.keyDescription(tee: [.origin(0)])) == .attestationKeyPropertiesRefused)
        // Contradicting lists: one says generated, the other imported.
        #expect(try await setup.error(Setup.keyDescription(software: [.origin(2)])) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(Setup.keyDescription(tee: [.purpose([2, 3]), .origin(0)])) == nil)
    }

    @Test("the union of both lists is read by default; only the TEE list under the hardware policy")
    func hardwarePolicy() async throws {
        let setup = try Setup()
        let softwareOnly = try Setup.keyDescription(software: [.purpose([2]), .origin(0)], tee: [])
        #expect(try await setup.error(softwareOnly) == nil)
        #expect(try await setup.error(softwareOnly, policy: Self.hardware) == .attestationKeyPropertiesRefused)
        let softwareAttestation = try Setup.keyDescription(attestationLevel: 0)
        #expect(try await setup.error(softwareAttestation) == nil)
        #expect(try await setup.error(softwareAttestation, policy: Self.hardware) == .attestationKeyPropertiesRefused)
        let softwareKey = try Setup.keyDescription(attestationLevel: 1, keymasterLevel: 0)
        #expect(try await setup.error(softwareKey) == nil)
        #expect(try await setup.error(softwareKey, policy: Self.hardware) == .attestationKeyPropertiesRefused)
        let strongBox = try Setup.keyDescription(attestationLevel: 2)
        #expect(try await setup.error(strongBox, policy: Self.hardware) == nil)
    }

    @Test("the certificate must be for the credential key, carry the extension, and sign the data")
    func keyAndSignature() async throws {
        let setup = try Setup()
        let other = P256.Signing.PrivateKey()
        let foreign = try setup.statement(setup.leaf(description: Setup.keyDescription(), key: other.publicKey), signer: other)
        #expect(await attestationError(AndroidKeyAttestation(), try setup.input(foreign))?.code == .attestationKeyMismatch)
        let bare = try setup.statement(setup.leaf(description: nil))
        #expect(await attestationError(AndroidKeyAttestation(), try setup.input(bare))?.code == .attestationCertificateInvalid)
        let garbled = try setup.statement(setup.leaf(description: [0x30, 0x03, 0x02, 0x01, 0x01]))
        #expect(await attestationError(AndroidKeyAttestation(), try setup.input(garbled))?.code == .attestationCertificateInvalid)
        let wrongSigner = try setup.statement(setup.leaf(description: Setup.keyDescription()), signer: other)
        #expect(await attestationError(AndroidKeyAttestation(), try setup.input(wrongSigner))?.code == .attestationSignatureInvalid)
    }

    @Test("the last x5c certificate is not taken as the root: only configured anchors are")
    func lastCertificateIsNotTheRoot() async throws {
        let setup = try Setup()
        let impostor = try F.root("Android Test Attestation Root")  // same name, another key
        let leaf = try setup.leaf(description: Setup.keyDescription(), issuer: impostor)
        let statement = try setup.statement(leaf, chain: [impostor.certificate])
        // Cryptographically fine (its own root signs it), but not trusted under the real root.
        #expect(try await AndroidKeyAttestation().verify(setup.input(statement)).chainsToTrustAnchor == false)
        #expect(await attestationError(AndroidKeyAttestation(), try setup.input(statement, anchors: [setup.root.certificate]))?.code == .attestationNotTrusted)
    }
}

/// Decision (1) of docs/webauthn.md on the recorded vectors.
@Suite(.enabled(if: AttestationVectors.isAvailable, AttestationVectors.missingReason))
struct AttestationAndroidKeyVectorTests {
    static let software = "wrs_reg_android-key_google_android_key"
    static let hardware = "pywa_reg_android-key_verify_attestation_android_key_hardware_authority"

    @Test("wrs software-root vector: trusted only where the software root is an anchor; refused under the hardware policy")
    func softwareRoot() async throws {
        let vector = try AttestationVectors.registration(Self.software)
        let x5c = try vector.x5c
        let softwareRoot = try #require(x5c.last)
        // webauthn-rs trusts the software root and turns time checks off; we pin a time inside
        // every certificate's validity instead (the intermediate expired on 2026-01-08).
        let inValidity = try #require(try? Date("2019-06-01T00:00:00Z", strategy: .iso8601))
        let trusted = try await AndroidKeyAttestation().verify(vector.input(trustAnchors: [softwareRoot], now: inValidity))
        #expect(trusted.chainsToTrustAnchor)
        #expect(trusted.trustPath == x5c)
        // A relying party that trusts Google's hardware root only refuses it.
        let hardwareRoot = try #require(try AttestationVectors.registration(Self.hardware).x5c.last)
        #expect(await attestationError(AndroidKeyAttestation(), vector.input(trustAnchors: [hardwareRoot], now: inValidity))?.code == .attestationNotTrusted)
        // And the hardware policy refuses the software attestation whatever the anchors.
        let strict = AndroidKeyAttestation(policy: .init(requiresHardwareAttestation: true))
        #expect(await attestationError(strict, vector.input())?.code == .attestationKeyPropertiesRefused)
    }

    @Test("pywa hardware vector: TEE attestation, chains to the Google root at the pinned time")
    func hardwareRoot() async throws {
        let vector = try AttestationVectors.registration(Self.hardware)
        let root = try #require(try vector.x5c.last)
        let strict = AndroidKeyAttestation(policy: .init(requiresHardwareAttestation: true))
        let result = try await strict.verify(vector.input(trustAnchors: [root]))
        #expect(result.chainsToTrustAnchor)
        // The chain's intermediates expired in February 2025.
        #expect(await attestationError(strict, vector.input(trustAnchors: [root], now: Date()))?.code == .attestationNotTrusted)
        let other = try AttestationVectors.registration(Self.software)
        #expect(await attestationError(strict, vector.input(credential: other.credential))?.code == .attestationKeyMismatch)
        #expect(await attestationError(strict, vector.input(clientDataHash: flippingLastBit(vector.clientDataHash)))?.code == .attestationSignatureInvalid)
    }
}
