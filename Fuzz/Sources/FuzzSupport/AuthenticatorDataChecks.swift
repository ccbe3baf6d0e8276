import CountersignJOSE
import CountersignWebAuthn

/// The properties every parsed authenticator data must have, whatever target reached it: it
/// matches its input, AT and ED agree with what was parsed, BS never comes without BE, and the
/// credential's COSE key bytes parse alone to the same key. Fails with `precondition`, which
/// libFuzzer reports as a crash.
public func checkAuthenticatorData(_ parsed: AuthenticatorData, from bytes: [UInt8]) {
    precondition(parsed.raw == bytes, "raw authenticator data differs from its input")
    precondition(parsed.rpIDHash.count == 32, "rpIdHash is \(parsed.rpIDHash.count) bytes")
    precondition(parsed.signCount == bytes[33..<37].reduce(0) { $0 << 8 | UInt32($1) }, "signCount is not bytes 33-36")
    if parsed.flags.contains(.backedUp) {
        precondition(parsed.flags.contains(.backupEligible), "BS accepted without BE")
    }
    precondition(
        (parsed.attestedCredentialData != nil) == parsed.flags.contains(.attestedCredentialData),
        "attested credential data present iff AT is set")
    precondition((parsed.extensions != nil) == parsed.flags.contains(.extensionData), "extensions present iff ED is set")
    guard let credential = parsed.attestedCredentialData else { return }
    precondition(credential.aaguid.count == 16, "AAGUID is \(credential.aaguid.count) bytes")
    precondition(credential.credentialID.count <= AuthenticatorData.maxCredentialIDLength, "credential id too long")
    checkCOSEKey(credential.credentialPublicKey)
    // A signature check with arbitrary bytes must simply return false or true, never trap.
    _ = credential.credentialPublicKey.isValidSignature(Array(bytes.prefix(72)), for: bytes)
}

/// A parsed COSE key's own bytes parse again to the same algorithm and the same JWK thumbprint,
/// and its JWK's thumbprint is the same when the JWK is read back from its JSON.
public func checkCOSEKey(_ key: COSEKey) {
    guard let reparsed = try? COSEKey(bytes: key.encoded) else {
        preconditionFailure("a COSE key's own bytes do not parse as a COSE key")
    }
    precondition(reparsed.algorithm == key.algorithm, "COSE algorithm changed on reparse")
    precondition(reparsed.jwk.thumbprint == key.jwk.thumbprint, "JWK thumbprint changed on reparse")
    checkJWK(key.jwk)
}
