/// Which signing keys may vote (`keyAttestation` in docs/policies.md).
public enum KeyAttestationRequirement: String, Sendable, Hashable, CaseIterable {
    /// Any enrolled key: passkey-attested keys and keys enrolled by the admin with a user token.
    case any
    /// Only keys attested by the member's passkey; votes with admin-enrolled keys do not count.
    case passkey
}
