import Crypto
import Foundation
import SwiftASN1
import Testing
import X509
@testable import CountersignWebAuthn

/// The tpm format: synthetic TPM structures for each rule, and the recorded Windows Hello vectors
/// for what they prove (RS1, Microsoft AIK certificates, the SHA-1 policy).
@Suite struct AttestationTPMTests {
    typealias F = AttestationFixtures

    /// A synthetic ES256 TPM attestation over an ES256 credential.
    struct Setup {
        let root: F.Authority
        let aik = P256.Signing.PrivateKey()
        let credentialKey = P256.Signing.PrivateKey()
        let authenticatorData: AuthenticatorData

        init(aaguid: [UInt8] = F.aaguid) throws {
            root = try F.root("TPM Test Root")
            authenticatorData = try F.authenticatorData(coseKey: F.coseKey(credentialKey.publicKey), aaguid: aaguid)
        }

        static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
        static func be32(_ value: UInt32) -> [UInt8] { (0..<4).reversed().map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        static func sized(_ bytes: [UInt8]) -> [UInt8] { be16(UInt16(bytes.count)) + bytes }

        /// TPMT_PUBLIC of an ECC P-256 signing key with NULL symmetric, scheme and KDF.
        func publicArea(key: P256.Signing.PublicKey? = nil, nameAlg: UInt16 = 0x000B, attributes: UInt32 = 0x0004_0472) -> [UInt8] {
            let point = Array((key ?? credentialKey.publicKey).x963Representation)
            return Self.be16(0x0023) + Self.be16(nameAlg) + Self.be32(attributes) + Self.sized([])
                + Self.be16(0x0010) + Self.be16(0x0010) + Self.be16(0x0003) + Self.be16(0x0010)
                + Self.sized(Array(point[1...32])) + Self.sized(Array(point[33...]))
        }

        /// TPMS_ATTEST of a TPM2_Certify of `publicArea`.
        func certInfo(
            publicArea: [UInt8], nameAlg: UInt16 = 0x000B, magic: UInt32 = 0xFF54_4347, type: UInt16 = 0x8017,
            clientDataHash: [UInt8] = F.clientDataHash
        ) -> [UInt8] {
            let extraData = Array(SHA256.hash(data: authenticatorData.raw + clientDataHash))
            let nameDigest = nameAlg == 0x0004 ? Array(Insecure.SHA1.hash(data: publicArea)) : Array(SHA256.hash(data: publicArea))
            return Self.be32(magic) + Self.be16(type) + Self.sized([0x00, 0x0B] + [UInt8](repeating: 7, count: 32))
                + Self.sized(extraData) + [UInt8](repeating: 0, count: 17) + [UInt8](repeating: 1, count: 8)
                + Self.sized(Self.be16(nameAlg) + nameDigest) + Self.sized([0x00, 0x0B] + [UInt8](repeating: 9, count: 32))
        }

        static func sanAttributes(manufacturer: String? = "id:4E544300", model: String? = "NPCT75x", version: String? = "id:00070002") -> Certificate.Extension? {
            var attributes: [RelativeDistinguishedName.Attribute] = []
            if let manufacturer { attributes.append(.init(type: [2, 23, 133, 2, 1], utf8String: manufacturer)) }
            if let model { attributes.append(.init(type: [2, 23, 133, 2, 2], utf8String: model)) }
            if let version { attributes.append(.init(type: [2, 23, 133, 2, 3], utf8String: version)) }
            let name = DistinguishedName([RelativeDistinguishedName(attributes)])
            return try? Critical(SubjectAlternativeNames([.directoryName(name)])).makeCertificateExtension()
        }

        static func aikEKU() throws -> Certificate.Extension {
            try ExtendedKeyUsage([.init(oid: [2, 23, 133, 8, 3])]).makeCertificateExtension()
        }

        func aikCertificate(subject: DistinguishedName = DistinguishedName(), extensions: [Certificate.Extension]? = nil) throws -> Certificate {
            let defaults = [try F.notCA(), try Self.aikEKU(), try F.aaguidExtension(F.aaguid)] + [Self.sanAttributes()].compactMap { $0 }
            return try F.certificate(subject: subject, publicKey: .init(aik.publicKey), issuer: root, extensions: extensions ?? defaults)
        }

        func statement(
            ver: String = "2.0", publicArea: [UInt8]? = nil, certInfo: [UInt8]? = nil, certificate: Certificate? = nil,
            signature: [UInt8]? = nil
        ) throws -> CBORMap {
            let publicArea = publicArea ?? self.publicArea()
            let certInfo = certInfo ?? self.certInfo(publicArea: publicArea)
            let signature = try signature ?? Array(aik.signature(for: certInfo).derRepresentation)
            return F.statement([
                "ver": .text(ver), "alg": .int(-7), "x5c": try F.x5c([try certificate ?? aikCertificate()]),
                "sig": .bytes(signature), "certInfo": .bytes(certInfo), "pubArea": .bytes(publicArea),
            ])
        }

        func input(_ statement: CBORMap, anchors: [Certificate] = []) throws -> AttestationInput {
            try F.input(statement, authenticatorData, anchors: anchors)
        }
    }

