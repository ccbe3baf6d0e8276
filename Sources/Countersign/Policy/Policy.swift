/// An approval policy (docs/policies.md, CONTRACT): the top-level quorum and the options that
/// apply to the whole statement.
///
/// A `Policy` value is always valid: every initialiser runs the checks of `PolicyValidator`
/// (threshold reachable, no duplicate entries, weights 1–65535, depth at most 4, required members
/// named in the policy, options consistent). Options keep whether they were written, so that a
/// policy's JSON round-trips exactly (`jsonValue`); use the `effective…` accessors for meaning.
public struct Policy: Sendable, Hashable {
    /// The top level: threshold, signers, required members.
    public let quorum: Quorum
    /// Rejection weight that rejects; nil: rejected as soon as approval can no longer be reached.
    public let rejectThreshold: Int?
    /// Not final this long after creation: expired.
    public let expiresAfter: ISODuration?
    /// Approved only this long after the threshold is first met.
    public let timelock: ISODuration?
    /// `stepUp` as written (nil when absent).
    public let stepUp: Bool?
    /// `allowSelfApproval` as written (nil when absent).
    public let allowSelfApproval: Bool?
    /// `keyAttestation` as written (nil when absent).
    public let keyAttestation: KeyAttestationRequirement?

    /// A validated policy.
    public init(
        _ quorum: Quorum,
        rejectThreshold: Int? = nil,
        expiresAfter: ISODuration? = nil,
        timelock: ISODuration? = nil,
        stepUp: Bool? = nil,
        allowSelfApproval: Bool? = nil,
        keyAttestation: KeyAttestationRequirement? = nil
    ) throws(PolicyError) {
        self.quorum = quorum
        self.rejectThreshold = rejectThreshold
        self.expiresAfter = expiresAfter
        self.timelock = timelock
        self.stepUp = stepUp
        self.allowSelfApproval = allowSelfApproval
        self.keyAttestation = keyAttestation
        try PolicyValidator.validate(self)
    }

    /// The top-level threshold.
    public var threshold: Int { quorum.threshold }
    /// The top-level entries.
    public var signers: [SignerEntry] { quorum.signers }
    /// The top-level required members.
    public var required: [MemberID] { quorum.requiredMembers }

    /// Whether each approval needs a fresh passkey assertion (default false).
    public var effectiveStepUp: Bool { stepUp ?? false }
    /// Whether the creator's own approval counts (default true).
    public var effectiveAllowSelfApproval: Bool { allowSelfApproval ?? true }
    /// Which keys may vote (default any).
    public var effectiveKeyAttestation: KeyAttestationRequirement { keyAttestation ?? .any }
}
