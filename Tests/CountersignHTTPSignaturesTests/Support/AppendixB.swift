import CountersignHTTPSignatures
import CountersignJOSE
import Foundation

/// The shape of shared/vectors/rfc9421/appendix_b.json.
struct AppendixB: Decodable, Sendable {
    struct Key: Decodable, Sendable {
        let jwk: [String: String]?
        let base64: String?
    }

    struct Variant: Decodable, Sendable {
        let message: String
        let signatureStillValid: Bool
    }

    struct TestCase: Decodable, Sendable {
        let section: String
        let label: String
        let alg: String
        let keyid: String
        let message: String
        let signatureBase: String
        let signatureInput: String
        let signature: String
        let signatureValueBase64: String
        let deterministic: Bool
        let variants: [Variant]?
    }

    let keys: [String: Key]
    let messages: [String: String]
    let testCases: [TestCase]

    static func load() throws -> AppendixB {
        try VectorFiles.decode(AppendixB.self, from: "rfc9421/appendix_b.json")
    }

    /// The message a test case is about, with B.2.4's misprinted Content-Digest corrected.
    func message(for testCase: TestCase) throws -> HTTPMessage {
        if testCase.message == "B.4 variants[0]", let first = testCase.variants?.first {
            return try RFCMessage.parse(first.message)
        }
        guard var text = messages[testCase.message] else { throw VectorError.missing(testCase.message) }
        if testCase.message == "test-response" {
            text = text.replacingOccurrences(
                of: "JlEy2bfUz7WrWIjc1qV6KVLpdr/7L5/L4h7Sxvh6sNHpDQWDCL+GauFQWcZBvVDhiyOnAQsxzZFYwi0wDH+1pw==",
                with: "mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==")
        }
        return try RFCMessage.parse(text)
    }

    /// The key a test case names, bound to its algorithm.
    func key(for testCase: TestCase) throws -> HTTPSignatureKey {
        guard let algorithm = HTTPSignatureAlgorithm(rawValue: testCase.alg), let entry = keys[testCase.keyid] else {
            throw VectorError.missing(testCase.keyid)
        }
        if let secret = entry.base64 {
            guard let bytes = Data(base64Encoded: secret) else { throw VectorError.missing("secret") }
            return try HTTPSignatureKey.hmacSHA256(secret: Array(bytes))
        }
        guard let jwk = entry.jwk else { throw VectorError.missing("jwk") }
        let json = try JSONSerialization.data(withJSONObject: jwk)
        return try HTTPSignatureKey(jwk: try JWK(json: Array(json)), algorithm: algorithm)
    }
}

enum VectorError: Error {
    case missing(String)
}
