import CountersignJSON
import Testing
@testable import CountersignJOSE

@Suite struct JWKTests {
    func refusal(_ object: JSONObject) -> JWKError? {
        do {
            _ = try JWK(object)
            return nil
        } catch {
            return error
        }
    }

    @Test("generated keys round-trip through their private and public JSON forms", arguments: [
        JWSAlgorithm.ed25519, .es256, .es384, .es512, .mlDSA65, .mlDSA87,
    ])
    func roundTrip(algorithm: JWSAlgorithm) throws {
        let key = try JWK.generate(for: algorithm)
        let reread = try JWK(key.jsonObject(includePrivate: true))
        #expect(reread.isPrivate)
        #expect(reread.thumbprint == key.thumbprint)
        let publicOnly = try JWK(key.publicKey.jsonObject())
        #expect(!publicOnly.isPrivate)
        #expect(publicOnly.thumbprint == key.thumbprint)
        #expect(key.publicKey.jsonObject()["d"] == nil && key.publicKey.jsonObject()["priv"] == nil)
        #expect(publicOnly.jsonObject()["kid"] == .string(key.thumbprint))
    }

    @Test("thumbprints ignore optional members and member order (RFC 7638 section 3)")
    func thumbprintMembers() throws {
        let key = try JWK.generate(for: .es256)
        var object = key.publicKey.jsonObject()
        object["kid"] = "some other kid"
        object["use"] = "sig"
        #expect(try JWK(object).thumbprint == key.thumbprint)
    }

    @Test("Ed25519: small-order and non-canonical public keys are refused")
    func ed25519Strictness() {
        func okp(_ hex: String) -> JSONObject {
            ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(Hex.decode(hex) ?? []))]
        }
        #expect(refusal(okp("0100000000000000000000000000000000000000000000000000000000000000")) == .smallOrderKey)
        #expect(refusal(okp("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")) == .smallOrderKey)
        #expect(refusal(okp("0000000000000000000000000000000000000000000000000000000000000080")) == .smallOrderKey)
        // y = p (not reduced) and y = 1 with the sign bit set: second spellings of valid points.
        #expect(refusal(okp("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) == .nonCanonicalEncoding)
        #expect(refusal(okp("0100000000000000000000000000000000000000000000000000000000000080")) == .nonCanonicalEncoding)
        #expect(refusal(okp("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")) == nil)
        #expect(refusal(["kty": "OKP", "crv": "Ed25519", "x": "AAAA"]) == .wrongLength(member: "x", expected: 32, actual: 3))
        #expect(refusal(["kty": "OKP", "crv": "X25519", "x": "AAAA"]) == .unsupportedCurve("X25519"))
    }

    @Test("EC: a point off the curve is refused")
    func ecPointOnCurve() throws {
        var object = try JWK.generate(for: .es256).publicKey.jsonObject()
        var y = try Base64URL.decode(try #require(object["y"]?.stringValue))
        y[31] ^= 1
        object["y"] = .string(Base64URL.encode(y))
        #expect(refusal(object) == .pointNotOnCurve)
    }

    @Test("a private part that does not match the public part is refused", arguments: [JWSAlgorithm.ed25519, .es256])
    func privateMismatch(algorithm: JWSAlgorithm) throws {
        var first = try JWK.generate(for: algorithm).jsonObject(includePrivate: true)
        first["d"] = try JWK.generate(for: algorithm).jsonObject(includePrivate: true)["d"]
        #expect(refusal(first) == .privateKeyMismatch)
    }

    @Test("RSA: moduli under 2048 bits, leading zeros, bad exponents and multi-prime keys are refused")
    func rsaRules() {
        let modulus1024 = [UInt8](repeating: 0xC3, count: 128)
        let modulus2048 = [UInt8](repeating: 0xC3, count: 256)
        #expect(refusal(["kty": "RSA", "n": .string(Base64URL.encode(modulus1024)), "e": "AQAB"]) == .rsaModulusTooSmall(bits: 1024))
        #expect(refusal(["kty": "RSA", "n": .string(Base64URL.encode([0] + modulus2048)), "e": "AQAB"]) == .rsaLeadingZero(member: "n"))
        #expect(refusal(["kty": "RSA", "n": .string(Base64URL.encode(modulus2048)), "e": "AQA"]) == .rsaInvalidExponent)
        #expect(refusal(["kty": "RSA", "n": .string(Base64URL.encode(modulus2048)), "e": "Ag"]) == .rsaInvalidExponent)
        #expect(refusal(["kty": "RSA", "n": .string(Base64URL.encode(modulus2048)), "e": "AQAB", "oth": .array([])])
            == .rsaMultiPrimeUnsupported)
    }

    @Test("use other than sig, unknown kty, alg that does not fit the key type are refused")
    func declaredMembers() throws {
        var object = try JWK.generate(for: .ed25519).publicKey.jsonObject()
        object["use"] = "enc"
        #expect(refusal(object) == .notForSignatures(use: "enc"))
        object["use"] = nil
        object["alg"] = "ES256"
        #expect(refusal(object) == .algorithmKeyMismatch("ES256"))
        object["alg"] = "none"
        #expect(refusal(object) == .unsupportedAlgorithm("none"))
        object["alg"] = nil
        object["key_ops"] = .array(["encrypt"])
        #expect(refusal(object) == .invalidKeyOperations("neither \"sign\" nor \"verify\" is allowed"))
        object["key_ops"] = .array(["verify", "verify"])
        #expect(refusal(object) == .invalidKeyOperations("\"verify\" is listed twice"))
        object["key_ops"] = .array(["verify"])
        #expect(refusal(object) == nil)
        #expect(refusal(["kty": "XYZ"]) == .unsupportedKeyType("XYZ"))
        #expect(refusal(["crv": "P-256"]) == .missingMember("kty"))
    }

    @Test("key sets refuse symmetric keys and too many keys; kid hints never cross key types")
    func keySets() throws {
        #expect(throws: JWKError.symmetricKeyInKeySet) {
            try JWKSet(json: Array(#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#.utf8))
        }
        let many = try (0...JWKSet.maxKeys).map { _ in try JWK.generate(for: .ed25519).publicKey }
        #expect(throws: JWKError.tooManyKeys(limit: JWKSet.maxKeys)) { try JWKSet(many) }
        let ed = try JWK.generate(for: .ed25519).publicKey
        let set = try JWKSet([ed])
        #expect(set.candidates(for: .ed25519, kid: ed.thumbprint).count == 1)
        #expect(set.candidates(for: .es256, kid: ed.thumbprint).isEmpty)
    }
}
