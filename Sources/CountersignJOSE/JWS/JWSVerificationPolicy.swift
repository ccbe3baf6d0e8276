import CountersignJSON

/// How a multi-signature JWS is judged once each signature has an outcome.
///
/// RFC 7515 section 7.2 leaves this to the application. Every policy counts keys by thumbprint,
/// never by "kid", and counts one key once however many of its signatures verify.
public enum JWSVerificationPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Every signature verifies (and there is at least one).
    case all
    /// At least one signature verifies; the report names the first valid one.
    case any
    /// At least this many distinct keys produced a verified signature.
    case quorum(Int)
    /// Each named key (thumbprint, or a kid declared by exactly one key of the set) verified.
    case required([String])

    /// Parses the CLI form: all, any, quorum:N, required:KID,KID.
    public init?(_ text: String) {
        switch text {
        case "all": self = .all
        case "any": self = .any
        default:
            if text.hasPrefix("quorum:"), let count = Int(text.dropFirst("quorum:".count)), count >= 1 {
                self = .quorum(count)
            } else if text.hasPrefix("required:") {
                let names = text.dropFirst("required:".count).split(separator: ",").map(String.init)
                guard !names.isEmpty else { return nil }
                self = .required(names)
            } else {
                return nil
            }
        }
    }

    public var description: String {
        switch self {
        case .all: "all"
        case .any: "any"
        case .quorum(let count): "quorum:\(count)"
        case .required(let names): "required:" + names.joined(separator: ",")
        }
    }
}

/// Every signature's outcome and the policy's verdict over them.
public struct JWSVerificationReport: Sendable {
    public let outcomes: [SignatureOutcome]
    public let policy: JWSVerificationPolicy
    /// True if the policy is met.
    public let satisfied: Bool
    /// Distinct thumbprints of the keys that verified a signature, in envelope order.
    public let verifiedKeys: [String]
    /// The first verified signature, if any.
    public let firstValid: SignatureOutcome?
    /// Why the policy is or is not met, for people.
    public let explanation: String

    init(outcomes: [SignatureOutcome], policy: JWSVerificationPolicy, keys: JWKSet) {
        self.outcomes = outcomes
        self.policy = policy
        var distinct: [String] = []
        for outcome in outcomes {
            if let thumbprint = outcome.keyThumbprint, outcome.verified, !distinct.contains(thumbprint) {
                distinct.append(thumbprint)
            }
        }
        self.verifiedKeys = distinct
        self.firstValid = outcomes.first { $0.verified }
        let failed = outcomes.filter { !$0.verified }.count
        switch policy {
        case .all:
            satisfied = !outcomes.isEmpty && failed == 0
            explanation = satisfied
                ? "all \(outcomes.count) signatures verified"
                : "\(failed) of \(outcomes.count) signatures did not verify"
        case .any:
            satisfied = firstValid != nil
            explanation = firstValid.map { "signature \($0.index) is the first that verified" }
                ?? "no signature verified"
        case .quorum(let needed):
            satisfied = distinct.count >= needed
            explanation = "\(distinct.count) distinct keys verified; \(needed) needed"
        case .required(let names):
            var missing: [String] = []
            for name in names {
                let matches = keys.key(thumbprint: name).map { [$0] } ?? keys.keys.filter { $0.declaredKid == name }
                if matches.count != 1 || !distinct.contains(matches[0].thumbprint) { missing.append(name) }
            }
            satisfied = missing.isEmpty
            explanation = missing.isEmpty
                ? "every required key verified"
                : "required keys without a verified signature: " + missing.joined(separator: ", ")
        }
    }

    /// The report as JSON: {"signatures":[…],"policy":{"policy","satisfied","explanation","verifiedKeys"}}.
    public var jsonObject: JSONObject {
        [
            "signatures": .array(outcomes.map { .object($0.jsonObject) }),
            "policy": .object([
                "policy": .string(policy.description),
                "satisfied": .bool(satisfied),
                "explanation": .string(explanation),
                "verifiedKeys": .array(verifiedKeys.map(JSONValue.string)),
            ]),
        ]
    }
}
