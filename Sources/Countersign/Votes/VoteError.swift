/// Why a vote signature was refused. Each case is a rule of docs/formats.md and 4.5.
public enum VoteError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedSignature(String)
    case wrongType(expected: String)
    case missingIssuedAt
    case algorithmNotAllowed(String)
    case unknownKey
    case keyOfAnotherMember
    case keyNotValidAtReceipt
    case signatureInvalid(String)
    case stepUpInvalid(String)
    /// An approval with a reason: only rejections carry one (`RejectionPayload`).
    case reasonOnApproval

    /// A stable code for the API's error.code and the audit log.
    public var code: String {
        switch self {
        case .malformedSignature: "vote_malformed"
        case .wrongType: "vote_wrong_type"
        case .missingIssuedAt: "vote_missing_iat"
        case .algorithmNotAllowed: "vote_alg_not_allowed"
        case .unknownKey: "vote_unknown_key"
        case .keyOfAnotherMember: "vote_key_of_another_member"
        case .keyNotValidAtReceipt: "vote_key_not_valid"
        case .signatureInvalid: "vote_signature_invalid"
        case .stepUpInvalid: "vote_step_up_invalid"
        case .reasonOnApproval: "vote_reason_on_approval"
        }
    }

    public var description: String {
        switch self {
        case .malformedSignature(let reason): "the vote signature is malformed: \(reason)"
        case .wrongType(let expected): "the protected header must carry \"typ\":\"\(expected)\""
        case .missingIssuedAt: "the protected header must carry \"iat\" (Unix seconds)"
        case .algorithmNotAllowed(let alg): "algorithm \(alg) is not allowed for member signatures"
        case .unknownKey: "the signing key is not registered"
        case .keyOfAnotherMember: "the signing key belongs to another member"
        case .keyNotValidAtReceipt: "the signing key was not valid (not yet added, or revoked) when the vote was received"
        case .signatureInvalid(let reason): "the signature does not verify over this vote's payload: \(reason)"
        case .stepUpInvalid(let reason): "the step-up passkey assertion does not verify: \(reason)"
        case .reasonOnApproval: "an approval carries no reason; only a rejection signs one (rejection/v2)"
        }
    }
}
