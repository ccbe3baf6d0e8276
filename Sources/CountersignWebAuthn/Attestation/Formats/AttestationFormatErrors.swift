// Error codes of the attestation statement formats (packed, fido-u2f, tpm, android-key, apple,
// android-safetynet). Each code names one kind of refusal, so a registration that fails its
// attestation reports which rule failed without anyone parsing the message. The generic codes
// `attestation_invalid` and `attestation_not_trusted` are declared with the module's base codes.

extension WebAuthnError.Code {
    /// attStmt does not have the syntax of its format: a member is missing, has the wrong CBOR
    /// type, is unknown, or a certificate or TPM structure inside it does not parse.
    public static let attestationStatementMalformed = Self(rawValue: "attestation_statement_malformed")
    /// The attestation signature does not verify with the attestation (or credential) key.
    public static let attestationSignatureInvalid = Self(rawValue: "attestation_signature_invalid")
    /// The attestation certificate breaks a requirement of its format (version, subject, basic
    /// constraints, extended key usage, TPM subject alternative name, hostname).
    public static let attestationCertificateInvalid = Self(rawValue: "attestation_certificate_invalid")
    /// The certificate's FIDO AAGUID extension (1.3.6.1.4.1.45724.1.1.4) names another authenticator
    /// model than the authenticator data, or is marked critical.
    public static let attestationAAGUIDMismatch = Self(rawValue: "attestation_aaguid_mismatch")
    /// The attested key (certificate subject key, TPM public area) is not the credential public key.
    public static let attestationKeyMismatch = Self(rawValue: "attestation_key_mismatch")
    /// The value that binds the statement to this registration (nonce, TPM extraData, Android
    /// attestationChallenge) is not derived from this authenticator data and client data.
    public static let attestationNonceMismatch = Self(rawValue: "attestation_nonce_mismatch")
    /// The statement uses an algorithm Countersign refuses here (ECDAA, SHA-1 outside TPM, or SHA-1
    /// in TPM when the policy forbids it).
    public static let attestationAlgorithmRefused = Self(rawValue: "attestation_algorithm_refused")
    /// The attested key's properties do not meet the format's rules (Android authorization lists,
    /// SafetyNet CTS profile).
    public static let attestationKeyPropertiesRefused = Self(rawValue: "attestation_key_properties_refused")
    /// A time-stamped statement (SafetyNet) is too old, or dated in the future, at `now`.
    public static let attestationResponseStale = Self(rawValue: "attestation_response_stale")
}
