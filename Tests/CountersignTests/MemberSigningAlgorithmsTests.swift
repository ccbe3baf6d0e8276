import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import Countersign

/// MemberSigningAlgorithms is the one list that admits member keys and verifies their votes
/// (issue 18, hole 4): every algorithm in it must carry a vote through VoteVerifier, and a key of
/// any other algorithm is not a member key.
@Suite struct MemberSigningAlgorithmsTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("every member signing algorithm verifies a vote; no other algorithm's key is admitted")
    func admittedMeansVerified() throws {
        let bytes = JCS.canonicalize(.object(["countersign": "statement/v1", "id": "st_a", "content": "x"]))
        let statement = SignedStatement(id: "st_a", canonicalBytes: bytes, digest: Base64URL.encode(SHA256.hash(data: bytes)))
        for algorithm in JWSAlgorithm.allCases where algorithm != .hs256 {
            guard let key = try? JWK.generate(for: algorithm) else { continue }
            guard MemberSigningAlgorithms.accepts(key) else {
                #expect(!MemberSigningAlgorithms.all.contains(algorithm), "\(algorithm.rawValue) is listed but its key is refused")
                continue
            }
            let verifier = VoteVerifier(keys: [MemberKey(jwk: key, member: "mem_a", method: .passkey, validFrom: t0)])
            for kind in [VoteKind.approve, .reject] {
                let signature = try JWSSigner(key: key).signature(
                    encodedPayload: Base64URL.encode(kind.payload(for: statement)),
                    protectedHeader: ["typ": .string(kind.type), "iat": 1_795_000_100])
                let vote = try verifier.verify(signature, kind: kind, on: statement, member: "mem_a", receivedAt: t0.addingTimeInterval(60))
                #expect(vote.kid == key.thumbprint, "\(algorithm.rawValue) \(kind)")
            }
        }
        #expect(MemberSigningAlgorithms.all == [.ed25519, .edDSA, .es256, .mlDSA65, .mlDSA87])
    }
}
