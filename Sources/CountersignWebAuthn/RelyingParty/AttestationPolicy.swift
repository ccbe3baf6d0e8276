/// Which verified attestations the relying party accepts at registration.
///
/// An attestation statement that fails to verify is always refused, whatever the policy: a
/// statement that lies about the authenticator is worse than none. The policy decides only among
/// statements that verified.
public struct AttestationPolicy: Sendable, Hashable {
    /// Attestation types accepted. Default: all of them (none, self, basic, attCA, anonCA).
    public var acceptedTypes: Set<AttestationType>
    /// When true, only attestations whose certificate path ends in a configured trust anchor are
    /// accepted, which rules out none and self. Default: false (Countersign identifies members by
    /// invitation, not by authenticator model).
    public var requireTrustAnchor: Bool

    /// A policy accepting `acceptedTypes`, optionally only with a trust anchor.
    public init(acceptedTypes: Set<AttestationType> = [.none, .`self`, .basic, .attCA, .anonCA], requireTrustAnchor: Bool = false) {
        self.acceptedTypes = acceptedTypes
        self.requireTrustAnchor = requireTrustAnchor
    }

    /// Accept none and self; verify and record basic, attCA and anonCA.
    public static let `default` = AttestationPolicy()

    /// Refuses a verified attestation this policy does not accept.
    public func check(_ result: AttestationResult, format: String) throws(WebAuthnError) {
        guard acceptedTypes.contains(result.type) else {
            throw WebAuthnError(.attestationNotAccepted, "\(format) attestation of type \(result.type.rawValue) is not accepted by the attestation policy")
        }
        if requireTrustAnchor && !result.chainsToTrustAnchor {
            throw WebAuthnError(.attestationNotAccepted, "\(format) attestation of type \(result.type.rawValue) does not chain to a configured trust anchor")
        }
    }
}
