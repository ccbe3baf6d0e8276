import CountersignJSON
import Testing
@testable import CountersignJOSE

/// Each rule of JWS verification, with a test that fails if the rule is removed.
@Suite struct JWSVerificationTests {
    let alice: JWK
    let bob: JWK
    let carol: JWK

    init() throws {
        alice = try TestKeys.make(.ed25519)
        bob = try TestKeys.make(.es256)
        carol = try TestKeys.make(.ed25519)
    }

    func outcome(_ compact: String, keys: [JWK], allowing: Set<JWSAlgorithm> = JWSAlgorithm.asymmetric) throws -> SignatureOutcome {
        try TestKeys.verifier(keys, allowing: allowing).verify(try JWS(parsing: Array(compact.utf8)))[0]
    }

    @Test("every algorithm signs and verifies; a changed payload or signature byte fails", arguments: [
        JWSAlgorithm.ed25519, .es256, .es384, .es512, .mlDSA65, .mlDSA87,
    ])
    func roundTrip(algorithm: JWSAlgorithm) throws {
        let key = try TestKeys.make(algorithm)
        let jws = try TestKeys.envelope(#"{"amount":100}"#, signedBy: [key])
        let verifier = try TestKeys.verifier([key])
        #expect(verifier.verify(jws, policy: .all).satisfied)

        var general = try #require(JSONParser().parse(jws.generalSerialization()).objectValue)
        var payload = jws.payload
        payload[2] ^= 0x01
        general["payload"] = .string(Base64URL.encode(payload))
        #expect(verifier.verify(try JWS(parsing: JCS.canonicalize(.object(general))))[0].failure == .signatureInvalid)

        var signature = jws.signatures[0].signature
        signature[signature.count / 2] ^= 0x01
        let tampered = jws.signatures[0].encodedProtectedHeader! + "." + jws.encodedPayload + "." + Base64URL.encode(signature)
        #expect(verifier.verify(try JWS(parsing: Array(tampered.utf8)))[0].failure == .signatureInvalid)
    }

    @Test("alg none is never accepted, with or without a signature")
    func algNone() throws {
        #expect(try outcome(TestKeys.compact(header: #"{"alg":"none"}"#, signature: []), keys: [alice]).failure
            == .unsupportedAlgorithm("none"))
        #expect(try outcome(TestKeys.compact(header: #"{"alg":"none"}"#, signature: [1, 2, 3]), keys: [alice]).failure
            == .unsupportedAlgorithm("none"))
    }

    @Test("HS256 made with a public key as secret is refused without an explicit secret")
    func hmacConfusion() throws {
        let secret = try Base64URL.decode(try #require(alice.publicKey.jsonObject()["x"]?.stringValue))
        let forged = try TestKeys.compact(
            header: #"{"alg":"HS256","kid":"\#(alice.thumbprint)"}"#, signedBy: JWK(["kty": "oct", "k": .string(Base64URL.encode(secret))]),
            algorithm: .hs256)
        #expect(try outcome(forged, keys: [alice]).failure == .algorithmNotAllowed("HS256"))
        #expect(try outcome(forged, keys: [alice], allowing: [.ed25519, .hs256]).failure == .hmacSecretRequired)
    }

    @Test("an alg that does not fit the key named by kid is refused")
    func keyTypeMismatch() throws {
        let forged = try TestKeys.compact(header: #"{"alg":"ES256","kid":"\#(alice.thumbprint)"}"#, signedBy: bob, algorithm: .es256)
        #expect(try outcome(forged, keys: [alice, bob]).failure == .keyAlgorithmMismatch)
    }

    @Test("a kid naming another key does not let a signature verify with the signer's key")
    func kidNamesAnotherKey() throws {
        let jws = try TestKeys.compact(header: #"{"alg":"Ed25519","kid":"\#(carol.thumbprint)"}"#, signedBy: alice, algorithm: .ed25519)
        #expect(try outcome(jws, keys: [alice, carol]).failure == .signatureInvalid)
    }

    @Test("an embedded jwk header is never trusted")
    func embeddedJWK() throws {
        let mallory = try TestKeys.make(.ed25519)
        let header = JCS.string(.object(["alg": "Ed25519", "jwk": .object(mallory.publicKey.jsonObject())]))
        let jws = try TestKeys.compact(header: header, signedBy: mallory, algorithm: .ed25519)
        #expect(try outcome(jws, keys: [alice]).failure == .signatureInvalid)
        #expect(try outcome(jws, keys: [bob]).failure == .keyNotFound)
    }

    @Test("crit: unknown names, unprotected crit, registered names and malformed lists are refused")
    func critical() throws {
        let unknown = try TestKeys.compact(header: #"{"alg":"Ed25519","crit":["exp"],"exp":1}"#, signedBy: alice, algorithm: .ed25519)
        #expect(try outcome(unknown, keys: [alice]).failure == .unknownCriticalHeader("exp"))
        let understood = JWSVerifier(keys: try JWKSet([alice.publicKey]), allowedAlgorithms: [.ed25519], understoodCriticalParameters: ["exp"])
        #expect(understood.verify(try JWS(parsing: Array(unknown.utf8)))[0].verified)
        for header in [#"{"alg":"Ed25519","crit":["alg"]}"#, #"{"alg":"Ed25519","crit":[]}"#, #"{"alg":"Ed25519","crit":"exp","exp":1}"#,
                       #"{"alg":"Ed25519","crit":["exp"]}"#, #"{"alg":"Ed25519","crit":["exp","exp"],"exp":1}"#] {
            let jws = try TestKeys.compact(header: header, signedBy: alice, algorithm: .ed25519)
            #expect(try outcome(jws, keys: [alice]).failure?.code == "invalid_crit", "\(header)")
        }
        var jws = JWS(payload: Array("x".utf8))
        try JWSSigner(key: alice).sign(&jws, unprotectedHeader: ["crit": .array(["exp"]), "exp": 1])
        #expect(try TestKeys.verifier([alice]).verify(jws)[0].failure == .invalidCritical("\"crit\" must be in the protected header"))
    }

    @Test("b64:false (RFC 7797) is refused explicitly")
    func unencodedPayload() throws {
        let jws = try TestKeys.compact(header: #"{"alg":"Ed25519","b64":false,"crit":["b64"]}"#, signedBy: alice, algorithm: .ed25519)
        #expect(try outcome(jws, keys: [alice]).failure == .unencodedPayloadUnsupported)
    }

    @Test("protected and unprotected headers must be disjoint")
    func disjointHeaders() throws {
        var jws = JWS(payload: Array("x".utf8))
        try JWSSigner(key: alice).sign(&jws)
        var general = try #require(JSONParser().parse(jws.generalSerialization()).objectValue)
        var entry = try #require(general["signatures"]?.arrayValue?.first?.objectValue)
        entry["header"] = .object(["kid": "other"])
        general["signatures"] = .array([.object(entry)])
        let parsed = try JWS(parsing: JCS.canonicalize(.object(general)))
        #expect(try TestKeys.verifier([alice]).verify(parsed)[0].failure == .headerNotDisjoint("kid"))
    }

    @Test("duplicate member names are refused in headers and envelopes")
    func duplicateNames() throws {
        let header = try TestKeys.compact(header: #"{"alg":"Ed25519","alg":"ES256"}"#, signedBy: alice, algorithm: .ed25519)
        #expect(try outcome(header, keys: [alice]).failure?.code == "malformed_header")
        let jws = try TestKeys.envelope("x", signedBy: [alice])
        let text = String(decoding: jws.generalSerialization(), as: UTF8.self)
        let duplicated = text.replacingOccurrences(of: #"{"payload":"#, with: #"{"payload":"eA","payload":"#)
        #expect(throws: JWSError.notJSON(JSONError(.duplicateName("payload"), at: 16))) { try JWS(parsing: Array(duplicated.utf8)) }
    }

    @Test("envelope structure is strict: unknown members, mixed forms, empty signature lists")
    func envelopeStructure() {
        func parse(_ text: String) -> JWSError? {
            do { _ = try JWS(parsing: Array(text.utf8)); return nil } catch { return error }
        }
        #expect(parse(#"{"payload":"eA","signatures":[{"protected":"e30","signature":"AA"}],"extra":1}"#) == .unexpectedMember("extra"))
        #expect(parse(#"{"payload":"eA","signatures":[{"protected":"e30","signature":"AA"}],"signature":"AA"}"#) == .unexpectedMember("signature"))
        #expect(parse(#"{"payload":"eA","signatures":[]}"#) == .noSignatures)
        #expect(parse(#"{"payload":"eA=","signatures":[{"protected":"e30","signature":"AA"}]}"#) == .invalidPayloadEncoding)
        #expect(parse(#"{"payload":"eA","signatures":[{"signature":"AA"}]}"#)?.code == "jws_malformed")
        #expect(parse("a.b") == .malformedCompact)
        #expect(parse("a.b.c.d") == .malformedCompact)
    }

    @Test("size limits: envelope bytes, signature count and header size")
    func sizeLimits() throws {
        var limits = JWS.Limits()
        limits.maxBytes = 1000
        let big = try TestKeys.envelope(String(repeating: "x", count: 2000), signedBy: [alice])
        #expect(throws: JWSError.tooLarge(limit: 1000)) { try JWS(parsing: big.generalSerialization(), limits: limits) }
        let many = try TestKeys.envelope("x", signedBy: Array(repeating: alice, count: JWS.Limits.standard.maxSignatures + 1))
        #expect(throws: JWSError.tooManySignatures(limit: JWS.Limits.standard.maxSignatures)) { try JWS(parsing: many.generalSerialization()) }
        let padding = String(repeating: "a", count: 20_000)
        let jws = try TestKeys.compact(header: #"{"alg":"Ed25519","pad":"\#(padding)"}"#, signedBy: alice, algorithm: .ed25519)
        #expect(try outcome(jws, keys: [alice]).failure?.code == "malformed_header")
    }

    @Test("one bad signature is an outcome, not an error: the others still verify")
    func perSignatureOutcomes() throws {
        var jws = try TestKeys.envelope("payload", signedBy: [alice, bob, carol])
        let good = jws.signatures
        var broken = good[1].signature
        broken[0] ^= 0xFF
        jws = JWS(payload: jws.payload)
        jws.append(good[0])
        jws.append(JWS.Signature(encodedProtectedHeader: good[1].encodedProtectedHeader, protectedHeader: good[1].protectedHeader,
                                 unprotectedHeader: nil, signature: broken, encodedSignature: Base64URL.encode(broken), problem: nil))
        jws.append(good[2])
        let outcomes = try TestKeys.verifier([alice, bob, carol]).verify(jws)
        #expect(outcomes.map(\.verified) == [true, false, true])
        #expect(outcomes[1].failure == .signatureInvalid)
        #expect(outcomes.map(\.index) == [0, 1, 2])
    }

    @Test("appending refuses an envelope over a different payload")
    func appendMismatch() throws {
        var first = try TestKeys.envelope("one", signedBy: [alice])
        let second = try TestKeys.envelope("two", signedBy: [bob])
        #expect(throws: JWSError.payloadMismatch) { try first.append(contentsOf: second) }
        try first.append(contentsOf: try TestKeys.envelope("one", signedBy: [bob]))
        #expect(try TestKeys.verifier([alice, bob]).verify(first, policy: .all).satisfied)
    }

    @Test("flattened and compact serializations round-trip")
    func serializations() throws {
        let jws = try TestKeys.envelope("content", signedBy: [alice])
        let verifier = try TestKeys.verifier([alice])
        let flattened = try JWS(parsing: try jws.flattenedSerialization())
        #expect(flattened.serialization == .flattened)
        #expect(verifier.verify(flattened, policy: .all).satisfied)
        let compact = try JWS(parsing: Array(try jws.compactSerialization().utf8))
        #expect(compact.serialization == .compact)
        #expect(verifier.verify(compact, policy: .all).satisfied)
        let two = try TestKeys.envelope("content", signedBy: [alice, carol])
        #expect(throws: JWSError.notSingleSignature) { try two.compactSerialization() }
    }

    /// Found by FuzzJWS: a flattened JWS whose signature string held a "." re-serialised to a
    /// compact JWS of four parts.
    @Test("a header or signature that is not base64url text is never written compactly")
    func compactRefusesNonBase64URLParts() throws {
        let jws = try TestKeys.envelope("content", signedBy: [alice])
        var object = try #require(try JSONParser().parse(try jws.flattenedSerialization()).objectValue)
        let signature = try #require(object["signature"]?.stringValue)
        object["signature"] = .string(signature.prefix(10) + "." + signature.dropFirst(10))
        let dotted = try JWS(parsing: JCS.canonicalize(.object(object)))
        #expect(throws: JWSError.notCompactText(part: "signature")) { try dotted.compactSerialization() }
        object["signature"] = .string(signature)
        let protected = try #require(object["protected"]?.stringValue)
        object["protected"] = .string(protected + "=")
        let padded = try JWS(parsing: JCS.canonicalize(.object(object)))
        #expect(throws: JWSError.notCompactText(part: "protected header")) { try padded.compactSerialization() }
    }
}
