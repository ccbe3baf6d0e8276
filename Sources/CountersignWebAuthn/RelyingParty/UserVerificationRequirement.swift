/// Whether a ceremony needs the authenticator to verify the user (PIN, biometric), as the
/// `userVerification` member of the options (WebAuthn Level 3, section 5.8.6).
public enum UserVerificationRequirement: String, Sendable, Hashable, Codable {
    /// The UV flag must be set, or the response is refused.
    case required
    /// Asked for, not enforced.
    case preferred
    /// Not asked for.
    case discouraged

    /// True if verification refuses a response without the UV flag.
    public var isRequired: Bool { self == .required }
}
