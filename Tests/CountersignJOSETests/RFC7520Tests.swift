import CountersignJSON
import Testing
@testable import CountersignJOSE

/// RFC 7520 section 4 (JWS examples), from the ietf-jose cookbook files in shared/vectors/jose.
@Suite(.enabled(if: VectorFiles.isAvailable, VectorFiles.missingReason))
struct RFC7520Tests {
    static let singleSignatureFiles = [
        "jws_4_1.rsa_v15_signature.json",
        "jws_4_2.rsa-pss_signature.json",
        "jws_4_3.ecdsa_signature.json",
        "jws_4_4.hmac-sha2_integrity_protection.json",
        "jws_4_5.signature_with_detached_content.json",
        "jws_4_6.protecting_specific_header_fields.json",
        "jws_4_7.protecting_content_only.json",
    ]

    static func load(_ name: String) throws -> JSONObject {
        try VectorFiles.json("jose/ietf-jose-cookbook/" + name)
    }

    /// A verifier for one cookbook key: public key sets for RSA and EC, an explicit secret for HMAC.
    static func verifier(for keyObject: JSONObject, algorithm: JWSAlgorithm) throws -> JWSVerifier {
        let key = try JWK(keyObject)
        if case .symmetric = key.material {
            let secret = try Base64URL.decode(try keyObject.requiredString("k"))
            return JWSVerifier(keys: try JWKSet([]), allowedAlgorithms: [algorithm], hmacSecret: secret)
        }
        return JWSVerifier(keys: try JWKSet([key.publicKey]), allowedAlgorithms: [algorithm])
    }

    @Test("4.1-4.7: every serialization verifies", arguments: singleSignatureFiles)
    func singleSignature(file: String) throws {
        let vector = try Self.load(file)
        let input = try vector.requiredObject("input")
        let algorithm = try #require(JWSAlgorithm(rawValue: try input.requiredString("alg")))
        let verifier = try Self.verifier(for: try input.requiredObject("key"), algorithm: algorithm)
        let payload = Array(try input.requiredString("payload").utf8)
        let detached: [UInt8]? = file.contains("detached") ? payload : nil
        let output = try vector.requiredObject("output")
        var checked = 0
        for form in ["compact", "json", "json_flat"] {
            guard let value = output[form] else { continue }
            let bytes: [UInt8] = value.stringValue.map { Array($0.utf8) } ?? JCS.canonicalize(value)
            let jws = try JWS(parsing: bytes, detachedPayload: detached)
            #expect(jws.payload == payload, "\(file) \(form): payload")
            let report = verifier.verify(jws, policy: .all)
            #expect(report.satisfied, "\(file) \(form): \(report.outcomes.map(\.failure))")
            checked += 1
        }
        #expect(checked >= 2)
    }

    @Test("4.1 and 4.4: deterministic signatures are reproduced byte for byte", arguments: [
        "jws_4_1.rsa_v15_signature.json", "jws_4_4.hmac-sha2_integrity_protection.json",
    ])
    func reproducible(file: String) throws {
        let vector = try Self.load(file)
        let input = try vector.requiredObject("input")
        let algorithm = try #require(JWSAlgorithm(rawValue: try input.requiredString("alg")))
        let key = try JWK(try input.requiredObject("key"))
        let signing = try vector.requiredObject("signing")
        let signingInput = Array(try signing.requiredString("sig-input").utf8)
        let signature = try SignaturePrimitives.sign(signingInput, algorithm: algorithm, key: key.material)
        #expect(Base64URL.encode(signature) == (try signing.requiredString("sig")))
    }

    @Test("4.8: RS256, ES512 and HS256 all verify; the shared kid resolves by key type and thumbprint")
    func multipleSignatures() throws {
        let vector = try Self.load("jws_4_8.multiple_signatures.json")
        let keyObjects = try #require(try vector.requiredObject("input")["key"]?.arrayValue)
        var publicKeys: [JWK] = []
        var secret: [UInt8] = []
        for case .object(let object) in keyObjects {
            let key = try JWK(object)
            if case .symmetric = key.material {
                secret = try Base64URL.decode(try object.requiredString("k"))
            } else {
                publicKeys.append(key.publicKey)
            }
        }
        // Both asymmetric keys declare kid "bilbo.baggins@hobbiton.example".
        #expect(Set(publicKeys.compactMap(\.declaredKid)).count == 1)
        let envelope = JCS.canonicalize(try #require(vector.requiredObject("output")["json"]))
        let jws = try JWS(parsing: envelope)
        let verifier = JWSVerifier(
            keys: try JWKSet(publicKeys), allowedAlgorithms: [.rs256, .es512, .hs256], hmacSecret: secret)
        let report = verifier.verify(jws, policy: .all)
        #expect(report.satisfied, "\(report.outcomes)")
        #expect(report.outcomes.map(\.algorithm) == ["RS256", "ES512", "HS256"])
        let rsa = try #require(publicKeys.first { $0.kind == .rsa })
        let ec = try #require(publicKeys.first { $0.kind == .ec(.p521) })
        #expect(report.outcomes[0].keyThumbprint == rsa.thumbprint)
        #expect(report.outcomes[1].keyThumbprint == ec.thumbprint)

        // Without the secret, the HMAC signature is reported, not silently skipped.
        let withoutSecret = JWSVerifier(keys: try JWKSet(publicKeys), allowedAlgorithms: [.rs256, .es512, .hs256])
        let partial = withoutSecret.verify(jws, policy: .all)
        #expect(!partial.satisfied)
        #expect(partial.outcomes[2].failure == .hmacSecretRequired)
        #expect(withoutSecret.verify(jws, policy: .quorum(2)).satisfied)
    }
}
