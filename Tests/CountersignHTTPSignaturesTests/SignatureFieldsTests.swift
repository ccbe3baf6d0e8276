import CountersignHTTPSignatures
import Foundation
import Testing

/// Strict reading of Signature-Input and Signature.
@Suite("Signature-Input and Signature parsing")
struct SignatureFieldsTests {
    static let input = #"sig1=("@method" "@target-uri");created=1;keyid="admin";nonce="n""#
    static let signature = "sig1=:AAAA:"

    @Test("a well-formed pair is read")
    func wellFormed() throws {
        let fields = try SignatureFields(signatureInput: Self.input, signature: Self.signature)
        let entry = try fields.entry(label: nil)
        #expect(entry.label == "sig1")
        #expect(entry.parameters.components == [.method, .targetURI])
        #expect(entry.parameters.keyid == "admin")
        #expect(entry.signature == [0, 0, 0])
        #expect(try entry.parameters.serialized() == #"("@method" "@target-uri");created=1;keyid="admin";nonce="n""#)
    }

    @Test("a duplicate label is refused, in either field")
    func duplicateLabel() {
        #expect(throws: HTTPSignatureError.duplicateLabel("sig1")) {
            try SignatureFields(signatureInput: Self.input + ", " + Self.input, signature: Self.signature)
        }
        #expect(throws: HTTPSignatureError.duplicateLabel("sig1")) {
            try SignatureFields(signatureInput: Self.input, signature: Self.signature + ", sig1=:BBBB:")
        }
    }

    @Test("malformed structured fields are refused", arguments: [
        (#"sig1=("@method""#, SignatureFieldsTests.signature), (#"sig1=("@method");created=1.5.2"#, SignatureFieldsTests.signature),
        ("sig1=\"x\"", SignatureFieldsTests.signature), (SignatureFieldsTests.input, "sig1=:AA=A:"),
        (SignatureFieldsTests.input, "sig1=\"AAAA\""), (SignatureFieldsTests.input, "sig2=:AAAA:"),
        (#"sig1=(@method)"#, SignatureFieldsTests.signature),
    ])
    func malformed(input: String, signature: String) {
        let error = #expect(throws: HTTPSignatureError.self) { try SignatureFields(signatureInput: input, signature: signature) }
        #expect(error?.code == "http_signature_malformed")
    }

    @Test("an unknown alg value is refused")
    func unknownAlgorithm() {
        #expect(throws: HTTPSignatureError.unknownAlgorithm("none")) {
            try SignatureFields(signatureInput: Self.input + #";alg="none""#, signature: Self.signature)
        }
    }

    @Test("an unknown parameter or a created of the wrong type is refused")
    func badParameters() {
        for suffix in [#";foo="bar""#, #";created="1""#, ";keyid=1", ";created=-5"] {
            let input = Self.input.replacingOccurrences(of: ";created=1", with: "") + suffix
            let error = #expect(throws: HTTPSignatureError.self) { try SignatureFields(signatureInput: input, signature: Self.signature) }
            #expect(error?.code == "http_signature_invalid_parameter", "\(suffix)")
        }
    }

    @Test("more than 32 components are refused")
    func tooManyComponents() {
        let components = (0...32).map { "\"x-\($0)\"" }.joined(separator: " ")
        #expect(throws: HTTPSignatureError.tooManyComponents(count: 33, limit: 32)) {
            try SignatureFields(signatureInput: "sig1=(\(components));created=1", signature: Self.signature)
        }
    }

    @Test("a duplicated component is refused")
    func duplicateComponent() {
        #expect(throws: HTTPSignatureError.duplicateComponent("\"@method\"")) {
            try SignatureFields(signatureInput: #"sig1=("@method" "@method");created=1"#, signature: Self.signature)
        }
    }

    @Test("a field over 8 KiB is refused")
    func oversize() {
        let long = Self.input + #";tag=""# + String(repeating: "a", count: 8 * 1024) + "\""
        #expect(throws: HTTPSignatureError.fieldTooLarge(field: "Signature-Input", limit: 8 * 1024)) {
            try SignatureFields(signatureInput: long, signature: Self.signature)
        }
    }

    @Test("several signatures need a label")
    func ambiguous() throws {
        let fields = try SignatureFields(
            signatureInput: Self.input + ", " + Self.input.replacingOccurrences(of: "sig1", with: "sig2"),
            signature: Self.signature + ", sig2=:BBBB:")
        #expect(throws: HTTPSignatureError.ambiguousSignature) { try fields.entry(label: nil) }
        #expect(try fields.entry(label: "sig2").label == "sig2")
    }
}
