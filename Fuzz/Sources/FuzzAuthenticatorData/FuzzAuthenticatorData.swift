import CountersignWebAuthn
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzAuthenticatorDataMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for authenticator data (WebAuthn section 6.1), as sent in assertions and
/// key attestation records: parsed data must agree with its bytes (see checkAuthenticatorData).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let parsed = try? AuthenticatorData(bytes: bytes) else { return 0 }
    checkAuthenticatorData(parsed, from: bytes)
    return 0
}
