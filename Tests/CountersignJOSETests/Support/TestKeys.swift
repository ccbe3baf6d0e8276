@testable import CountersignJOSE
import CountersignJSON

/// Small helpers to build keys, envelopes and verifiers in tests.
enum TestKeys {
    static func make(_ algorithm: JWSAlgorithm) throws -> JWK { try JWK.generate(for: algorithm) }

    /// A JWS over `payload` signed by each key with its default algorithm.
    static func envelope(_ payload: String, signedBy keys: [JWK], extraHeader: JSONObject = [:]) throws -> JWS {
        var jws = JWS(payload: Array(payload.utf8))
        for key in keys { try JWSSigner(key: key).sign(&jws, protectedHeader: extraHeader) }
        return jws
    }

    static func verifier(_ keys: [JWK], allowing algorithms: Set<JWSAlgorithm> = JWSAlgorithm.asymmetric) throws -> JWSVerifier {
        JWSVerifier(keys: try JWKSet(keys.map(\.publicKey)), allowedAlgorithms: algorithms)
    }

    /// A compact JWS with an arbitrary protected header and signature bytes.
    static func compact(header: String, payload: String = "hello", signature: [UInt8]) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "." + Base64URL.encode(signature)
    }

    /// Signs `header` (exact JSON text) over `payload` with `key` and returns the compact JWS.
    static func compact(header: String, payload: String = "hello", signedBy key: JWK, algorithm: JWSAlgorithm) throws -> String {
        let encodedHeader = Base64URL.encode(Array(header.utf8))
        let encodedPayload = Base64URL.encode(Array(payload.utf8))
        let input = Array((encodedHeader + "." + encodedPayload).utf8)
        let signature = try SignaturePrimitives.sign(input, algorithm: algorithm, key: key.material)
        return encodedHeader + "." + encodedPayload + "." + Base64URL.encode(signature)
    }
}
