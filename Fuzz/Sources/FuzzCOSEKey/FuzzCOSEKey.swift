import CountersignWebAuthn
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzCOSEKeyMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for COSE_Key parsing (credential public keys): any bytes parse to a
/// valid key or are refused with a typed error; a parsed key re-parses from its own bytes to the
/// same algorithm and thumbprint, and its JWK round-trips through JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let key = try? COSEKey(bytes: bytes) else { return 0 }
    precondition(key.encoded == bytes, "encoded differs from the input")
    checkCOSEKey(key)
    _ = key.isValidSignature(Array(bytes.prefix(64)), for: bytes)
    return 0
}
