@testable import CountersignHTTPSignatures
import Testing

/// RFC 9421 Appendix B (and the section 4.3 examples): signature bases byte for byte, every
/// printed signature verified, and the deterministic ones (hmac-sha256, ed25519) re-created.
@Suite("RFC 9421 Appendix B", .enabled(if: VectorFiles.isAvailable, VectorFiles.missingReason))
struct AppendixBTests {
    static let vectors: AppendixB? = try? AppendixB.load()
    static var cases: [String] { vectors?.testCases.map(\.label) ?? [] }

    private func testCase(_ label: String) throws -> (AppendixB, AppendixB.TestCase) {
        let vectors = try #require(Self.vectors)
        return (vectors, try #require(vectors.testCases.first { $0.label == label }))
    }

    @Test("signature base", arguments: cases)
    func signatureBase(label: String) throws {
        let (vectors, testCase) = try testCase(label)
        let fields = try SignatureFields(signatureInput: testCase.signatureInput, signature: testCase.signature)
        let entry = try fields.entry(label: label)
        let base = try SignatureBase.build(for: try vectors.message(for: testCase), parameters: entry.parameters)
        #expect(base == testCase.signatureBase)
        #expect(Base64.encode(entry.signature) == testCase.signatureValueBase64)
    }

    @Test("printed signature verifies", arguments: cases)
    func printedSignatureVerifies(label: String) throws {
        let (vectors, testCase) = try testCase(label)
        let key = try vectors.key(for: testCase)
        let signature = try #require(Base64.decode(testCase.signatureValueBase64))
        #expect(key.verify(signature, over: Array(testCase.signatureBase.utf8)))
        var tampered = signature
        tampered[0] ^= 1
        #expect(!key.verify(tampered, over: Array(testCase.signatureBase.utf8)))
    }

    @Test("hmac-sha256 and ed25519 re-sign byte for byte", arguments: ["sig-b25", "sig-b26", "transform"])
    func deterministicResign(label: String) throws {
        let (vectors, testCase) = try testCase(label)
        let entry = try SignatureFields(signatureInput: testCase.signatureInput, signature: testCase.signature).entry(label: nil)
        let signed = try HTTPMessageSigner.sign(
            try vectors.message(for: testCase), parameters: entry.parameters, key: try vectors.key(for: testCase), label: label)
        #expect(signed.signatureInput == testCase.signatureInput)
        #expect(signed.signature == testCase.signature)
    }

    @Test("B.4 transformations keep or break the signature as the RFC says")
    func transformations() throws {
        let (vectors, testCase) = try testCase("transform")
        let key = try vectors.key(for: testCase)
        for variant in try #require(testCase.variants) {
            let message = try RFCMessage.parse(variant.message)
            let entry = try SignatureFields(message: message).entry(label: "transform")
            let base = try SignatureBase.build(for: message, parameters: entry.parameters)
            #expect(key.verify(entry.signature, over: Array(base.utf8)) == variant.signatureStillValid, "\(variant.message)")
        }
    }

    @Test("the test request's Content-Digest matches its body")
    func requestDigest() throws {
        let vectors = try #require(Self.vectors)
        let message = try RFCMessage.parse(try #require(vectors.messages["test-request"]))
        try ContentDigest.verify(try #require(message.combinedValue(of: "content-digest")), body: message.body)
    }
}
