import CountersignWebAuthn

/// Why a key attestation record (docs/formats.md) was refused.
public enum KeyAttestationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The record is not the contract's shape: a field is missing, unknown or mistyped.
    case malformed(String)
    /// The attested JWK is not a public signing key whose "kid" is its thumbprint.
    case invalidKey(String)
    /// The stored passkey assertion does not verify (type, challenge, origin, rpIdHash, UP/UV or signature).
    case assertion(WebAuthnError)
    /// The admin-signed user token does not enrol this key for this member.
    case userToken(UserTokenError)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .malformed: "key_attestation_malformed"
        case .invalidKey: "key_attestation_key"
        case .assertion: "key_attestation_assertion"
        case .userToken: "key_attestation_user_token"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let reason): "the key attestation record is malformed: \(reason)"
        case .invalidKey(let reason): "the attested key is invalid: \(reason)"
        case .assertion(let error): "the passkey assertion does not attest this key: \(error)"
        case .userToken(let error): "the admin enrolment does not attest this key: \(error) [\(error.code)]"
        }
    }
}
