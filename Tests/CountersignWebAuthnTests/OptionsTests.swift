import CountersignJSON
import Foundation
import Testing
@testable import CountersignWebAuthn

/// A deterministic generator, so that generated challenges are testable.
struct CountingGenerator: RandomNumberGenerator {
    var state: UInt64 = 0
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct OptionsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("creation options are PublicKeyCredentialCreationOptionsJSON")
    func creation() throws {
        let rp = try exampleRelyingParty()
        let ceremony = try Ceremony(
            purpose: .registration, challenge: testChallenge, issuedAt: now, expiresAt: now + 300, userVerification: .required, userHandle: [1, 2, 3])
        let user = try PublicKeyCredentialUserEntity(id: [1, 2, 3], name: "ada@example.com", displayName: "Ada")
        let options = rp.creationOptions(for: ceremony, user: user, excludeCredentials: [PublicKeyCredentialDescriptor(id: [9, 9], transports: ["internal"])])
        let expected = """
            {"attestation":"none","authenticatorSelection":{"requireResidentKey":true,"residentKey":"required","userVerification":"required"},\
            "challenge":"\(Base64URL.encode(testChallenge))","excludeCredentials":[{"id":"CQk","transports":["internal"],"type":"public-key"}],\
            "extensions":{"credProps":true,"prf":{}},"pubKeyCredParams":[{"alg":-8,"type":"public-key"},{"alg":-7,"type":"public-key"},\
            {"alg":-257,"type":"public-key"}],"rp":{"id":"example.com","name":"Example"},"timeout":300000,\
            "user":{"displayName":"Ada","id":"AQID","name":"ada@example.com"}}
            """
        #expect(String(decoding: options.jsonBytes, as: UTF8.self) == expected)
    }

    @Test("request options are PublicKeyCredentialRequestOptionsJSON; empty allowCredentials for discoverable login")
    func request() throws {
        let rp = try exampleRelyingParty()
        let discoverable = try Ceremony(purpose: .authentication, challenge: testChallenge, issuedAt: now, expiresAt: now + 120)
        #expect(String(decoding: rp.requestOptions(for: discoverable).jsonBytes, as: UTF8.self) == """
            {"allowCredentials":[],"challenge":"\(Base64URL.encode(testChallenge))","rpId":"example.com","timeout":120000,"userVerification":"required"}
            """)
        let stepUp = try Ceremony(
            purpose: .keyAttestation, challenge: testChallenge, issuedAt: now, expiresAt: now + 60, allowedCredentialIDs: [[7, 7]])
        let options = rp.requestOptions(for: stepUp, transports: [[7, 7]: ["hybrid"]], prfSalt: [1, 1, 1])
        #expect(String(decoding: options.jsonBytes, as: UTF8.self) == """
            {"allowCredentials":[{"id":"Bwc","transports":["hybrid"],"type":"public-key"}],"challenge":"\(Base64URL.encode(testChallenge))",\
            "extensions":{"prf":{"eval":{"first":"AQEB"}}},"rpId":"example.com","timeout":60000,"userVerification":"required"}
            """)
    }

    @Test("generated challenges have 32 bytes from the caller's generator")
    func generated() {
        var first = CountingGenerator(), second = CountingGenerator()
        let a = Ceremony.generate(purpose: .registration, now: now, using: &first)
        let b = Ceremony.generate(purpose: .registration, now: now, using: &second)
        let c = Ceremony.generate(purpose: .registration, now: now, using: &first)
        #expect(a.challenge.count == 32)
        #expect(a.challenge == b.challenge)
        #expect(a.challenge != c.challenge)
        #expect(Ceremony.generate(purpose: .authentication, now: now).challenge != Ceremony.generate(purpose: .authentication, now: now).challenge)
        #expect(a.expiresAt == now + 300)
    }

    @Test("a ceremony expires at expiresAt, round-trips through Codable, and refuses short challenges")
    func ceremonyValue() throws {
        let ceremony = try Ceremony(
            purpose: .keyAttestation, challenge: testChallenge, issuedAt: now, expiresAt: now + 60, userVerification: .preferred,
            userHandle: [1], memberID: "mem_abc", allowedCredentialIDs: [[2, 3]])
        #expect(!ceremony.isExpired(now: now + 59))
        #expect(ceremony.isExpired(now: now + 60))
        let encoded = try JSONEncoder().encode(ceremony)
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""challenge":"\#(Base64URL.encode(testChallenge))""#))
        #expect(try JSONDecoder().decode(Ceremony.self, from: encoded) == ceremony)
        #expect(throws: WebAuthnError.self) { try Ceremony(purpose: .authentication, challenge: Array(repeating: 0, count: 15), issuedAt: now, expiresAt: now + 1) }
        #expect(throws: WebAuthnError.self) { try Ceremony(purpose: .authentication, challenge: testChallenge, issuedAt: now, expiresAt: now) }
        let short = Data(#"{"purpose":"authentication","challenge":"AAAA","issuedAt":0,"expiresAt":1,"userVerification":"required"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Ceremony.self, from: short) }
    }

    @Test("user handles have 1 to 64 bytes")
    func userEntity() {
        #expect(throws: WebAuthnError.self) { try PublicKeyCredentialUserEntity(id: [], name: "a", displayName: "a") }
        #expect(throws: WebAuthnError.self) { try PublicKeyCredentialUserEntity(id: Array(repeating: 0, count: 65), name: "a", displayName: "a") }
    }
}
