// Error codes of the relying-party checks: client data, responses, registration and assertion.
// Each code names one refused condition, so the API, the audit log and `countersign webauthn
// inspect` can report it without parsing messages.

extension WebAuthnError.Code {
    /// The RegistrationResponseJSON or AuthenticationResponseJSON does not have the W3C shape.
    public static let malformedResponse = Self(rawValue: "malformed_response")
    /// The attestationObject is CBOR but not the map {fmt, attStmt, authData}.
    public static let malformedAttestationObject = Self(rawValue: "malformed_attestation_object")
    /// clientDataJSON is not I-JSON or lacks a member WebAuthn requires.
    public static let malformedClientData = Self(rawValue: "malformed_client_data")
    /// clientDataJSON's type is not the ceremony's ("webauthn.create" or "webauthn.get").
    public static let clientDataTypeMismatch = Self(rawValue: "client_data_type_mismatch")
    /// The challenge signed is not the one the relying party issued.
    public static let challengeMismatch = Self(rawValue: "challenge_mismatch")
    /// The origin is not one the relying party serves.
    public static let originNotAllowed = Self(rawValue: "origin_not_allowed")
    /// The ceremony ran in a cross-origin iframe and the relying party does not allow that.
    public static let crossOriginNotAllowed = Self(rawValue: "cross_origin_not_allowed")
    /// Token binding was claimed present (or given an invalid status); Countersign cannot honour it.
    public static let tokenBindingNotSupported = Self(rawValue: "token_binding_not_supported")
    /// The authenticator data is scoped to another RP ID.
    public static let rpIDMismatch = Self(rawValue: "rp_id_mismatch")
    /// The UP flag is not set.
    public static let userNotPresent = Self(rawValue: "user_not_present")
    /// User verification was required and the UV flag is not set.
    public static let userNotVerified = Self(rawValue: "user_not_verified")
    /// id, rawId and the credential id of the authenticator data (or the stored one) differ.
    public static let credentialIDMismatch = Self(rawValue: "credential_id_mismatch")
    /// The credential's algorithm is not among those the relying party asked for.
    public static let algorithmNotAllowed = Self(rawValue: "algorithm_not_allowed")
    /// A registration without attested credential data, or an assertion with it.
    public static let unexpectedAttestedCredentialData = Self(rawValue: "unexpected_attested_credential_data")
    /// The assertion signature does not verify with the credential public key.
    public static let invalidSignature = Self(rawValue: "invalid_signature")
    /// The signature counter did not increase: the authenticator may have been cloned.
    public static let signCountNotIncreased = Self(rawValue: "sign_count_not_increased")
    /// The backup eligibility (BE) flag differs from the one recorded at registration.
    public static let backupEligibilityChanged = Self(rawValue: "backup_eligibility_changed")
    /// The userHandle belongs to another user than the credential.
    public static let userHandleMismatch = Self(rawValue: "user_handle_mismatch")
    /// The attestation verified, but the relying party's attestation policy does not accept it.
    public static let attestationNotAccepted = Self(rawValue: "attestation_not_accepted")
    /// The ceremony has expired, or is for another purpose.
    public static let ceremonyExpired = Self(rawValue: "ceremony_expired")
    /// The response belongs to a ceremony of another purpose.
    public static let ceremonyMismatch = Self(rawValue: "ceremony_mismatch")
    /// The relying-party configuration is invalid (RP ID, origins).
    public static let invalidConfiguration = Self(rawValue: "invalid_configuration")
}
