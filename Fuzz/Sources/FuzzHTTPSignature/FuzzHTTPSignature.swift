import CountersignHTTPSignatures
import Foundation
import FuzzSupport

@main
enum FuzzHTTPSignatureMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for the RFC 9421 fields a signed request carries. The input is split at
/// its first three newlines into Signature-Input, Signature, Content-Digest and the body (missing
/// parts are empty).
///
/// Signatures that parse re-serialise their parameters, and those parse back (under the same
/// label) to the same components, parameters and signature bytes. Any Content-Digest value is
/// checked against the body without crashing, and the value `ContentDigest.fieldValue` makes for
/// the body always verifies. The target URI parser sees the first part as a URI.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = inputParts(inputBytes(data, size), count: 4)
    let signatureInput = String(decoding: parts[0], as: UTF8.self)
    let signature = String(decoding: parts[1], as: UTF8.self)
    let body = parts[3]
    _ = try? TargetURI(parsing: signatureInput)

    _ = try? ContentDigest.verify(String(decoding: parts[2], as: UTF8.self), body: body)
    do { try ContentDigest.verify(ContentDigest.fieldValue(for: body, algorithms: [.sha256, .sha512]), body: body) } catch {
        preconditionFailure("the Content-Digest made for a body does not verify: \(error)")
    }

    guard let fields = try? SignatureFields(signatureInput: signatureInput, signature: signature) else { return 0 }
    for entry in fields.entries {
        guard let parameters = try? entry.parameters.serialized() else {
            preconditionFailure("parsed signature parameters do not serialise")
        }
        let encoded = Data(entry.signature).base64EncodedString()
        guard let again = try? SignatureFields(signatureInput: "\(entry.label)=\(parameters)", signature: "\(entry.label)=:\(encoded):"),
            again.entries.count == 1
        else { preconditionFailure("re-serialised signature parameters do not parse: \(parameters)") }
        precondition(again.entries[0] == entry, "a signature changed on reparse: \(parameters)")
    }
    return 0
}
