import CountersignJSON

/// Why a policy was refused: a stable `code` and a message that says where (`at`, a path such as
/// `signers[2].policy.threshold`, empty for the top level) and what to change.
public enum PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(JSONError)
    case tooLarge(limit: Int)
    case notAnObject(at: String)
    case unknownField(at: String, name: String)
    case missingField(at: String, name: String)
    case wrongType(at: String, expected: String, found: String)
    case invalidThreshold(at: String, value: String)
    case invalidWeight(at: String, value: String)
    case invalidRejectThreshold(at: String, value: String)
    case entryKind(at: String, found: [String])
    case invalidIdentifier(at: String, IdentifierError)
    case invalidDuration(at: String, ISODurationError)
    case invalidKeyAttestation(at: String, value: String)
    case noSigners(at: String)
    case duplicateSigner(at: String, what: String, first: String)
    case emptyRequired(at: String)
    case duplicateRequired(at: String, member: MemberID)
    case requiredNotSigner(at: String, member: MemberID)
    case tooDeep(at: String, limit: Int)
    case tooManyEntries(limit: Int)
    case topLevelOnly(at: String, name: String)
    case unreachable(at: String, threshold: Int, maximum: Int)
    case rejectThresholdUnreachable(at: String, threshold: Int, maximum: Int)
    case timelockNotBeforeExpiry(at: String, timelock: ISODuration, expiresAfter: ISODuration)
    case waitNeverCounts(at: String, wait: ISODuration, expiresAfter: ISODuration, timelock: ISODuration?)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .notJSON: "policy_not_json"
        case .tooLarge: "policy_too_large"
        case .notAnObject: "policy_not_object"
        case .unknownField: "policy_unknown_field"
        case .missingField: "policy_missing_field"
        case .wrongType: "policy_wrong_type"
        case .invalidThreshold: "policy_threshold"
        case .invalidWeight: "policy_weight"
        case .invalidRejectThreshold: "policy_reject_threshold"
        case .entryKind: "policy_entry_kind"
        case .invalidIdentifier: "policy_identifier"
        case .invalidDuration: "policy_duration"
        case .invalidKeyAttestation: "policy_key_attestation"
        case .noSigners: "policy_no_signers"
        case .duplicateSigner: "policy_duplicate_signer"
        case .emptyRequired: "policy_empty_required"
        case .duplicateRequired: "policy_duplicate_required"
        case .requiredNotSigner: "policy_required_not_signer"
        case .tooDeep: "policy_too_deep"
        case .tooManyEntries: "policy_too_many_entries"
        case .topLevelOnly: "policy_top_level_only"
        case .unreachable: "policy_unreachable"
        case .rejectThresholdUnreachable: "policy_reject_threshold_unreachable"
        case .timelockNotBeforeExpiry: "policy_timelock_not_before_expiry"
        case .waitNeverCounts: "policy_wait_never_counts"
        }
    }

    /// Where in the policy the problem is: a path such as `signers[2].weight`, empty for the whole.
    public var path: String {
        switch self {
        case .notJSON, .tooLarge, .tooManyEntries: ""
        case .notAnObject(let at), .unknownField(let at, _), .missingField(let at, _), .wrongType(let at, _, _),
             .invalidThreshold(let at, _), .invalidWeight(let at, _), .invalidRejectThreshold(let at, _),
             .entryKind(let at, _), .invalidIdentifier(let at, _), .invalidDuration(let at, _),
             .invalidKeyAttestation(let at, _), .noSigners(let at), .duplicateSigner(let at, _, _),
             .emptyRequired(let at), .duplicateRequired(let at, _), .requiredNotSigner(let at, _),
             .tooDeep(let at, _), .topLevelOnly(let at, _), .unreachable(let at, _, _),
             .rejectThresholdUnreachable(let at, _, _), .timelockNotBeforeExpiry(let at, _, _),
             .waitNeverCounts(let at, _, _, _):
            at
        }
    }

    /// The problem in words, without the path.
    public var message: String {
        switch self {
        case .notJSON(let error): "the policy is not valid JSON: \(error)"
        case .tooLarge(let limit): "the policy is larger than \(limit) bytes"
        case .notAnObject: "a policy must be a JSON object"
        case .unknownField(_, let name): "unknown field \"\(name)\""
        case .missingField(_, let name): "the field \"\(name)\" is missing"
        case .wrongType(_, let expected, let found): "must be \(expected), not \(found)"
        case .invalidThreshold(_, let value):
            "threshold \(value) is not allowed; a threshold is a whole number from 1 to \(PolicyLimits.maximumThreshold)"
        case .invalidWeight(_, let value):
            "weight \(value) is not allowed; a weight is a whole number from 1 to \(PolicyLimits.maximumWeight)"
        case .invalidRejectThreshold(_, let value):
            "rejectThreshold \(value) is not allowed; it is a whole number from 1 to \(PolicyLimits.maximumThreshold)"
        case .entryKind(_, let found):
            found.isEmpty
                ? "an entry needs one of \"member\", \"role\", \"policy\" or \"wait\""
                : "an entry names exactly one of \"member\", \"role\", \"policy\" or \"wait\", not "
                    + found.map { "\"\($0)\"" }.joined(separator: " and ")
        case .invalidIdentifier(_, let error): error.description
        case .invalidDuration(_, let error): error.description
        case .invalidKeyAttestation(_, let value): "keyAttestation \(value) is not allowed; use \"any\" or \"passkey\""
        case .noSigners: "a policy needs at least one entry in \"signers\""
        case .duplicateSigner(_, let what, let first): "\(what) is already listed at \(first); list each signer once per level"
        case .emptyRequired: "\"required\" is empty; list at least one member or leave the field out"
        case .duplicateRequired(_, let member): "\(member) is listed twice in \"required\""
        case .requiredNotSigner(_, let member):
            "\(member) must approve but is not a member entry of this policy or of a policy nested in it, so their approval could not count"
        case .tooDeep(_, let limit): "policies nest at most \(limit) levels deep (the top-level policy is level 1)"
        case .tooManyEntries(let limit): "a policy has at most \(limit) entries, nested levels included"
        case .topLevelOnly(_, let name): "\"\(name)\" applies to the whole statement and is allowed only in the top-level policy"
        case .unreachable(_, let threshold, let maximum):
            "threshold \(threshold) can never be reached: all entries together weigh at most \(maximum)"
        case .rejectThresholdUnreachable(_, let threshold, let maximum):
            "rejectThreshold \(threshold) can never be reached: all members together weigh at most \(maximum)"
        case .timelockNotBeforeExpiry(_, let timelock, let expiresAfter):
            "the time lock of \(timelock.words) is not shorter than the expiry of \(expiresAfter.words): no statement could ever be approved"
        case .waitNeverCounts(_, let wait, let expiresAfter, let timelock):
            "the wait of \(wait.words) can never count: the statement expires \(expiresAfter.words) after creation"
                + (timelock.map { ", and the time lock of \($0.words) must also pass before that" } ?? "")
        }
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
