import CountersignJOSE
import CountersignJSON
import CountersignWebAuthn
import Crypto
import Foundation
import Testing
@testable import Countersign

/// Step-up approvals (docs/formats.md): the unprotected header carries a user-verified passkey
/// assertion whose challenge is SHA-256 of the signature's JWS signing input.
@Suite struct StepUpVoteTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let signingKey: JWK
    let passkey = SoftwarePasskey()
    let otherPasskey = SoftwarePasskey()
    let statement = VoteVerifierTests.statement("st_step", content: "wire 1,000,000")
    let rpID = "countersign.example"
    let origin = "https://countersign.example"

    init() throws {
        signingKey = try JWK.generate(for: .ed25519)
    }

    func verifier(passkeys: [SoftwarePasskey]) throws -> VoteVerifier {
        VoteVerifier(
            keys: [MemberKey(jwk: signingKey, member: "mem_alice", method: .passkey, validFrom: t0)],
            passkeys: try passkeys.map { passkey in
                StepUpPasskey(member: "mem_alice", credentialID: passkey.credentialID, publicKey: try COSEKey(bytes: passkey.coseKey),
                              rpID: rpID, origins: [origin])
            })
    }

    /// An approval whose step-up proof is made by `by` over `challengeInput` (default: its own signing input).
    func approval(by prover: SoftwarePasskey, flags: UInt8 = 0x05, challengeInput: [UInt8]? = nil) throws -> JWS.Signature {
        let payload = VoteKind.approve.payload(for: statement)
        var unsigned = JWS(payload: payload)
        try JWSSigner(key: signingKey).sign(&unsigned, protectedHeader: ["typ": .string(VoteKind.approve.type), "iat": 1_795_000_100])
        let signature = unsigned.signatures[0]
        let input = challengeInput ?? unsigned.signingInput(for: signature)
        let assertion = try prover.assert(challenge: Array(SHA256.hash(data: input)), rpID: rpID, origin: origin, flags: flags)
        let proof: JSONObject = [
            "credentialId": .string(Base64URL.encode(prover.credentialID)),
            "authenticatorData": .string(Base64URL.encode(assertion.authenticatorData)),
            "clientDataJSON": .string(Base64URL.encode(assertion.clientDataJSON)),
            "signature": .string(Base64URL.encode(assertion.signature)),
        ]
        return try JWS.Signature(entry: [
            "protected": .string(signature.encodedProtectedHeader ?? ""), "header": .object(["webauthn": .object(proof)]),
            "signature": .string(signature.encodedSignature),
        ])
    }

    func outcome(_ signature: JWS.Signature, passkeys: [SoftwarePasskey]) throws -> Result<VerifiedVote, VoteError> {
        let voteVerifier = try verifier(passkeys: passkeys)
        do throws(VoteError) {
            return .success(try voteVerifier.verify(
                signature, kind: .approve, on: statement, member: "mem_alice", receivedAt: t0.addingTimeInterval(60)))
        } catch {
            return .failure(error)
        }
    }

    @Test("a user-verified assertion over the signing input makes a step-up vote")
    func accepted() throws {
        let vote = try outcome(try approval(by: passkey), passkeys: [passkey]).get()
        #expect(vote.stepUp)
        #expect(try Vote(vote).stepUpVerified)
    }

    @Test("a vote without a proof verifies but is not step-up")
    func plain() throws {
        let payload = VoteKind.approve.payload(for: statement)
        var jws = JWS(payload: payload)
        try JWSSigner(key: signingKey).sign(&jws, protectedHeader: ["typ": .string(VoteKind.approve.type), "iat": 1])
        #expect(try outcome(jws.signatures[0], passkeys: [passkey]).get().stepUp == false)
    }

    @Test("refused: another passkey, no user verification, a proof over other bytes")
    func refused() throws {
        func code(_ result: Result<VerifiedVote, VoteError>) -> String? {
            if case .failure(let error) = result { return error.code }
            return nil
        }
        #expect(code(try outcome(try approval(by: otherPasskey), passkeys: [passkey])) == "vote_step_up_invalid")
        #expect(code(try outcome(try approval(by: passkey, flags: 0x01), passkeys: [passkey])) == "vote_step_up_invalid")
        #expect(code(try outcome(try approval(by: passkey, challengeInput: Array("another signature".utf8)), passkeys: [passkey]))
            == "vote_step_up_invalid")
    }
}