    @Test("a valid synthetic TPM statement verifies as AttCA, and chains with its critical SAN")
    func valid() async throws {
        let setup = try Setup()
        let result = try await TPMAttestation().verify(setup.input(setup.statement()))
        #expect(result.type == .attCA)
        #expect(result.chainsToTrustAnchor == false)
        let anchored = try await TPMAttestation().verify(setup.input(setup.statement(), anchors: [setup.root.certificate]))
        #expect(anchored.chainsToTrustAnchor)
    }

    @Test("ver must be 2.0 and the structures must parse exactly")
    func syntax() async throws {
        let setup = try Setup()
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(ver: "1.2")))?.code == .attestationStatementMalformed)
        let publicArea = setup.publicArea()
        let longCertInfo = setup.certInfo(publicArea: publicArea) + [0]
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(certInfo: longCertInfo)))?.code == .attestationStatementMalformed)
        let shortPublicArea = Array(publicArea.dropLast())
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(publicArea: shortPublicArea)))?.code == .attestationStatementMalformed)
        let withoutPubArea = try setup.statement().replacing("pubArea", with: nil)
        #expect(await attestationError(TPMAttestation(), try setup.input(withoutPubArea))?.code == .attestationStatementMalformed)
    }

    @Test("certInfo must be a TPM-generated certify structure")
    func certInfoHeader() async throws {
        let setup = try Setup()
        let publicArea = setup.publicArea()
        let wrongMagic = setup.certInfo(publicArea: publicArea, magic: 0xFF54_4348)
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(certInfo: wrongMagic)))?.code == .attestationInvalid)
        let quote = setup.certInfo(publicArea: publicArea, type: 0x8018)
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(certInfo: quote)))?.code == .attestationInvalid)
    }

    @Test("extraData must be the hash of authenticatorData || clientDataHash")
    func extraData() async throws {
        let setup = try Setup()
        let publicArea = setup.publicArea()
        let other = setup.certInfo(publicArea: publicArea, clientDataHash: flippingLastBit(F.clientDataHash))
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(certInfo: other)))?.code == .attestationNonceMismatch)
    }

    @Test("pubArea must hold the credential key, and certInfo must certify pubArea")
    func keyBinding() async throws {
        let setup = try Setup()
        let otherKey = setup.publicArea(key: P256.Signing.PrivateKey().publicKey)
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(publicArea: otherKey)))?.code == .attestationKeyMismatch)
        // Same key, other attributes: pubArea's Name is not the one certInfo certifies.
        let certified = setup.certInfo(publicArea: setup.publicArea())
        let altered = setup.publicArea(attributes: 0x0005_0472)
        let statement = try setup.statement(publicArea: altered, certInfo: certified)
        #expect(await attestationError(TPMAttestation(), try setup.input(statement))?.code == .attestationKeyMismatch)
    }

    @Test("the AIK signature over certInfo must verify")
    func signature() async throws {
        let setup = try Setup()
        let publicArea = setup.publicArea()
        let certInfo = setup.certInfo(publicArea: publicArea)
        let tampered = flippingLastBit(Array(try setup.aik.signature(for: certInfo).derRepresentation))
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(signature: tampered)))?.code == .attestationSignatureInvalid)
    }

    @Test("the AIK certificate must meet section 8.3.1")
    func aikCertificate() async throws {
        let setup = try Setup()
        let san = try #require(Setup.sanAttributes())
        let notCA = try F.notCA()
        let eku = try Setup.aikEKU()
        let invalid: [(String, Certificate)] = [
            ("subject not empty", try setup.aikCertificate(subject: DistinguishedName { CommonName("AIK") })),
            ("no SAN", try setup.aikCertificate(extensions: [notCA, eku])),
            ("no model", try setup.aikCertificate(extensions: [notCA, eku, try #require(Setup.sanAttributes(model: nil))])),
            ("bad manufacturer", try setup.aikCertificate(extensions: [notCA, eku, try #require(Setup.sanAttributes(manufacturer: "Nuvoton"))])),
            ("no EKU", try setup.aikCertificate(extensions: [notCA, san])),
            ("no basic constraints", try setup.aikCertificate(extensions: [eku, san])),
        ]
        for (reason, certificate) in invalid {
            let error = await attestationError(TPMAttestation(), try setup.input(setup.statement(certificate: certificate)))
            #expect(error?.code == .attestationCertificateInvalid, "\(reason): \(String(describing: error))")
        }
        let otherModel = try setup.aikCertificate(extensions: [notCA, eku, san, try F.aaguidExtension(F.otherAAGUID)])
        #expect(await attestationError(TPMAttestation(), try setup.input(setup.statement(certificate: otherModel)))?.code == .attestationAAGUIDMismatch)
    }

    @Test("the critical extensions tpm checks on the AIK certificate are accepted on the leaf only")
    func criticalExtensionsOnIntermediates() async throws {
        let setup = try Setup()
        func intermediate(criticalSAN: Bool) throws -> F.Authority {
            let key = P256.Signing.PrivateKey()
            var extensions = [try Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0)).makeCertificateExtension()]
            if criticalSAN { extensions.append(try #require(Setup.sanAttributes())) }
            let certificate = try F.certificate(
                subject: DistinguishedName { CommonName("TPM Test Intermediate") }, publicKey: .init(key.publicKey),
                issuer: setup.root, extensions: extensions)
            return F.Authority(key: key, certificate: certificate)
        }
        for criticalSAN in [false, true] {
            let issuer = try intermediate(criticalSAN: criticalSAN)
            let leaf = try F.certificate(
                subject: DistinguishedName(), publicKey: .init(setup.aik.publicKey), issuer: issuer,
                extensions: [try F.notCA(), try Setup.aikEKU(), try #require(Setup.sanAttributes())])
            var statement = try setup.statement(certificate: leaf)
            statement = statement.replacing("x5c", with: try F.x5c([leaf, issuer.certificate]))
            let error = await attestationError(TPMAttestation(), try setup.input(statement, anchors: [setup.root.certificate]))
            #expect(error?.code == (criticalSAN ? .attestationNotTrusted : nil), "critical SAN on the intermediate: \(criticalSAN)")
        }
    }

    @Test("a SHA-1 name algorithm follows the SHA-1 policy")
    func sha1NameAlgorithm() async throws {
        let setup = try Setup()
        let publicArea = setup.publicArea(nameAlg: 0x0004)
        let statement = try setup.statement(publicArea: publicArea, certInfo: setup.certInfo(publicArea: publicArea, nameAlg: 0x0004))
        #expect(try await TPMAttestation().verify(setup.input(statement)).type == .attCA)
        let strict = TPMAttestation(policy: .init(allowsSHA1: false))
        #expect(await attestationError(strict, try setup.input(statement))?.code == .attestationAlgorithmRefused)
    }
}

/// The recorded TPM vectors under rules they can exercise (all are RS1-signed Windows Hello TPMs).
@Suite(.enabled(if: AttestationVectors.isAvailable, AttestationVectors.missingReason))
struct AttestationTPMVectorTests {
    static let dell = "pywa_reg_tpm_verify_attestation_dell_xps_13"

    @Test("decision (3): the wrs ECC TPM vector verifies by default and is refused under webauthn-rs's SHA-1 policy")
    func sha1Disagreement() async throws {
        let vector = try AttestationVectors.registration("wrs_reg_tpm_tpm_ecc_aseigler")
        #expect(vector.shouldVerify == false)
        #expect(try await TPMAttestation().verify(vector.input()).type == .attCA)
        let webauthnRSPolicy = TPMAttestation(policy: .init(allowsSHA1: false))
        #expect(await attestationError(webauthnRSPolicy, vector.input())?.code == .attestationAlgorithmRefused)
    }

    @Test("every RS1 vector is refused when SHA-1 is not allowed", arguments: [
        "pywa_reg_tpm_verify_attestation_dell_xps_13", "pywa_reg_tpm_verify_attestation_lenovo_carbon_x1",
        "pywa_reg_tpm_verify_attestation_surface_pro_4", "pywa_reg_tpm_verify_tpm_with_ecc_public_area_type",
    ])
    func rs1Refused(name: String) async throws {
        let vector = try AttestationVectors.registration(name)
        #expect(await attestationError(TPMAttestation(policy: .init(allowsSHA1: false)), vector.input())?.code == .attestationAlgorithmRefused)
    }

    @Test("tampering with the recorded statement is caught")
    func tampering() async throws {
        let vector = try AttestationVectors.registration(Self.dell)
        let format = TPMAttestation()
        #expect(await attestationError(format, vector.input(clientDataHash: flippingLastBit(vector.clientDataHash)))?.code == .attestationNonceMismatch)
        let signature = try #require(vector.statement[text: "sig"]?.bytesValue)
        let badSignature = vector.statement.replacing("sig", with: .bytes(flippingLastBit(signature)))
        #expect(await attestationError(format, vector.input(statement: badSignature))?.code == .attestationSignatureInvalid)
        let publicArea = try #require(vector.statement[text: "pubArea"]?.bytesValue)
        let otherModulus = vector.statement.replacing("pubArea", with: .bytes(flippingLastBit(publicArea)))
        #expect(await attestationError(format, vector.input(statement: otherModulus))?.code == .attestationKeyMismatch)
        let other = try AttestationVectors.registration("pywa_reg_tpm_verify_attestation_surface_pro_4")
        #expect(await attestationError(format, vector.input(credential: other.credential))?.code == .attestationKeyMismatch)
    }

    @Test("the Microsoft AIK chain validates to its issuing CA at the pinned time, not after expiry")
    func chain() async throws {
        let vector = try AttestationVectors.registration(Self.dell)
        let intermediate = try #require(try vector.x5c.last)
        let trusted = try await TPMAttestation().verify(vector.input(trustAnchors: [intermediate]))
        #expect(trusted.chainsToTrustAnchor)
        let afterExpiry = try #require(try? Date("2026-01-01T00:00:00Z", strategy: .iso8601))
        #expect(await attestationError(TPMAttestation(), vector.input(trustAnchors: [intermediate], now: afterExpiry))?.code == .attestationNotTrusted)
    }
}
