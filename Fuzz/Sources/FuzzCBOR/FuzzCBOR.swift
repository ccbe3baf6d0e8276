import CountersignWebAuthn
import FuzzSupport

@main
enum FuzzCBORMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for the strict CBOR decoder.
///
/// Any byte string must decode to a value or be refused with a `CBORError`; a crash, a trap or a
/// sanitizer report is a bug. Values that decode are also checked against the deterministic
/// encoder: the decoder accepts only shortest-form heads, so re-encoding a decoded value gives the
/// same number of bytes (only map entries may be reordered), and that encoding must decode again
/// to a value that encodes to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let decoder = CBORDecoder()

    // The prefix decoder (used inside authenticator data) walks the same code, but may stop early.
    if let (_, consumed) = try? decoder.decodePrefix(bytes) {
        precondition(consumed > 0 && consumed <= bytes.count, "decodePrefix consumed \(consumed) of \(bytes.count) bytes")
    }

    guard let value = try? decoder.decode(bytes) else { return 0 }
    let encoded = CBOREncoder.encode(value)
    precondition(encoded.count == bytes.count, "re-encoding changed the length: \(bytes.count) -> \(encoded.count)")
    guard let again = try? decoder.decode(encoded) else {
        preconditionFailure("the encoding of a decoded value does not decode")
    }
    precondition(CBOREncoder.encode(again) == encoded, "encode(decode(encode(v))) != encode(v)")
    return 0
}
