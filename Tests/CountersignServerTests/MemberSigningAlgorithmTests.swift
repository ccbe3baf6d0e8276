import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Issue 18, hole 4: a key the server attests must be a key whose votes it verifies. ML-DSA-87
/// keys were attested (201) while every vote signed with them was refused
/// (`vote_algorithm_not_allowed`): two lists of member algorithms had drifted apart.
@Suite("Member signing algorithms")
struct MemberSigningAlgorithmTests {
    static let onePartner = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("Every algorithm accepted at attestation is accepted at vote time", arguments: Engine.available)
    func mlDSAKeysAttestedButRefusedAtVote(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            var voted: [JWSAlgorithm] = []
            // Every asymmetric algorithm the JOSE layer can make a key for; EdDSA is Ed25519's other name.
            let candidates = JWSAlgorithm.allCases.filter { $0 != .hs256 && $0 != .edDSA }
            for algorithm in candidates {
                // RSA keys cannot be generated here; no RSA algorithm is a member's either.
                guard let key = try? JWK.generate(for: algorithm) else { continue }
                // The attestation ceremony, step by step: a key of another algorithm is refused at
                // its first step, before any passkey prompt.
                let jwk = JSONValue.object(key.publicKey.jsonObject())
                let options = try await alice.client.post("/api/keys/attestation/options", ["jwk": jwk])
                guard options.status == 200 else {
                    expectError(options, 400, "key_type_not_allowed")
                    continue
                }
                let response = try alice.authenticator.assert(options: try #require(options.object["options"]?.objectValue))
                let attested = try await alice.client.post(
                    "/api/keys", ["ceremony": try #require(options.object["ceremony"]), "jwk": jwk, "response": response])
                try expectStatus(attested, 201)
                voted.append(algorithm)
                let statement = try await alice.createStatement("Signed with \(algorithm.rawValue)", policy: Self.onePartner)
                let vote = try await alice.vote(.approve, on: statement, key: key)
                #expect(vote.status == 201, "a vote with an attested \(algorithm.rawValue) key: \(vote)")
                #expect(try await alice.view(statement)["state"]?.stringValue == "approved", "\(algorithm.rawValue)")
            }
            // The member algorithms (MemberSigningAlgorithms): Ed25519, ES256, ML-DSA-65, ML-DSA-87.
            #expect(Set(voted) == [.ed25519, .es256, .mlDSA65, .mlDSA87], "attested: \(voted.map(\.rawValue))")
        }
    }
}
