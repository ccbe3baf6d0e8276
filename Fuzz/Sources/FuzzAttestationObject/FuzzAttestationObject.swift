import CountersignWebAuthn
import FuzzSupport

@main
enum FuzzAttestationObjectMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for attestation objects (WebAuthn section 6.5.4): a CBOR map with
/// "fmt" (text), "attStmt" (map) and "authData" (bytes), whose authenticator data holds the
/// attested credential data with the credential's COSE key, and optionally extensions.
///
/// `AttestationObject(bytes:)` must parse or refuse with its typed error. The members are also
/// read one by one, without requiring all three, so that the fuzzer reaches the authenticator data
/// and COSE key parsers through objects the strict parser refuses. Whatever parses must have the
/// properties of `checkAuthenticatorData` and `checkCOSEKey`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let object = try? AttestationObject(bytes: bytes) {
        checkAuthenticatorData(object.authenticatorData, from: object.authenticatorData.raw)
    }
    guard let object = try? CBORDecoder().decode(bytes), let map = object.mapValue else { return 0 }
    if let statement = map[text: "attStmt"]?.mapValue {
        // Statements hold byte strings (sig, certInfo, pubArea, ...); each is also handed to the
        // COSE key parser, which must refuse garbage cleanly.
        for entry in statement.entries {
            if let candidate = entry.value.bytesValue, let key = try? COSEKey(bytes: candidate) { checkCOSEKey(key) }
        }
    }
    guard let authData = map[text: "authData"]?.bytesValue, let parsed = try? AuthenticatorData(bytes: authData) else { return 0 }
    checkAuthenticatorData(parsed, from: authData)
    return 0
}
