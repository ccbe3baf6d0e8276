import CountersignJSON
import Crypto
import Testing
@testable import CountersignWebAuthn

@Suite struct COSEKeyTests {
    func key(_ entries: [(Int, CBORValue)]) throws(WebAuthnError) -> COSEKey {
        try COSEKey(bytes: CBOREncoder.encode(.map(CBORMap(entries: entries.map { .init(key: .int($0.0), value: $0.1) }))))
    }

    func code(_ entries: [(Int, CBORValue)]) -> WebAuthnError.Code? {
        do {
            _ = try key(entries)
            return nil
        } catch {
            return error.code
        }
    }

    let p256 = P256.Signing.PrivateKey()
    var point: [UInt8] { Array(p256.publicKey.x963Representation.dropFirst()) }

    @Test("vector keys of every kind parse: EC2 P-256, OKP Ed25519, RSA 2048", arguments: [
        ("pQECAyYgASFYIIeDTe-gN8A-zQclHoRnGFWN8ehM1b7yAsa8I8KIvmplIlgg4nFGT5px8o6gpPZZhO01wdy9crDSA_Ngtkx0vGpvPHI", COSEAlgorithm.es256),
        ("pAEBAycgBiFYIMz6_SUFLiDid2Yhlq0YboyJ-CDrIrNpkPUGmJp4D3Dp", .edDSA),
        ("pAEDAzkBACBZAQDfV20epzvQP-HtcdDpX-cGzdOxy73WQEvsU7Dnr9UWJophEfpngouvgnRLXaEUn_d8HGkp_HIx8rrpkx4BVs6X_B6ZjhLlezjIdJbLbVeb92BaEsmNn1HW2N9Xj2QM8cH-yx28_vCjf82ahQ9gyAr552Bn96G22n8jqFRQKdVpO-f-bvpvaP3IQ9F5LCX7CUaxptgbog1SFO6FI6ob5SlVVB00lVXsaYg8cIDZxCkkENkGiFPgwEaZ7995SCbiyCpUJbMqToLMgojPkAhWeyktu7TlK6UBWdJMHc3FPAIs0lH_2_2hKS-mGI1uZAFVAfW1X-mzKL0czUm2P1UlUox7IUMBAAE", .rs256),
    ])
    func vectorKeys(encoded: String, algorithm: COSEAlgorithm) throws {
        let key = try COSEKey(bytes: try Base64URL.decode(encoded))
        #expect(key.algorithm == algorithm)
        #expect(key.encoded == (try Base64URL.decode(encoded)))
    }

    @Test("ES256 signatures are ASN.1 DER; raw r||s is refused")
    func es256DER() throws {
        let key = try key([(1, .int(2)), (3, .int(-7)), (-1, .int(1)), (-2, .bytes(Array(point[0..<32]))), (-3, .bytes(Array(point[32...])))])
        let message = Array("authenticator data || client data hash".utf8)
        let signature = try p256.signature(for: message)
        #expect(key.isValidSignature(Array(signature.derRepresentation), for: message))
        #expect(!key.isValidSignature(Array(signature.rawRepresentation), for: message))
        #expect(!key.isValidSignature(Array(signature.derRepresentation), for: message + [0]))
    }

    @Test("Ed25519 keys verify raw 64-byte signatures")
    func ed25519() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let key = try key([(1, .int(1)), (3, .int(-8)), (-1, .int(6)), (-2, .bytes(Array(privateKey.publicKey.rawRepresentation)))])
        let message = Array("message".utf8)
        #expect(key.isValidSignature(Array(try privateKey.signature(for: message)), for: message))
        #expect(!key.isValidSignature(Array(repeating: 0, count: 64), for: message))
    }

    @Test("ML-DSA-44 is refused as unsupported (swift-crypto lacks it)", .enabled(if: WebAuthnVectors.isAvailable))
    func mlDSA44() throws {
        let vector = try WebAuthnVectors.load("pywa_aut_assertion_verify_ml_dsa_44_response.json")
        #expect(throws: WebAuthnError.self) { try COSEKey(bytes: try Base64URL.decode(vector.credentialPublicKey ?? "")) }
        do { _ = try COSEKey(bytes: try Base64URL.decode(vector.credentialPublicKey ?? "")) } catch let error as WebAuthnError {
            #expect(error.code == .unsupportedAlgorithm)
        }
    }

    @Test("inconsistent or incomplete keys are refused")
    func refusals() {
        let x = CBORValue.bytes(Array(point[0..<32])), y = CBORValue.bytes(Array(point[32...]))
        // kty OKP with an EC algorithm.
        #expect(code([(1, .int(1)), (3, .int(-7)), (-1, .int(1)), (-2, x), (-3, y)]) == .invalidCOSEKey)
        // P-384 curve id with ES256.
        #expect(code([(1, .int(2)), (3, .int(-7)), (-1, .int(2)), (-2, x), (-3, y)]) == .invalidCOSEKey)
        // Compressed point (y as a boolean).
        #expect(code([(1, .int(2)), (3, .int(-7)), (-1, .int(1)), (-2, x), (-3, .bool(true))]) == .invalidCOSEKey)
        // Point not on the curve.
        #expect(code([(1, .int(2)), (3, .int(-7)), (-1, .int(1)), (-2, x), (-3, .bytes(Array(repeating: 1, count: 32)))]) == .invalidCOSEKey)
        // No alg; unknown alg.
        #expect(code([(1, .int(2)), (-1, .int(1)), (-2, x), (-3, y)]) == .invalidCOSEKey)
        #expect(code([(1, .int(2)), (3, .int(-999)), (-1, .int(1)), (-2, x), (-3, y)]) == .unsupportedAlgorithm)
        // Not a map.
        #expect(throws: WebAuthnError.self) { try COSEKey(bytes: CBOREncoder.encode(.array([]))) }
        // Trailing bytes after the key.
        #expect(throws: WebAuthnError.self) {
            try COSEKey(bytes: CBOREncoder.encode(.map(CBORMap(entries: [.init(key: .int(1), value: .int(2))]))) + [0])
        }
    }
}
