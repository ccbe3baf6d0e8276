import CountersignWebAuthn
import LibFuzzerEntry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs libFuzzer on `fuzz`; the command line is libFuzzer's (flags, corpus directories or inputs to
/// replay). See scripts/fuzz.
@main
enum FuzzAttestationObjectMain {
    static func main() {
        exit(countersign_run_libfuzzer(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
            guard let data else { return 0 }  // libFuzzer passes a buffer even for empty input
            return fuzz(data, size)
        })
    }
}

/// libFuzzer entry point for attestation objects (WebAuthn section 6.5.4): a CBOR map with
/// "fmt" (text), "attStmt" (map) and "authData" (bytes), whose authenticator data holds the
/// attested credential data with the credential's COSE key, and optionally extensions.
///
/// Every layer must either parse or refuse with its typed error; a crash, a trap or a sanitizer
/// report is a bug. Where parsing succeeds, the parts must be consistent with the bytes they came
/// from. Uses only the module's public parsers (CBORDecoder, AuthenticatorData, COSEKey).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let object = try? CBORDecoder().decode(bytes), let map = object.mapValue else { return 0 }

    // Mirror what a relying party reads, without requiring every member, so that the fuzzer also
    // reaches the authenticator data parser through objects that lack fmt or attStmt.
    _ = map[text: "fmt"]?.textValue
    if let statement = map[text: "attStmt"]?.mapValue {
        // Statements hold byte strings (sig, certInfo, pubArea, ...) and x5c arrays of them; each
        // byte string is also handed to the COSE key parser, which must refuse garbage cleanly.
        for entry in statement.entries {
            if let candidate = entry.value.bytesValue { _ = try? COSEKey(bytes: candidate) }
            if let certificates = entry.value.arrayValue {
                for certificate in certificates { _ = certificate.bytesValue?.count }
            }
        }
    }
    guard let authData = map[text: "authData"]?.bytesValue else { return 0 }

    guard let parsed = try? AuthenticatorData(bytes: authData) else { return 0 }
    precondition(parsed.raw == authData, "raw authenticator data differs from its input")
    precondition(parsed.rpIDHash.count == 32, "rpIdHash is \(parsed.rpIDHash.count) bytes")
    if parsed.flags.contains(.backedUp) {
        precondition(parsed.flags.contains(.backupEligible), "BS accepted without BE")
    }
    precondition(
        (parsed.attestedCredentialData != nil) == parsed.flags.contains(.attestedCredentialData),
        "attested credential data present iff AT is set")
    precondition((parsed.extensions != nil) == parsed.flags.contains(.extensionData), "extensions present iff ED is set")

    if let credential = parsed.attestedCredentialData {
        precondition(credential.aaguid.count == 16, "AAGUID is \(credential.aaguid.count) bytes")
        precondition(credential.credentialID.count <= AuthenticatorData.maxCredentialIDLength, "credential id too long")
        // The key's own bytes must parse on their own to the same algorithm and JWK.
        let key = credential.credentialPublicKey
        guard let reparsed = try? COSEKey(bytes: key.encoded) else {
            preconditionFailure("the credential public key's own bytes do not parse as a COSE key")
        }
        precondition(reparsed.algorithm == key.algorithm, "COSE algorithm changed on reparse")
        precondition(reparsed.jwk.thumbprint == key.jwk.thumbprint, "JWK thumbprint changed on reparse")
        // A signature check with arbitrary bytes must simply return false or true, never trap.
        _ = key.isValidSignature(Array(authData.prefix(72)), for: authData)
    }
    return 0
}
