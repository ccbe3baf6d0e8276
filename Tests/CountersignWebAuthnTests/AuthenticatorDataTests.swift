import Crypto
import Testing
@testable import CountersignWebAuthn

@Suite struct AuthenticatorDataTests {
    let authenticator = TestAuthenticator()

    func code(_ bytes: [UInt8]) -> WebAuthnError.Code? {
        do {
            _ = try AuthenticatorData(bytes: bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("an assertion's authenticator data: rpIdHash, flags and counter")
    func assertionData() throws {
        let data = try AuthenticatorData(bytes: authenticator.authenticatorData(flags: 0x1D, signCount: 0x0102_0304))
        #expect(data.rpIDHash == Array(SHA256.hash(data: Array("example.com".utf8))))
        #expect(data.flags == [.userPresent, .userVerified, .backupEligible, .backedUp])
        #expect(data.signCount == 0x0102_0304)
        #expect(data.attestedCredentialData == nil)
        #expect(data.extensions == nil)
        #expect(data.raw.count == 37)
    }

    @Test("attested credential data: AAGUID, credential id and COSE key")
    func attestedCredential() throws {
        var authenticator = authenticator
        authenticator.aaguid = Array(1...16)
        let data = try AuthenticatorData(bytes: authenticator.authenticatorData(flags: 0x45, signCount: 7))
        let credential = try #require(data.attestedCredentialData)
        #expect(credential.aaguid == Array(1...16))
        #expect(credential.credentialID == authenticator.credentialID)
        #expect(credential.credentialPublicKey.encoded == authenticator.coseKey)
        #expect(credential.credentialPublicKey.algorithm == .es256)
    }

    @Test("extension outputs after the counter (ED flag) are decoded as a CBOR map")
    func extensions() throws {
        let outputs = CBORValue.map(CBORMap(entries: [.init(key: .text("credProtect"), value: .int(2))]))
        let data = try AuthenticatorData(bytes: authenticator.authenticatorData(flags: 0x85, signCount: 1, extensions: outputs))
        #expect(data.extensions?[text: "credProtect"] == .int(2))
    }

    @Test("an Android assertion with a devicePubKey extension output parses (SimpleWebAuthn vector)",
          .enabled(if: WebAuthnVectors.isAvailable))
    func androidExtensionVector() throws {
        let vector = try WebAuthnVectors.load("swa_auth_assertion_android_origin_ext.json")
        let response = try AuthenticationResponseJSON(vector.response)
        let data = try AuthenticatorData(bytes: response.authenticatorData)
        #expect(data.flags == [.userPresent, .userVerified, .extensionData])
        #expect(data.extensions?[text: "devicePubKey"]?.mapValue != nil)
    }

    @Test("truncated, inconsistent or trailing data is refused")
    func refusals() {
        let assertion = authenticator.authenticatorData(flags: 0x01, signCount: 1)
        #expect(code(Array(assertion.prefix(36))) == .malformedAuthenticatorData)
        #expect(code(assertion + [0]) == .malformedAuthenticatorData)
        // BS without BE.
        #expect(code(authenticator.authenticatorData(flags: 0x11, signCount: 1)) == .invalidFlags)
        // AT set but no attested credential data.
        var noCredential = assertion
        noCredential[32] = 0x41
        #expect(code(noCredential) == .malformedAuthenticatorData)
        // ED set but no extensions.
        #expect(code(authenticator.authenticatorData(flags: 0x81, signCount: 1)) == .malformedCBOR)
        // Attested credential data cut inside the COSE key.
        let registration = authenticator.authenticatorData(flags: 0x41, signCount: 1)
        #expect(code(Array(registration.dropLast(3))) == .malformedCBOR)
        // Extension outputs that are not a map.
        #expect(code(authenticator.authenticatorData(flags: 0x81, signCount: 1, extensions: .int(1))) == .malformedAuthenticatorData)
    }

    @Test("a credential id longer than 1023 bytes is refused")
    func longCredentialID() {
        var authenticator = authenticator
        authenticator.credentialID = Array(repeating: 1, count: 1024)
        #expect(code(authenticator.authenticatorData(flags: 0x41, signCount: 1)) == .malformedAuthenticatorData)
    }
}
