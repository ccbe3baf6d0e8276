import CountersignJSON
import Testing
@testable import CountersignWebAuthn

@Suite struct ClientDataTests {
    let authenticator = TestAuthenticator()

    func clientData(_ json: String) throws(WebAuthnError) -> CollectedClientData {
        try CollectedClientData(bytes: Array(json.utf8))
    }

    func refusal(_ json: String, type: ClientDataType = .get, relyingParty: RelyingParty? = nil) -> WebAuthnError.Code? {
        do {
            let rp = try relyingParty ?? exampleRelyingParty()
            try rp.verify(try clientData(json), type: type, challenge: testChallenge)
            return nil
        } catch let error as WebAuthnError {
            return error.code
        } catch {
            return nil
        }
    }

    var challenge: String { Base64URL.encode(testChallenge) }

    @Test("a browser's clientDataJSON parses, ignoring members WebAuthn does not define")
    func parses() throws {
        let data = try clientData(#"{"type":"webauthn.get","challenge":"\#(challenge)","origin":"https:\/\/example.com","crossOrigin":false,"other_keys_can_be_added_here":"x","androidPackageName":"a"}"#)
        #expect(data.type == .get)
        #expect(data.challenge == testChallenge)
        #expect(data.origin == "https://example.com")
        #expect(data.crossOrigin == false)
        #expect(data.topOrigin == nil)
        #expect(data.hash.count == 32)
        #expect(refusal(String(decoding: data.raw, as: UTF8.self)) == nil)
    }

    @Test("strict I-JSON: duplicate members, non-objects, missing members and oversized input are refused", arguments: [
        #"{"type":"webauthn.get","type":"webauthn.create","challenge":"AAAA","origin":"https://example.com"}"#,
        #"["webauthn.get"]"#,
        #"{"challenge":"AAAA","origin":"https://example.com"}"#,
        #"{"type":"webauthn.get","origin":"https://example.com"}"#,
        #"{"type":"webauthn.get","challenge":"AAAA"}"#,
        #"{"type":"webauthn.get","challenge":"AAAA","origin":"https://example.com","crossOrigin":"false"}"#,
        #"{"type":"webauthn.get","challenge":"AAAA","origin":"https://example.com","topOrigin":1}"#,
        #"{"type":"webauthn.get","challenge":"AAAA==","origin":"https://example.com"}"#,
        #"{"type":"webauthn.get","challenge":"AA+/","origin":"https://example.com"}"#,
        #"{"type":"webauthn.get","challenge":"AAAA","origin":"https://example.com","tokenBinding":{}}"#,
    ])
    func malformed(json: String) {
        #expect(throws: WebAuthnError.self) { try clientData(json) }
        do { _ = try clientData(json) } catch { #expect(error.code == .malformedClientData) }
    }

    @Test("clientDataJSON above 64 KiB is refused before parsing")
    func sizeLimit() {
        let padding = String(repeating: "a", count: 64 * 1024)
        let json = #"{"type":"webauthn.get","challenge":"AAAA","origin":"https://example.com","x":"\#(padding)"}"#
        #expect(throws: WebAuthnError(.malformedClientData, "clientDataJSON: JSON text is larger than the limit of 65536 bytes")) {
            try clientData(json)
        }
    }

    @Test("the type must be the ceremony's")
    func typeMismatch() {
        let json = #"{"type":"webauthn.create","challenge":"\#(challenge)","origin":"https://example.com"}"#
        #expect(refusal(json, type: .get) == .clientDataTypeMismatch)
        #expect(refusal(json, type: .create) == nil)
        #expect(refusal(#"{"type":"payment.get","challenge":"\#(challenge)","origin":"https://example.com"}"#) == .clientDataTypeMismatch)
    }

    @Test("the challenge is compared as bytes")
    func challengeMismatch() {
        var other = testChallenge
        other[31] ^= 1
        #expect(refusal(#"{"type":"webauthn.get","challenge":"\#(Base64URL.encode(other))","origin":"https://example.com"}"#) == .challengeMismatch)
        #expect(refusal(#"{"type":"webauthn.get","challenge":"\#(Base64URL.encode(testChallenge.dropLast()))","origin":"https://example.com"}"#) == .challengeMismatch)
    }

    @Test("origins outside the allow-list are refused, exactly as serialised", arguments: [
        "https://evil.example", "https://example.com:443", "https://EXAMPLE.com", "http://example.com",
        "https://example.com/", "https://sub.example.com", "null",
    ])
    func originNotAllowed(origin: String) {
        #expect(refusal(#"{"type":"webauthn.get","challenge":"\#(challenge)","origin":"\#(origin)"}"#) == .originNotAllowed)
    }

    @Test("several origins, an Android app and localhost can be allowed")
    func severalOrigins() throws {
        let rp = try RelyingParty(id: "example.com", name: "Example", origins: [
            "https://example.com", "https://app.example.com:8443", "HTTPS://Other.Example/",
            "android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q",
        ])
        for origin in ["https://app.example.com:8443", "https://other.example", "android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q"] {
            #expect(refusal(#"{"type":"webauthn.get","challenge":"\#(challenge)","origin":"\#(origin)"}"#, relyingParty: rp) == nil)
        }
        #expect(rp.relatedOrigins.map(\.serialized) == ["https://other.example"])
        #expect(JCS.string(rp.relatedOriginsDocument) == #"{"origins":["https://other.example"]}"#)
    }

    @Test("cross-origin iframes are refused unless allowed, and then only from allowed top origins")
    func crossOrigin() throws {
        let json = #"{"type":"webauthn.get","challenge":"\#(challenge)","origin":"https://example.com","crossOrigin":true,"topOrigin":"https://partner.example"}"#
        #expect(refusal(json) == .crossOriginNotAllowed)
        // A topOrigin means an iframe even if crossOrigin is missing.
        #expect(refusal(#"{"type":"webauthn.get","challenge":"\#(challenge)","origin":"https://example.com","topOrigin":"https://partner.example"}"#) == .crossOriginNotAllowed)
        var rp = try exampleRelyingParty()
        rp.allowCrossOrigin = true
        #expect(refusal(json, relyingParty: rp) == nil)
        #expect(try clientData(json).topOrigin == "https://partner.example")
        rp.allowedTopOrigins = [try WebAuthnOrigin("https://other.example")]
        #expect(refusal(json, relyingParty: rp) == .crossOriginNotAllowed)
        rp.allowedTopOrigins = [try WebAuthnOrigin("https://partner.example")]
        #expect(refusal(json, relyingParty: rp) == nil)
    }

    @Test("token binding: supported or a legacy string pass; present and unknown statuses are refused", arguments: [
        (#","tokenBinding":{"status":"supported"}"#, nil),
        (#","tokenBinding":"unused""#, nil),
        (#","tokenBinding":{"status":"present","id":"AAAA"}"#, WebAuthnError.Code.tokenBindingNotSupported),
        (#","tokenBinding":{"status":"not-supported"}"#, .tokenBindingNotSupported),
    ] as [(String, WebAuthnError.Code?)])
    func tokenBinding(member: String, expected: WebAuthnError.Code?) {
        #expect(refusal(#"{"type":"webauthn.get","challenge":"\#(challenge)","origin":"https://example.com"\#(member)}"#) == expected)
    }

    @Test("origin configuration is validated and normalised", arguments: [
        ("https://Example.COM:443/", "https://example.com"), ("http://localhost:8080", "http://localhost:8080"),
        ("http://localhost:80", "http://localhost"), ("https://a-b.example:8443", "https://a-b.example:8443"),
    ])
    func originNormalised(input: String, serialized: String) throws {
        #expect(try WebAuthnOrigin(input).serialized == serialized)
    }

    @Test("invalid origins are refused at configuration time", arguments: [
        "example.com", "http://example.com", "https://example.com/path", "https://user@example.com", "https://example.com:0",
        "https://example.com:080", "https://", "https://-a.example", "ftp://example.com", "android:apk-key-hash:short",
        "https://example.com?q",
    ])
    func originRefused(input: String) {
        #expect(throws: WebAuthnError.self) { try WebAuthnOrigin(input) }
    }

    @Test("an RP ID must be a lowercase domain and a relying party needs an origin")
    func relyingPartyConfiguration() {
        #expect(throws: WebAuthnError.self) { try RelyingParty(id: "Example.com", name: "x", origins: ["https://example.com"]) }
        #expect(throws: WebAuthnError.self) { try RelyingParty(id: "https://example.com", name: "x", origins: ["https://example.com"]) }
        #expect(throws: WebAuthnError.self) { try RelyingParty(id: "example.com", name: "x", origins: []) }
    }
}
