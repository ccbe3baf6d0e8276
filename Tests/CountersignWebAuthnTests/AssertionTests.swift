import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import CountersignWebAuthn

@Suite struct AssertionTests {
    let authenticator = TestAuthenticator()

    func verify(
        _ response: AuthenticationResponseJSON, record: CredentialRecord? = nil, userVerification: UserVerificationRequirement = .preferred,
        relyingParty: RelyingParty? = nil
    ) throws -> VerifiedAssertion {
        try (relyingParty ?? exampleRelyingParty()).verifyAssertion(
            response: response, challenge: testChallenge, credential: record ?? authenticator.record(), userVerification: userVerification)
    }

    func refusal(
        _ response: AuthenticationResponseJSON, record: CredentialRecord? = nil, userVerification: UserVerificationRequirement = .preferred,
        relyingParty: RelyingParty? = nil
    ) -> WebAuthnError.Code? {
        do {
            _ = try verify(response, record: record, userVerification: userVerification, relyingParty: relyingParty)
            return nil
        } catch let error as WebAuthnError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("an ES256 assertion verifies and reports the new counter and flags")
    func verifies() throws {
        let result = try verify(try authenticator.assertion(challenge: testChallenge, flags: 0x05, signCount: 9), record: authenticator.record(signCount: 8))
        #expect(result.signCount == 9)
        #expect(result.flags == CredentialFlags(userPresent: true, userVerified: true, backupEligible: false, backedUp: false))
        #expect(result.credentialID == authenticator.credentialID)
        #expect(result.usedLegacyAppID == false)
        #expect(result.clientData.origin == "https://example.com")
    }

    @Test("an Ed25519 assertion verifies")
    func ed25519() throws {
        var authenticator = authenticator
        authenticator.key = .ed25519(Curve25519.Signing.PrivateKey())
        let result = try verify(try authenticator.assertion(challenge: testChallenge), record: authenticator.record())
        #expect(result.signCount == 1)
    }

    @Test("a signature by another key, or over other data, is refused")
    func badSignature() throws {
        let other = TestAuthenticator()
        #expect(refusal(try other.assertion(challenge: testChallenge)) == .invalidSignature)
        let response = try authenticator.assertion(challenge: testChallenge)
        var json = try #require(tamper(response, member: "signature") { bytes in bytes[bytes.count - 1] ^= 1 })
        #expect(refusal(json) == .invalidSignature)
        json = try #require(tamper(response, member: "authenticatorData") { bytes in bytes[36] ^= 1 })
        #expect(refusal(json) == .invalidSignature)
    }

    @Test("counters: both zero pass; otherwise the new one must be greater", arguments: [
        (UInt32(0), UInt32(0), nil), (0, 1, nil), (5, 6, nil), (5, 5, WebAuthnError.Code.signCountNotIncreased),
        (5, 4, .signCountNotIncreased), (5, 0, .signCountNotIncreased), (UInt32.max - 1, UInt32.max, nil),
    ] as [(UInt32, UInt32, WebAuthnError.Code?)])
    func counters(stored: UInt32, received: UInt32, expected: WebAuthnError.Code?) throws {
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, signCount: received), record: try authenticator.record(signCount: stored)) == expected)
    }

    @Test("BE must stay as registered; BS may change")
    func backupFlags() throws {
        let synced = try authenticator.assertion(challenge: testChallenge, flags: 0x1D)
        #expect(refusal(synced, record: try authenticator.record(backupEligible: true)) == nil)
        let notBackedUp = try authenticator.assertion(challenge: testChallenge, flags: 0x0D)
        #expect(refusal(notBackedUp, record: try authenticator.record(backupEligible: true)) == nil)
        #expect(refusal(synced, record: try authenticator.record(backupEligible: false)) == .backupEligibilityChanged)
        let deviceBound = try authenticator.assertion(challenge: testChallenge, flags: 0x05)
        #expect(refusal(deviceBound, record: try authenticator.record(backupEligible: true)) == .backupEligibilityChanged)
    }

    @Test("UP is always required; UV only when asked")
    func userFlags() throws {
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, flags: 0x04)) == .userNotPresent)
        let presentOnly = try authenticator.assertion(challenge: testChallenge, flags: 0x01)
        #expect(refusal(presentOnly) == nil)
        #expect(refusal(presentOnly, userVerification: .required) == .userNotVerified)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, flags: 0x05), userVerification: .required) == nil)
    }

    @Test("attested credential data in an assertion is refused")
    func attestedData() throws {
        let data = authenticator.authenticatorData(flags: 0x45, signCount: 1)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, authenticatorData: data)) == .unexpectedAttestedCredentialData)
    }

    @Test("userHandle: empty or null means absent; a present one must be the owner's")
    func userHandle() throws {
        let owner: [UInt8] = [1, 2, 3]
        let record = try authenticator.record(userHandle: owner)
        #expect(try verify(try authenticator.assertion(challenge: testChallenge, userHandle: ""), record: record).userHandle == nil)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, userHandle: .null), record: record) == nil)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, userHandle: .string(Base64URL.encode(owner))), record: record) == nil)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, userHandle: "BAUG"), record: record) == .userHandleMismatch)
    }

    @Test("client data is checked: type, challenge, origin")
    func clientData() throws {
        let create = authenticator.clientDataJSON(type: "webauthn.create", challenge: testChallenge)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, clientDataJSON: create)) == .clientDataTypeMismatch)
        #expect(refusal(try authenticator.assertion(challenge: Array(repeating: 7, count: 32))) == .challengeMismatch)
        let foreign = authenticator.clientDataJSON(type: "webauthn.get", challenge: testChallenge, origin: "https://evil.example")
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, clientDataJSON: foreign)) == .originNotAllowed)
    }

    @Test("the credential id must be the stored one, and id must equal rawId")
    func credentialID() throws {
        var other = authenticator
        other.credentialID = [9, 9, 9]
        #expect(refusal(try authenticator.assertion(challenge: testChallenge), record: try other.record()) == .credentialIDMismatch)
        let response = try authenticator.assertion(challenge: testChallenge)
        guard case .object(var top) = try json(response) else { return }
        top["id"] = "AAAA"
        #expect(refusal(try AuthenticationResponseJSON(.object(top))) == .credentialIDMismatch)
    }

    @Test("an assertion scoped to another RP ID is refused; the legacy AppID only when configured and claimed")
    func appID() throws {
        let appID = "https://example.com/u2f-app-id.json"
        let data = authenticator.authenticatorData(flags: 0x01, signCount: 1, rpID: appID)
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, authenticatorData: data)) == .rpIDMismatch)
        var rp = try exampleRelyingParty()
        rp.legacyAppID = appID
        #expect(refusal(try authenticator.assertion(challenge: testChallenge, authenticatorData: data), relyingParty: rp) == .rpIDMismatch)
        let claimed = try authenticator.assertion(challenge: testChallenge, authenticatorData: data, extensions: ["appid": true])
        let result = try verify(claimed, relyingParty: rp)
        #expect(result.usedLegacyAppID)
        // appid: true with the RP ID's hash (webauthn-rs vector): the RP ID scope is used.
        #expect(try verify(try authenticator.assertion(challenge: testChallenge, extensions: ["appid": true]), relyingParty: rp).usedLegacyAppID == false)
    }

    @Test("PRF results are passed through")
    func prfResults() throws {
        let first = Array(repeating: UInt8(0xAB), count: 32)
        let extensions: JSONObject = ["prf": .object(["results": .object(["first": .string(Base64URL.encode(first))])])]
        let result = try verify(try authenticator.assertion(challenge: testChallenge, extensions: extensions))
        #expect(result.extensions.prfResults?.first == first)
        #expect(result.extensions.prfResults?.second == nil)
    }

    @Test("with a ceremony: purpose, expiry, allowed credentials and expected user are enforced")
    func ceremony() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let rp = try exampleRelyingParty()
        let response = try authenticator.assertion(challenge: testChallenge, signCount: 2)
        func make(_ purpose: Ceremony.Purpose, allowed: [[UInt8]] = [], user: [UInt8]? = nil) throws -> Ceremony {
            try Ceremony(purpose: purpose, challenge: testChallenge, issuedAt: now, expiresAt: now + 60, userVerification: .preferred, userHandle: user, allowedCredentialIDs: allowed)
        }
        func code(_ ceremony: Ceremony, at time: Date = now, record: CredentialRecord? = nil) throws -> WebAuthnError.Code? {
            let credential = try record ?? authenticator.record()
            do {
                _ = try rp.verifyAssertion(response: response, ceremony: ceremony, credential: credential, now: time)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(try code(make(.authentication)) == nil)
        #expect(try code(make(.keyAttestation)) == nil)
        #expect(try code(make(.registration)) == .ceremonyMismatch)
        #expect(try code(make(.authentication), at: now + 60) == .ceremonyExpired)
        #expect(try code(make(.authentication, allowed: [[1, 2]])) == .credentialIDMismatch)
        #expect(try code(make(.authentication, allowed: [[1, 2], authenticator.credentialID])) == nil)
        #expect(try code(make(.authentication, user: [5]), record: authenticator.record(userHandle: [6])) == .userHandleMismatch)
    }

    @Test("padded base64url and standard base64 members are accepted; mixed alphabets and misplaced padding are refused")
    func base64Spellings() throws {
        #expect(try ResponseBase64URL.decode("AQID", member: "m") == [1, 2, 3])
        #expect(try ResponseBase64URL.decode("AQ==", member: "m") == [1])
        #expect(try ResponseBase64URL.decode("AQI=", member: "m") == [1, 2])
        #expect(try ResponseBase64URL.decode("+/8=", member: "m") == [0xFB, 0xFF])
        for text in ["AQ=", "A===", "AQID==", "-/8=", "AQ==AQ==", "AR==", "AQ\n"] {
            #expect(throws: WebAuthnError.self, "\(text)") { try ResponseBase64URL.decode(text, member: "m") }
        }
    }

    @Test("response JSON must have the W3C shape", arguments: [
        #"{"id":"AA","rawId":"AA","type":"public-key"}"#,
        #"{"id":"AA","rawId":"AA","type":"other","response":{"clientDataJSON":"","authenticatorData":"","signature":""}}"#,
        #"{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"","authenticatorData":"","signature":1}}"#,
        #"{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"","authenticatorData":"","signature":""},"clientExtensionResults":[]}"#,
        #"{"id":"AA","rawId":"AA","type":"public-key","response":{"clientDataJSON":"","authenticatorData":"","signature":""},"clientExtensionResults":{"appid":"yes"}}"#,
        #"[]"#,
    ])
    func malformedResponse(json: String) {
        #expect(throws: WebAuthnError.self) { try AuthenticationResponseJSON(json: Array(json.utf8)) }
    }

    // The response's JSON, for tampering.
    func json(_ response: AuthenticationResponseJSON) throws -> JSONValue {
        .object([
            "id": .string(Base64URL.encode(response.id)), "rawId": .string(Base64URL.encode(response.rawID)), "type": "public-key",
            "response": .object([
                "clientDataJSON": .string(Base64URL.encode(response.clientDataJSON)),
                "authenticatorData": .string(Base64URL.encode(response.authenticatorData)),
                "signature": .string(Base64URL.encode(response.signature)),
            ]),
        ])
    }

    func tamper(_ response: AuthenticationResponseJSON, member: String, _ change: (inout [UInt8]) -> Void) throws -> AuthenticationResponseJSON? {
        guard case .object(var top) = try json(response), case .object(var inner)? = top["response"],
              let text = inner[member]?.stringValue else { return nil }
        var bytes = try Base64URL.decode(text)
        change(&bytes)
        inner[member] = .string(Base64URL.encode(bytes))
        top["response"] = .object(inner)
        return try AuthenticationResponseJSON(.object(top))
    }
}
