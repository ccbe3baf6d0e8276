import Testing
@testable import Countersign

@Suite struct PolicyDescriptionTests {
    static let names = ["a": "Alice", "b": "Bob", "c": "Carol"]

    @Test("policies in words", arguments: [
        (Fixture.anyOf(2, ["a", "b", "c"], extra: #","required":["mem_a"],"expiresAfter":"P30D""#),
         "any 2 of Alice, Bob and Carol; Alice must approve; expires 30 days after creation"),
        (Fixture.anyOf(3, ["a", "b", "c"]), "all of Alice, Bob and Carol"),
        (Fixture.anyOf(1, ["a"]), "Alice's approval"),
        (#"{"threshold":2,"signers":[{"member":"mem_a","weight":1},{"policy":{"threshold":1,"signers":[{"member":"mem_b","weight":1}]},"weight":1}]}"#,
         "all of Alice and (Bob's approval)"),
        (Fixture.anyOf(1, ["a", "x"]), "any 1 of Alice and mem_x"),
        (#"{"threshold":2,"signers":[{"role":"investor","weight":1}]}"#, "any 2 of the members with role investor"),
        (#"{"threshold":2,"signers":[{"member":"mem_a","weight":1},{"policy":{"threshold":1,"signers":[{"member":"mem_b","weight":1},{"member":"mem_c","weight":1}],"required":["mem_c"]},"weight":1}]}"#,
         "all of Alice and (any 1 of Bob and Carol, where Carol must approve)"),
        (Fixture.anyOf(1, ["a", "b"], extra: #","rejectThreshold":1,"timelock":"P1DT12H","stepUp":true,"allowSelfApproval":false,"keyAttestation":"passkey""#),
         "any 1 of Alice and Bob; rejected once rejections weigh 1; takes effect 1 day 12 hours after the threshold is met (time lock); "
            + "each approval needs a fresh passkey check (step-up); the creator's own approval does not count; only passkey-attested keys count"),
    ])
    func words(json: String, text: String) throws {
        var names: [MemberID: String] = [:]
        for (key, value) in Self.names { names[try Fixture.id(key)] = value }
        #expect(PolicyDescription(try Fixture.policy(json), names: names).text == text)
    }

    @Test("members who share a name are told apart by id in a description; a unique name stays plain")
    func namesakes() throws {
        let members = [
            Member(id: try Fixture.id("a"), name: "Alice"), Member(id: try Fixture.id("b"), name: "alice"),
            Member(id: try Fixture.id("c"), name: "Carol"),
        ]
        let text = PolicyDescription(try Fixture.policy(Fixture.anyOf(2, ["a", "b", "c"])), members: members).text
        #expect(text == "any 2 of Alice (mem_a), alice (mem_b) and Carol")
    }
}
