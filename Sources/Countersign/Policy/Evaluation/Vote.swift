import Foundation

/// A verified vote as policy evaluation sees it: who, approve or reject, when the server received
/// it, and the properties the policy may require (key method, step-up). Signatures are checked
/// before a vote becomes one of these (`VoteVerifier`).
public struct Vote: Sendable, Hashable {
    /// Who voted.
    public let member: MemberID
    /// Approve or reject.
    public let kind: VoteKind
    /// When the server received the vote; evaluation orders votes by this time.
    public let receivedAt: Date
    /// How the signing key was bound to the member (`keyAttestation` may refuse admin-enrolled keys).
    public let keyMethod: MemberKey.Method
    /// Whether the vote carried a verified step-up passkey assertion (`stepUp`).
    public let stepUpVerified: Bool

    /// A vote; by default made with a passkey-attested key and without step-up.
    public init(
        member: MemberID, kind: VoteKind, receivedAt: Date, keyMethod: MemberKey.Method = .passkey, stepUpVerified: Bool = false
    ) {
        self.member = member
        self.kind = kind
        self.receivedAt = receivedAt
        self.keyMethod = keyMethod
        self.stepUpVerified = stepUpVerified
    }

    /// The facts of a verified vote signature.
    public init(_ verified: VerifiedVote) throws(IdentifierError) {
        self.init(
            member: try MemberID(verified.member), kind: verified.kind, receivedAt: verified.receivedAt,
            keyMethod: verified.keyMethod, stepUpVerified: verified.stepUp)
    }

    /// A total order (time, member, rejections first, key method, step-up), so that evaluation
    /// never depends on the order the votes were passed in.
    static func precedes(_ lhs: Vote, _ rhs: Vote) -> Bool {
        if lhs.receivedAt != rhs.receivedAt { return lhs.receivedAt < rhs.receivedAt }
        if lhs.member != rhs.member { return lhs.member < rhs.member }
        if lhs.kind != rhs.kind { return lhs.kind == .reject }
        if lhs.keyMethod != rhs.keyMethod { return lhs.keyMethod == .passkey }
        return lhs.stepUpVerified && !rhs.stepUpVerified
    }
}
