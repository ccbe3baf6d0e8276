import Countersign
import FuzzSupport

@main
enum FuzzEvidenceBundleMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for evidence bundles (evidence/v1, docs/formats.md), what `countersign
/// verify` and the verify route read: a statement document, General JWS envelopes, members, keys,
/// votes, status, receipt and server key. A bundle that parses is read back from its canonical
/// bytes as a bundle with the same canonical bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let bundle = try? EvidenceBundle(json: bytes) else { return 0 }
    guard let again = try? EvidenceBundle(json: bundle.canonicalBytes) else {
        preconditionFailure("a bundle's canonical bytes do not parse")
    }
    precondition(again.canonicalBytes == bundle.canonicalBytes, "a bundle changed on reparse")
    return 0
}
