/// What a successful verification established, for the caller to act on.
///
/// The caller must still refuse a replay: store `nonce` (scoped to `keyid`) until `created` falls
/// out of the policy window and refuse a nonce it has seen. This module keeps no state.
public struct VerifiedSignature: Sendable, Hashable {
    /// The label of the verified signature.
    public let label: String
    /// The keyid the key was resolved from.
    public let keyid: String
    /// The algorithm of the key that verified it.
    public let algorithm: HTTPSignatureAlgorithm
    /// When the signer says it signed, seconds since the Unix epoch.
    public let created: Int
    /// When the signature expires, if stated.
    public let expires: Int?
    /// The nonce, for the caller's replay check.
    public let nonce: String
    /// The covered components, in order.
    public let components: [ComponentIdentifier]
}
