import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import CountersignWebAuthn

@Suite struct RegistrationTests {
    let authenticator = TestAuthenticator()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func register(
        _ response: RegistrationResponseJSON, userVerification: UserVerificationRequirement = .preferred, relyingParty: RelyingParty? = nil
    ) async throws -> RegisteredCredential {
        try await (relyingParty ?? exampleRelyingParty()).verifyRegistration(
            response: response, challenge: testChallenge, userVerification: userVerification, now: now)
    }

    func refusal(
        _ response: RegistrationResponseJSON, userVerification: UserVerificationRequirement = .preferred, relyingParty: RelyingParty? = nil
    ) async -> WebAuthnError.Code? {
        do {
            _ = try await register(response, userVerification: userVerification, relyingParty: relyingParty)
            return nil
        } catch let error as WebAuthnError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("a none registration verifies and records the credential")
    func noneRegistration() async throws {
        var authenticator = authenticator
        authenticator.aaguid = Array(repeating: 0xAB, count: 16)
        let extensions: JSONObject = [
            "credProps": .object(["rk": true]), "prf": .object(["enabled": true]), "largeBlob": .object(["supported": true]),
            "unrequestedExtension": .object(["anything": .array([1, "x"])]),
        ]
        let credential = try await register(try authenticator.registration(challenge: testChallenge, flags: 0x5D, signCount: 3, extensions: extensions))
        #expect(credential.id == authenticator.credentialID)
        #expect(credential.publicKey.encoded == authenticator.coseKey)
        #expect(credential.algorithm == .es256)
        #expect(credential.signCount == 3)
        #expect(credential.aaguid.uuidString == "ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB")
        #expect(credential.flags == CredentialFlags(userPresent: true, userVerified: true, backupEligible: true, backedUp: true))
        #expect(credential.backupEligible)
        #expect(credential.attestationFormat == "none")
        #expect(credential.attestation.type == .none)
        #expect(credential.attestation.trustPath.isEmpty)
        #expect(credential.transports == ["internal", "hybrid"])
        #expect(credential.authenticatorAttachment == "platform")
        #expect(credential.isDiscoverable == true)
        #expect(credential.prfEnabled == true)
        #expect(credential.largeBlobSupported == true)
    }

    @Test("an Ed25519 credential registers when EdDSA is allowed, and is refused when it is not")
    func algorithms() async throws {
        var authenticator = authenticator
        authenticator.key = .ed25519(Curve25519.Signing.PrivateKey())
        let response = try authenticator.registration(challenge: testChallenge)
        #expect(try await register(response).algorithm == .edDSA)
        var rp = try exampleRelyingParty()
        rp.allowedAlgorithms = [.es256]
        #expect(await refusal(response, relyingParty: rp) == .algorithmNotAllowed)
    }

    @Test("a format nobody registered is unsupported; a non-empty none statement is invalid")
    func formats() async throws {
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, format: "not_real_fmt")) == .unsupportedAttestationFormat)
        let statement = CBORMap(entries: [.init(key: .text("alg"), value: .int(-7))])
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, statement: statement)) == .attestationInvalid)
    }

    @Test("flags: UP required, UV when asked, AT required")
    func flags() async throws {
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, flags: 0x44)) == .userNotPresent)
        let presentOnly = try authenticator.registration(challenge: testChallenge, flags: 0x41)
        #expect(await refusal(presentOnly) == nil)
        #expect(await refusal(presentOnly, userVerification: .required) == .userNotVerified)
        let noCredential = authenticator.authenticatorData(flags: 0x05, signCount: 0)
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, authenticatorData: noCredential)) == .unexpectedAttestedCredentialData)
    }

    @Test("client data: a webauthn.get, another challenge or origin is refused")
    func clientData() async throws {
        let get = authenticator.clientDataJSON(type: "webauthn.get", challenge: testChallenge)
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, clientDataJSON: get)) == .clientDataTypeMismatch)
        #expect(await refusal(try authenticator.registration(challenge: Array(repeating: 1, count: 32))) == .challengeMismatch)
        let foreign = authenticator.clientDataJSON(type: "webauthn.create", challenge: testChallenge, origin: "https://evil.example")
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, clientDataJSON: foreign)) == .originNotAllowed)
    }

    @Test("the credential must be scoped to the RP ID; its id is the signed one, and id must equal rawId")
    func scopeAndID() async throws {
        var other = authenticator
        other.rpID = "evil.example"
        #expect(await refusal(try other.registration(challenge: testChallenge)) == .rpIDMismatch)
        #expect(await refusal(try authenticator.registration(challenge: testChallenge, id: [1, 2, 3], rawID: [1, 2, 4])) == .credentialIDMismatch)
        let unsignedCopy = try await register(try authenticator.registration(challenge: testChallenge, id: [1, 2, 3]))
        #expect(unsignedCopy.id == authenticator.credentialID)
    }

    @Test("the attestation object must be exactly {fmt, attStmt, authData}")
    func attestationObject() {
        let authData = CBORValue.bytes(authenticator.authenticatorData(flags: 0x45, signCount: 0))
        let cases: [[CBORMapEntry]] = [
            [.init(key: .text("fmt"), value: .text("none")), .init(key: .text("attStmt"), value: .map(CBORMap(entries: [])))],
            [.init(key: .text("fmt"), value: .int(1)), .init(key: .text("attStmt"), value: .map(CBORMap(entries: []))), .init(key: .text("authData"), value: authData)],
            [.init(key: .text("fmt"), value: .text("none")), .init(key: .text("attStmt"), value: .map(CBORMap(entries: []))),
             .init(key: .text("authData"), value: authData), .init(key: .text("epAtt"), value: .bool(true))],
        ]
        for entries in cases {
            #expect(throws: WebAuthnError.self) { try AttestationObject(bytes: CBOREncoder.encode(.map(CBORMap(entries: entries)))) }
        }
        #expect(throws: WebAuthnError.self) { try AttestationObject(bytes: CBOREncoder.encode(.array([]))) }
        #expect(throws: WebAuthnError.self) { try AttestationObject(bytes: []) }
    }

    @Test("the attestation policy can refuse none, or require a trust anchor")
    func policy() async throws {
        var rp = try exampleRelyingParty()
        rp.attestationPolicy = AttestationPolicy(acceptedTypes: [.basic, .attCA])
        #expect(await refusal(try authenticator.registration(challenge: testChallenge), relyingParty: rp) == .attestationNotAccepted)
        rp.attestationPolicy = AttestationPolicy(requireTrustAnchor: true)
        #expect(await refusal(try authenticator.registration(challenge: testChallenge), relyingParty: rp) == .attestationNotAccepted)
    }

    @Test("with a ceremony: only a registration ceremony that has not expired")
    func ceremony() async throws {
        let rp = try exampleRelyingParty()
        let response = try authenticator.registration(challenge: testChallenge)
        for (purpose, time, expected) in [
            (Ceremony.Purpose.registration, now, nil), (.registration, now + 300, WebAuthnError.Code.ceremonyExpired),
            (.authentication, now, .ceremonyMismatch), (.keyAttestation, now, .ceremonyMismatch),
        ] as [(Ceremony.Purpose, Date, WebAuthnError.Code?)] {
            let ceremony = try Ceremony(purpose: purpose, challenge: testChallenge, issuedAt: now, expiresAt: now + 300, userVerification: .preferred)
            do {
                _ = try await rp.verifyRegistration(response: response, ceremony: ceremony, now: time)
                #expect(expected == nil)
            } catch {
                #expect(error.code == expected)
            }
        }
    }

    @Test("none-format vectors verify and report what py_webauthn reported", .enabled(if: WebAuthnVectors.isAvailable))
    func noneVector() async throws {
        let vector = try WebAuthnVectors.load("pywa_reg_none_verifies_none_attestation_response.json")
        let credential = try await vector.relyingParty().verifyRegistration(
            response: try RegistrationResponseJSON(vector.response), challenge: vector.challenge, userVerification: .preferred, now: vector.now)
        #expect(Base64URL.encode(credential.id) == "9y1xA8Tmg1FEmT-c7_fvWZ_uoTuoih3OvR45_oAK-cwHWhAbXrl2q62iLVTjiyEZ7O7n-CROOY494k7Q3xrs_w")
        #expect(Base64URL.encode(credential.publicKey.encoded) == "pQECAyYgASFYIEhW1CRfuNlIN6XTPKw0RbvzeaIlRMrDwwep-uq_-3WQIlgg1FZwd_RZRsqS_qgKCDvcVh7ScoKNo3w5h5fv3ihUSww")
        #expect(credential.signCount == 23)
        #expect(credential.transports == ["nfc", "usb"])
    }
}
