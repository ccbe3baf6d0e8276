import CountersignHTTPSignatures
import CountersignJSON
import Testing

/// RFC 9530 Content-Digest: the examples of the RFC, and the refusals.
@Suite("Content-Digest")
struct ContentDigestTests {
    struct Example: Decodable, Sendable, CustomTestStringConvertible {
        let where_: String
        let bodyHex: String
        let algorithm: String
        let fieldValue: String
        var testDescription: String { "\(algorithm) \(where_)" }
        enum CodingKeys: String, CodingKey { case where_ = "where", bodyHex, algorithm, fieldValue }
    }

    struct File: Decodable { let examples: [Example] }

    static let examples: [Example] = (try? VectorFiles.decode(File.self, from: "rfc9530/content_digest_examples.json"))?.examples ?? []

    @Test("RFC 9530 examples", .enabled(if: VectorFiles.isAvailable, VectorFiles.missingReason), arguments: examples)
    func example(_ example: Example) throws {
        let body = try #require(Hex.decode(example.bodyHex))
        if let algorithm = DigestAlgorithm(rawValue: example.algorithm) {
            #expect(ContentDigest.fieldValue(for: body, algorithms: [algorithm]) == example.fieldValue)
            try ContentDigest.verify(example.fieldValue, body: body)
            #expect(throws: HTTPSignatureError.contentDigestMismatch) {
                try ContentDigest.verify(example.fieldValue, body: body + [0x20])
            }
        } else {
            // md5, sha, adler, crc32c, unixsum…: ignored, so nothing supported remains.
            #expect(throws: HTTPSignatureError.contentDigestUnsupported) { try ContentDigest.verify(example.fieldValue, body: body) }
        }
    }

    @Test("every supported digest present must match; unknown ones are ignored")
    func mixed() throws {
        let body = Array("{\"hello\": \"world\"}".utf8)
        let both = ContentDigest.fieldValue(for: body, algorithms: [.sha256, .sha512])
        try ContentDigest.verify("md5=:AAAA:, " + both, body: body)
        let wrong512 = ContentDigest.fieldValue(for: body, algorithms: [.sha256]) + ", "
            + ContentDigest.fieldValue(for: Array("other".utf8), algorithms: [.sha512])
        #expect(throws: HTTPSignatureError.contentDigestMismatch) { try ContentDigest.verify(wrong512, body: body) }
    }

    @Test("malformed fields are refused", arguments: [
        "sha-256=RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=", "sha-256=:not base64!:", "sha-256=:RK/0", "",
        "sha-256=:RK_0qy18MlBSVnWgjwz6lZEWjP_lF5HF9bvEF8FabDg=:",
    ])
    func malformed(_ value: String) {
        let body = Array("{\"hello\": \"world\"}\n".utf8)
        let error = #expect(throws: HTTPSignatureError.self) { try ContentDigest.verify(value, body: body) }
        #expect(error?.code == "http_signature_malformed" || error == .contentDigestUnsupported)
    }

    @Test("a duplicated algorithm is refused")
    func duplicate() {
        let body = Array("x".utf8)
        let one = ContentDigest.fieldValue(for: body)
        #expect(throws: HTTPSignatureError.duplicateLabel("sha-256")) { try ContentDigest.verify(one + ", " + one, body: body) }
    }
}
