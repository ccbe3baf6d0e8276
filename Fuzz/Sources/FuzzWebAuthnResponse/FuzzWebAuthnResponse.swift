import CountersignWebAuthn
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzWebAuthnResponseMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for the W3C JSON forms of WebAuthn responses (RegistrationResponseJSON and
/// AuthenticationResponseJSON, what the browser posts): both parsers on the same text, and the
/// decoded parts of an accepted response through their own parsers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let registration = try? RegistrationResponseJSON(json: bytes) {
        _ = try? CollectedClientData(bytes: registration.clientDataJSON)
        if let object = try? AttestationObject(bytes: registration.attestationObject) {
            checkAuthenticatorData(object.authenticatorData, from: object.authenticatorData.raw)
        }
    }
    if let assertion = try? AuthenticationResponseJSON(json: bytes) {
        _ = try? CollectedClientData(bytes: assertion.clientDataJSON)
        if let parsed = try? AuthenticatorData(bytes: assertion.authenticatorData) {
            checkAuthenticatorData(parsed, from: assertion.authenticatorData)
        }
    }
    return 0
}
