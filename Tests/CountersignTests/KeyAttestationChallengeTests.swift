import Crypto
import Testing
@testable import Countersign

@Suite struct KeyAttestationChallengeTests {
    @Test("the challenge is SHA-256 of the JCS bytes of the contract object")
    func contract() {
        let challenge = KeyAttestationChallenge(member: "mem_alice", jkt: "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", nonce: "n0nce")
        let expected = #"{"countersign":"key-attestation/v1","jkt":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k","member":"mem_alice","nonce":"n0nce"}"#
        #expect(challenge.canonicalBytes == Array(expected.utf8))
        #expect(challenge.challenge == Array(SHA256.hash(data: Array(expected.utf8))))
    }

    @Test("member, key and nonce each change the challenge")
    func binding() {
        let base = KeyAttestationChallenge(member: "mem_a", jkt: "k1", nonce: "n1").challenge
        #expect(KeyAttestationChallenge(member: "mem_b", jkt: "k1", nonce: "n1").challenge != base)
        #expect(KeyAttestationChallenge(member: "mem_a", jkt: "k2", nonce: "n1").challenge != base)
        #expect(KeyAttestationChallenge(member: "mem_a", jkt: "k1", nonce: "n2").challenge != base)
    }
}
