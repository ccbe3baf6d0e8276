import CountersignHTTPSignatures
import CountersignJSON
import Foundation
import Testing

/// docs/http-signatures.md's worked admin example, read from the document itself and recomputed
/// through the real signer and verifier: the HMAC key is the 32 bytes the ADMIN_KEY's hex encodes
/// (the document once said "the bytes of ADMIN_KEY" and its example keyed HMAC with the hex
/// text). A change to the code or to the text that makes them disagree fails here.
@Suite("HTTP signature documentation")
struct DocumentedExampleTests {
    static let document = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CountersignHTTPSignaturesTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("docs/http-signatures.md")

    /// The content of the fenced block that follows `<!-- example:NAME -->`, its lines stripped
    /// of the list indentation, joined by LF.
    static func block(_ name: String, in text: String) throws -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "<!-- example:\(name) -->" }, "no example:\(name)")
        let opening = try #require(lines[(marker + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") })
        let indent = lines[opening].prefix { $0 == " " }.count
        let closing = try #require(lines[(opening + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "```" })
        return lines[(opening + 1)..<closing].map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n")
    }

    @Test("Admin HMAC key documented as the hex text: the worked example's numbers come out of the real signer and verifier")
    func adminKeyBytesExample() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let hex = try Self.block("admin-key", in: text)
        let adminKey = try #require(Hex.decode(hex))
        #expect(adminKey.count == 32 && adminKey == (0..<32).map(UInt8.init))
        let requestLine = try Self.block("request", in: text).split(separator: " ")
        #expect(requestLine.count == 2)
        let body = Array(try Self.block("body", in: text).utf8)
        let created = 1_700_000_000
        let nonce = "AAECAwQFBgcICQoLDA0ODw"
        #expect(text.contains("`created` = 1700000000") && text.contains("`nonce` = `\(nonce)`"))

        let message = HTTPMessage(method: String(requestLine[0]), targetURI: try TargetURI(parsing: String(requestLine[1])), body: body)
            .addingContentDigest()
        #expect(message.combinedValue(of: "content-digest") == (try Self.block("content-digest", in: text)))

        let key = try HTTPSignatureKey.hmacSHA256(secret: adminKey)
        let components: [ComponentIdentifier] = [.method, .targetURI, .contentDigest]
        let parameters = SignatureParameters(components: components, created: created, nonce: nonce, keyid: "admin", algorithm: key.algorithm)
        #expect(try SignatureBase.build(for: message, parameters: parameters) == (try Self.block("signature-base", in: text)))

        let signed = try HTTPMessageSigner.sign(message, components: components, keyid: "admin", key: key, created: created, nonce: nonce)
        #expect(signed.signatureInput == (try Self.block("signature-input", in: text)))
        #expect(signed.signature == (try Self.block("signature", in: text)))

        // The documented headers verify with the decoded key, and not with the hex text as key.
        let documented = message
            .adding("Signature-Input", try Self.block("signature-input", in: text))
            .adding("Signature", try Self.block("signature", in: text))
        let verified = try HTTPSignatureVerifier().verify(documented, now: created) { $0 == "admin" ? key : nil }
        #expect(verified.keyid == "admin" && verified.nonce == nonce)
        let hexAsKey = try HTTPSignatureKey.hmacSHA256(secret: Array(hex.utf8))
        #expect(throws: HTTPSignatureError.self) {
            _ = try HTTPSignatureVerifier().verify(documented, now: created) { $0 == "admin" ? hexAsKey : nil }
        }
    }
}
