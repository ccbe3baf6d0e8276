import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import SwiftASN1
import Testing
import X509
@testable import CountersignWebAuthn

/// The android-safetynet format: the recorded 2021 response and synthetic responses.
@Suite(.enabled(if: AttestationVectors.isAvailable, AttestationVectors.missingReason))
struct AttestationSafetyNetTests {
    typealias F = AttestationFixtures
    static let vector = "pywa_reg_android-safetynet_verify_attestation_android_safetynet"
    /// The response's timestampMs: 2021-09-03T21:07:20.057Z.
    static let issued = Date(timeIntervalSince1970: 1_630_703_240.057)
    static let replay = AndroidSafetyNetAttestation(policy: .init(maximumAge: nil))

    @Test("the default policy judges timestampMs against now")
    func freshness() async throws {
        let vector = try AttestationVectors.registration(Self.vector)
        // At the vector's pinned time the response is dated almost three days in the future.
        #expect(await attestationError(AndroidSafetyNetAttestation(), vector.input())?.code == .attestationResponseStale)
        #expect(try await AndroidSafetyNetAttestation().verify(vector.input(now: Self.issued + 30)).type == .basic)
        #expect(await attestationError(AndroidSafetyNetAttestation(), vector.input(now: Self.issued + 120))?.code == .attestationResponseStale)
        #expect(await attestationError(AndroidSafetyNetAttestation(), vector.input(now: Self.issued - 120))?.code == .attestationResponseStale)
    }

    @Test("the nonce binds authenticatorData and clientDataHash")
    func nonce() async throws {
        let vector = try AttestationVectors.registration(Self.vector)
        #expect(await attestationError(Self.replay, vector.input(clientDataHash: flippingLastBit(vector.clientDataHash)))?.code == .attestationNonceMismatch)
    }

    @Test("the JWS signature must verify with the x5c leaf")
    func signature() async throws {
        let vector = try AttestationVectors.registration(Self.vector)
        let response = try #require(vector.statement[text: "response"]?.bytesValue)
        var parts = String(decoding: response, as: UTF8.self).split(separator: ".").map(String.init)
        parts[2] = Base64URL.encode(flippingLastBit(try Base64URL.decode(parts[2])))
        let tampered = vector.statement.replacing("response", with: .bytes(Array(parts.joined(separator: ".").utf8)))
        #expect(await attestationError(Self.replay, vector.input(statement: tampered))?.code == .attestationSignatureInvalid)
        let notJWS = vector.statement.replacing("response", with: .bytes(Array("not a jws".utf8)))
        #expect(await attestationError(Self.replay, vector.input(statement: notJWS))?.code == .attestationStatementMalformed)
    }

    @Test("the chain validates to GTS Root R1 at the pinned time")
    func chain() async throws {
        let vector = try AttestationVectors.registration(Self.vector)
        let response = try #require(vector.statement[text: "response"]?.bytesValue)
        let jws = try JWS(compact: response)
        let path = try AndroidSafetyNetAttestation.certificates(try #require(jws.signatures.first))
        let root = try #require(path.last)
        let result = try await Self.replay.verify(vector.input(trustAnchors: [root]))
        #expect(result.chainsToTrustAnchor)
        #expect(result.trustPath == path)
    }

    /// A synthetic SafetyNet response signed with ES256 by a certificate issued to `hostname`.
    struct Synthetic {
        let root: F.Authority
        let signingKey = P256.Signing.PrivateKey()
        let authenticatorData: AuthenticatorData

        init() throws {
            root = try F.root("SafetyNet Test Root")
            authenticatorData = try F.authenticatorData(coseKey: F.coseKey(P256.Signing.PrivateKey().publicKey))
        }

        var nonce: String { Data(SHA256.hash(data: authenticatorData.raw + F.clientDataHash)).base64EncodedString() }

        func statement(hostname: String = "attest.android.com", alg: String = "ES256", payload: String? = nil) throws -> CBORMap {
            let leaf = try F.certificate(
                subject: DistinguishedName { CommonName(hostname) }, publicKey: .init(signingKey.publicKey), issuer: root,
                extensions: [try SubjectAlternativeNames([.dnsName(hostname)]).makeCertificateExtension()])
            var serializer = DER.Serializer()
            try serializer.serialize(leaf)
            let header = #"{"alg":"\#(alg)","x5c":["\#(Data(serializer.serializedBytes).base64EncodedString())"]}"#
            let body = payload ?? #"{"nonce":"\#(nonce)","timestampMs":\#(Int64(F.now.timeIntervalSince1970 * 1000)),"ctsProfileMatch":true,"basicIntegrity":true}"#
            let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(body.utf8))
            let signature = try SignaturePrimitives.sign(
                Array(signingInput.utf8), algorithm: .es256, key: .p256(signingKey.publicKey, private: signingKey))
            let compact = signingInput + "." + Base64URL.encode(signature)
            return F.statement(["ver": .text("14366018"), "response": .bytes(Array(compact.utf8))])
        }

        func error(_ statement: CBORMap) async throws -> WebAuthnError.Code? {
            await attestationError(AndroidSafetyNetAttestation(), try F.input(statement, authenticatorData))?.code
        }
    }

    @Test("synthetic responses: each rule refuses on its own")
    func synthetic() async throws {
        let setup = try Synthetic()
        let valid = try await AndroidSafetyNetAttestation().verify(F.input(setup.statement(), setup.authenticatorData, anchors: [setup.root.certificate]))
        #expect(valid.type == .basic)
        #expect(valid.chainsToTrustAnchor)
        #expect(try await setup.error(setup.statement(hostname: "attest.example.com")) == .attestationCertificateInvalid)
        #expect(try await setup.error(setup.statement(alg: "HS256")) == .attestationAlgorithmRefused)
        let time = Int64(F.now.timeIntervalSince1970 * 1000)
        #expect(try await setup.error(setup.statement(payload: #"{"nonce":"\#(setup.nonce)","timestampMs":\#(time),"ctsProfileMatch":false}"#)) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(setup.statement(payload: #"{"nonce":"\#(setup.nonce)","timestampMs":\#(time)}"#)) == .attestationKeyPropertiesRefused)
        #expect(try await setup.error(setup.statement(payload: #"{"nonce":"AAAA","timestampMs":\#(time),"ctsProfileMatch":true}"#)) == .attestationNonceMismatch)
        #expect(try await setup.error(setup.statement(payload: #"{"nonce":"\#(setup.nonce)","ctsProfileMatch":true}"#)) == .attestationStatementMalformed)
        let lenient = AndroidSafetyNetAttestation(policy: .init(requiresCTSProfileMatch: false))
        let noCTS = try setup.statement(payload: #"{"nonce":"\#(setup.nonce)","timestampMs":\#(time),"ctsProfileMatch":false}"#)
        #expect(try await lenient.verify(F.input(noCTS, setup.authenticatorData)).type == .basic)
        let emptyVersion = try setup.statement().replacing("ver", with: .text(""))
        #expect(try await setup.error(emptyVersion) == .attestationStatementMalformed)
    }
}
