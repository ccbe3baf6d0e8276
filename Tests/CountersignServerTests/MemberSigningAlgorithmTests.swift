import Countersign
import CountersignJOSE
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
            var attested: [JWSAlgorithm] = []
            // Every asymmetric algorithm the JOSE layer can make a key for; EdDSA is Ed25519's other name.
            let candidates = JWSAlgorithm.allCases.filter { $0 != .hs256 && $0 != .edDSA }
            for algorithm in candidates {
                let key = try JWK.generate(for: algorithm)
                let reply = try await alice.attestKey(key)
                guard reply.status == 201 else {
                    expectError(reply, 400, "key_type_not_allowed")
                    continue
                }
                attested.append(algorithm)
                let statement = try await alice.createStatement("Signed with \(algorithm.rawValue)", policy: Self.onePartner)
                let vote = try await alice.vote(.approve, on: statement, key: key)
                #expect(vote.status == 201, "a vote with an attested \(algorithm.rawValue) key: \(vote)")
                #expect(try await alice.view(statement)["state"]?.stringValue == "approved", "\(algorithm.rawValue)")
            }
            // The member algorithms (MemberSigningAlgorithms): Ed25519, ES256, ML-DSA-65, ML-DSA-87.
            #expect(Set(attested) == [.ed25519, .es256, .mlDSA65, .mlDSA87], "attested: \(attested.map(\.rawValue))")
        }
    }
}
