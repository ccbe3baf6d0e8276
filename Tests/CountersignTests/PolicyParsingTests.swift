import CountersignJSON
import Testing
@testable import Countersign

@Suite struct PolicyParsingTests {
    static let m = #"{"member":"mem_a","weight":1}"#
    static let mb = #"{"member":"mem_b","weight":1}"#

    @Test("valid policies parse and round-trip to the same canonical JSON", arguments: [
        // docs/policies.md's example, with every option.
        #"""
        {"threshold": 2,
         "signers": [{"member":"mem_a","weight":1}, {"role":"investor","weight":1},
                     {"policy":{"threshold":1,"signers":[{"member":"mem_b","weight":1},{"member":"mem_c","weight":1}]},"weight":1},
                     {"wait":"P7D","weight":1}],
         "required": ["mem_a"], "rejectThreshold": 2, "expiresAfter": "P30D", "timelock": "PT24H",
         "stepUp": false, "allowSelfApproval": true, "keyAttestation": "any"}
        """#,
        Fixture.anyOf(2, ["a", "b", "c"]),
        Fixture.anyOf(3, ["a", "b", "c"], extra: #","required":["mem_a","mem_c"],"stepUp":true,"keyAttestation":"passkey""#),
        #"{"threshold":1000,"signers":[{"role":"investor","weight":1}]}"#,
        #"{"threshold":2.0,"signers":[{"member":"mem_a","weight":1E0},{"wait":"P1W","weight":1},{"wait":"PT1H30M","weight":1}]}"#,
        #"{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[\#(m)]},"weight":1}]},"weight":1}]},"weight":1}]}"#,
        #"{"threshold":65535,"signers":[{"member":"mem_a","weight":65535}],"allowSelfApproval":false}"#,
    ])
    func valid(json: String) throws {
        let policy = try Fixture.policy(json)
        let original = try JCS.canonicalize(json: Array(json.utf8))
        #expect(policy.canonicalBytes == original)
        #expect(try Policy(json: policy.canonicalBytes) == policy)
    }

    @Test("invalid policies are refused with a stable code, a location and a reason", arguments: [
        ("[]", "policy_not_object", "a policy must be a JSON object"),
        ("{", "policy_not_json", "not valid JSON"),
        (#"{"threshold":1,"threshold":2,"signers":[\#(m)]}"#, "policy_not_json", "duplicate member name \"threshold\""),
        (#"{"signers":[\#(m)]}"#, "policy_missing_field", "the field \"threshold\" is missing"),
        (#"{"threshold":1}"#, "policy_missing_field", "the field \"signers\" is missing"),
        (#"{"threshold":0,"signers":[\#(m)]}"#, "policy_threshold", "threshold: threshold 0 is not allowed; a threshold is a whole number from 1"),
        (#"{"threshold":1.5,"signers":[\#(m)]}"#, "policy_threshold", "threshold 1.5 is not allowed"),
        (#"{"threshold":"2","signers":[\#(m)]}"#, "policy_wrong_type", "threshold: must be a whole number, not string"),
        (#"{"threshold":1,"signers":{}}"#, "policy_wrong_type", "signers: must be an array of entries, not object"),
        (#"{"threshold":1,"signers":[]}"#, "policy_no_signers", "signers: a policy needs at least one entry"),
        (#"{"threshold":1,"signers":[{"member":"mem_a","weight":0}]}"#, "policy_weight", "signers[0].weight: weight 0 is not allowed; a weight is a whole number from 1 to 65535"),
        (#"{"threshold":1,"signers":[{"member":"mem_a","weight":65536}]}"#, "policy_weight", "weight 65536 is not allowed"),
        (#"{"threshold":1,"signers":[{"member":"mem_a"}]}"#, "policy_missing_field", "signers[0]: the field \"weight\" is missing"),
        (#"{"threshold":1,"signers":[{"weight":1}]}"#, "policy_entry_kind", "an entry needs one of \"member\", \"role\", \"policy\" or \"wait\""),
        (#"{"threshold":1,"signers":[{"member":"mem_a","role":"cfo","weight":1}]}"#, "policy_entry_kind", "not \"member\" and \"role\""),
        (#"{"threshold":1,"signers":[\#(m)],"quorum":2}"#, "policy_unknown_field", "unknown field \"quorum\""),
        (#"{"threshold":1,"signers":[{"member":"mem_a","weight":1,"note":"x"}]}"#, "policy_unknown_field", "signers[0]: unknown field \"note\""),
        (#"{"threshold":1,"signers":[{"member":"alice","weight":1}]}"#, "policy_identifier", "signers[0].member: \"alice\" is not a member id: it must start with \"mem_\""),
        (#"{"threshold":1,"signers":[{"member":"mem_a b","weight":1}]}"#, "policy_identifier", "may not contain U+20"),
        (#"{"threshold":1,"signers":[{"role":"Investor","weight":1}]}"#, "policy_identifier", "signers[0].role: a role may not contain"),
        (#"{"threshold":1,"signers":[\#(m),\#(m)]}"#, "policy_duplicate_signer", "signers[1]: member mem_a is already listed at signers[0]"),
        (#"{"threshold":1,"signers":[{"role":"cfo","weight":1},{"role":"cfo","weight":2}]}"#, "policy_duplicate_signer", "role cfo is already listed"),
        (#"{"threshold":1,"signers":[\#(m),{"wait":"P7D","weight":1},{"wait":"P1W","weight":1}]}"#, "policy_duplicate_signer", "signers[2]: a wait of 1 week is already listed at signers[1]"),
        (#"{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[\#(m)]},"weight":1},{"policy":{"threshold":1,"signers":[\#(m)]},"weight":1}]}"#, "policy_duplicate_signer", "the same nested policy"),
        (#"{"threshold":3,"signers":[\#(m),\#(mb)]}"#, "policy_unreachable", "threshold: threshold 3 can never be reached: all entries together weigh at most 2"),
        (#"{"threshold":1,"signers":[{"policy":{"threshold":2,"signers":[\#(m)]},"weight":1}]}"#, "policy_unreachable", "signers[0].policy.threshold: threshold 2 can never be reached"),
        (#"{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[\#(m)]},"weight":1}]},"weight":1}]},"weight":1}]},"weight":1}]}"#,
         "policy_too_deep", "policies nest at most 4 levels deep"),
        (#"{"threshold":1,"signers":[\#(m),{"wait":"P1M","weight":1}]}"#, "policy_duration", "signers[1].wait: \"P1M\" uses years or months, which have no fixed length"),
        (#"{"threshold":1,"signers":[\#(m)],"expiresAfter":"P1Y"}"#, "policy_duration", "expiresAfter: \"P1Y\" uses years or months"),
        (#"{"threshold":1,"signers":[\#(m)],"timelock":"PT1.5H"}"#, "policy_duration", "has a fraction"),
        (#"{"threshold":1,"signers":[\#(m)],"timelock":"P0D"}"#, "policy_duration", "\"P0D\" is zero"),
        (#"{"threshold":1,"signers":[\#(m)],"timelock":"7 days"}"#, "policy_duration", "is not an ISO 8601 duration"),
        (#"{"threshold":1,"signers":[\#(m)],"timelock":"P1W2D"}"#, "policy_duration", "is not an ISO 8601 duration"),
        (#"{"threshold":1,"signers":[\#(m)],"timelock":"P36601D"}"#, "policy_duration", "longer than the limit of 36600 days"),
        (#"{"threshold":1,"signers":[\#(m)],"required":["mem_b"]}"#, "policy_required_not_signer", "required[0]: mem_b must approve but is not a member entry"),
        (#"{"threshold":1,"signers":[\#(m)],"required":["mem_a","mem_a"]}"#, "policy_duplicate_required", "required[1]: mem_a is listed twice"),
        (#"{"threshold":1,"signers":[\#(m)],"required":[]}"#, "policy_empty_required", "\"required\" is empty"),
        (#"{"threshold":1,"signers":[\#(m)],"rejectThreshold":0}"#, "policy_reject_threshold", "rejectThreshold 0 is not allowed"),
        (#"{"threshold":1,"signers":[\#(m),\#(mb)],"rejectThreshold":3}"#, "policy_reject_threshold_unreachable", "rejectThreshold 3 can never be reached: all members together weigh at most 2"),
        (#"{"threshold":1,"signers":[\#(m)],"keyAttestation":"webauthn"}"#, "policy_key_attestation", "use \"any\" or \"passkey\""),
        (#"{"threshold":1,"signers":[\#(m)],"stepUp":"yes"}"#, "policy_wrong_type", "stepUp: must be true or false, not string"),
        (#"{"threshold":1,"signers":[{"policy":{"threshold":1,"signers":[\#(m)],"timelock":"PT1H"},"weight":1}]}"#, "policy_top_level_only", "signers[0].policy.timelock: \"timelock\" applies to the whole statement"),
        (#"{"threshold":1,"signers":[\#(m)],"expiresAfter":"P1D","timelock":"PT24H"}"#, "policy_timelock_not_before_expiry", "the time lock of 24 hours is not shorter than the expiry of 1 day"),
        (#"{"threshold":1,"signers":[\#(m),{"wait":"P7D","weight":1}],"expiresAfter":"P8D","timelock":"P1D"}"#, "policy_wait_never_counts", "signers[1].wait: the wait of 7 days can never count"),
    ])
    func invalid(json: String, code: String, message: String) {
        let error = Fixture.policyError(json)
        #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "accepted")")
        #expect(error?.description.contains(message) == true, "\(error.map(String.init(describing:)) ?? "accepted")")
    }

    @Test("more than 1,000 entries are refused before validation")
    func tooManyEntries() {
        let signers = (0...1_000).map { #"{"member":"mem_\#($0)","weight":1}"# }.joined(separator: ",")
        #expect(Fixture.policyError(#"{"threshold":1,"signers":[\#(signers)]}"#)?.code == "policy_too_many_entries")
    }

    @Test("policies built in code are validated like parsed ones")
    func builtInCode() throws {
        let a = try Fixture.id("a")
        #expect(throws: PolicyError.unreachable(at: "threshold", threshold: 2, maximum: 1)) {
            try Policy(Quorum(threshold: 2, signers: [.member(a, weight: 1)]))
        }
        #expect(throws: PolicyError.invalidWeight(at: "signers[0].weight", value: "-1")) {
            try Policy(Quorum(threshold: 1, signers: [.member(a, weight: -1)]))
        }
        let policy = try Policy(Quorum(threshold: 1, signers: [.member(a, weight: 1)]), timelock: try ISODuration("PT1H"))
        #expect(JCS.string(policy.jsonValue) == #"{"signers":[{"member":"mem_a","weight":1}],"threshold":1,"timelock":"PT1H"}"#)
    }

    @Test("options default when absent and keep their spelling when written")
    func defaults() throws {
        let bare = try Fixture.policy(Fixture.anyOf(1, ["a"]))
        #expect(bare.effectiveStepUp == false && bare.effectiveAllowSelfApproval && bare.effectiveKeyAttestation == .any)
        #expect(bare.stepUp == nil && bare.allowSelfApproval == nil && bare.keyAttestation == nil)
        let explicit = try Fixture.policy(Fixture.anyOf(1, ["a"], extra: #","allowSelfApproval":true"#))
        #expect(explicit.allowSelfApproval == true && explicit != bare)
    }
}
