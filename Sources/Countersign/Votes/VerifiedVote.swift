import CountersignJOSE
import Foundation

/// A vote whose signature verified with a key the member held when the server received it.
public struct VerifiedVote: Sendable {
    public let member: String
    public let kind: VoteKind
    /// Thumbprint of the key that verified the signature.
    public let kid: String
    public let keyMethod: MemberKey.Method
    public let receivedAt: Date
    /// The signature entry exactly as submitted, for the envelope.
    public let signature: JWS.Signature
    /// True if the vote carried a verified step-up passkey assertion.
    public let stepUp: Bool
    /// The passkey the step-up used and its counter, when there was one.
    public let stepUpUse: StepUpUse?
    /// A rejection's reason, signed in its `rejection/v2` payload; nil for a v1 rejection and
    /// for every approval.
    public let reason: VoteReason?

    public init(
        member: String, kind: VoteKind, kid: String, keyMethod: MemberKey.Method, receivedAt: Date,
        signature: JWS.Signature, stepUp: Bool, stepUpUse: StepUpUse? = nil, reason: VoteReason? = nil
    ) {
        self.reason = reason
        self.stepUpUse = stepUpUse
        self.member = member
        self.kind = kind
        self.kid = kid
        self.keyMethod = keyMethod
        self.receivedAt = receivedAt
        self.signature = signature
        self.stepUp = stepUp
    }
}
