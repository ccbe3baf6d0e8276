import CountersignJSON
import Testing
@testable import CountersignJOSE

/// RFC 8037 Appendix A.1-A.4: the Ed25519 key, its thumbprint and the compact JWS.
@Suite(.enabled(if: VectorFiles.isAvailable, VectorFiles.missingReason))
struct RFC8037Tests {
    let vector: JSONObject

    init() throws {
        vector = try VectorFiles.json("jose/rfc8037_appendixA_ed25519.json")
    }

    @Test("A.1-A.3: private and public JWK, thumbprint kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    func keyAndThumbprint() throws {
        let privateKey = try JWK(try vector.requiredObject("A.1_private_jwk"))
        let publicKey = try JWK(try vector.requiredObject("A.2_public_jwk"))
        #expect(privateKey.isPrivate)
        #expect(!publicKey.isPrivate)
        #expect(publicKey.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        #expect(privateKey.thumbprint == (try vector.requiredString("A.3_thumbprint_sha256_b64u")))
        // The private JWK round-trips to the same members.
        var written = privateKey.jsonObject(includePrivate: true)
        written["kid"] = nil
        #expect(written == (try vector.requiredObject("A.1_private_jwk")))
    }

    @Test("A.4: the compact JWS is reproduced exactly (Ed25519 is deterministic) and verifies")
    func compactSignature() throws {
        let privateKey = try JWK(try vector.requiredObject("A.1_private_jwk"))
        let input = Array(try vector.requiredString("A.4_signing_input").utf8)
        let signature = try SignaturePrimitives.sign(input, algorithm: .edDSA, key: privateKey.material)
        #expect(Base64URL.encode(signature) == (try vector.requiredString("A.4_signature_b64u")))
        let compact = try vector.requiredString("A.4_compact_jws")
        #expect(try vector.requiredString("A.4_protected_b64u") + "." + vector.requiredString("A.4_payload_b64u") + "."
            + Base64URL.encode(signature) == compact)

        let jws = try JWS(parsing: Array(compact.utf8))
        #expect(jws.serialization == .compact)
        #expect(String(decoding: jws.payload, as: UTF8.self) == (try vector.requiredString("A.4_payload_utf8")))
        #expect(try jws.compactSerialization() == compact)
        let verifier = JWSVerifier(keys: try JWKSet([privateKey.publicKey]), allowedAlgorithms: [.edDSA, .ed25519])
        let report = verifier.verify(jws, policy: .all)
        #expect(report.satisfied)
        #expect(report.outcomes[0].keyThumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")

        // The General JSON form of the same signature verifies too.
        let general = JCS.canonicalize(.object(try vector.requiredObject("general_json")))
        #expect(verifier.verify(try JWS(parsing: general), policy: .all).satisfied)
    }

    @Test("EdDSA must be allow-listed separately from Ed25519")
    func eddsaNeedsItsOwnAllowListEntry() throws {
        let publicKey = try JWK(try vector.requiredObject("A.2_public_jwk"))
        let jws = try JWS(parsing: Array(try vector.requiredString("A.4_compact_jws").utf8))
        let verifier = JWSVerifier(keys: try JWKSet([publicKey]), allowedAlgorithms: [.ed25519])
        #expect(verifier.verify(jws)[0].failure == .algorithmNotAllowed("EdDSA"))
    }
}
