import Testing
@testable import CountersignJOSE

/// Policies count keys by thumbprint, never by kid, and never count one key twice.
@Suite struct VerificationPolicyTests {
    let alice: JWK
    let bob: JWK
    let carol: JWK

    init() throws {
        alice = try TestKeys.make(.ed25519)
        bob = try TestKeys.make(.es256)
        carol = try TestKeys.make(.ed25519)
    }

    @Test("quorum counts distinct keys: one key signing twice counts once")
    func quorumDistinctKeys() throws {
        let verifier = try TestKeys.verifier([alice, bob, carol])
        let twice = try TestKeys.envelope("x", signedBy: [alice, alice])
        #expect(!verifier.verify(twice, policy: .quorum(2)).satisfied)
        #expect(verifier.verify(twice, policy: .quorum(2)).verifiedKeys == [alice.thumbprint])
        let two = try TestKeys.envelope("x", signedBy: [alice, alice, bob])
        #expect(verifier.verify(two, policy: .quorum(2)).satisfied)
        #expect(!verifier.verify(two, policy: .quorum(3)).satisfied)
    }

    @Test("quorum is not fooled by kids: a signature claiming another kid is not counted for it")
    func quorumIgnoresKid() throws {
        var jws = try TestKeys.envelope("x", signedBy: [alice])
        let forgedHeader = #"{"alg":"Ed25519","kid":"\#(carol.thumbprint)"}"#
        let forged = try TestKeys.compact(header: forgedHeader, payload: "x", signedBy: alice, algorithm: .ed25519)
        try jws.append(contentsOf: try JWS(parsing: Array(forged.utf8)))
        let report = try TestKeys.verifier([alice, carol]).verify(jws, policy: .quorum(2))
        #expect(!report.satisfied)
        #expect(report.verifiedKeys == [alice.thumbprint])
    }

    @Test("all requires every signature; any names the first valid one")
    func allAndAny() throws {
        let jws = try TestKeys.envelope("x", signedBy: [bob, alice])
        let onlyAlice = try TestKeys.verifier([alice])
        #expect(!onlyAlice.verify(jws, policy: .all).satisfied)
        let any = onlyAlice.verify(jws, policy: .any)
        #expect(any.satisfied)
        #expect(any.firstValid?.index == 1)
        #expect(!onlyAlice.verify(try TestKeys.envelope("x", signedBy: [bob]), policy: .any).satisfied)
    }

    @Test("required names keys by thumbprint or by a kid declared by exactly one key")
    func required() throws {
        let verifier = try TestKeys.verifier([alice, bob, carol])
        let jws = try TestKeys.envelope("x", signedBy: [alice, bob])
        #expect(verifier.verify(jws, policy: .required([alice.thumbprint, bob.thumbprint])).satisfied)
        #expect(!verifier.verify(jws, policy: .required([alice.thumbprint, carol.thumbprint])).satisfied)
        #expect(!verifier.verify(jws, policy: .required(["unknown"])).satisfied)
    }

    @Test("the CLI policy syntax parses", arguments: [
        ("all", JWSVerificationPolicy.all), ("any", .any), ("quorum:2", .quorum(2)), ("required:a,b", .required(["a", "b"])),
    ])
    func parsing(text: String, policy: JWSVerificationPolicy) {
        #expect(JWSVerificationPolicy(text) == policy)
        #expect(policy.description == text)
    }

    @Test("malformed policy text is refused", arguments: ["", "quorum:0", "quorum:x", "required:", "most"])
    func malformed(text: String) {
        #expect(JWSVerificationPolicy(text) == nil)
    }
}
