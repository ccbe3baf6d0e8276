import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import Countersign

/// The vote rules of docs/formats.md and 4.5, each with a test that fails without it.
@Suite struct VoteVerifierTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let aliceKey: JWK
    let aliceSecondKey: JWK
    let bobKey: JWK
    let statementA: SignedStatement
    let statementB: SignedStatement
    let verifier: VoteVerifier

    init() throws {
        aliceKey = try JWK.generate(for: .ed25519)
        aliceSecondKey = try JWK.generate(for: .es256)
        bobKey = try JWK.generate(for: .ed25519)
        statementA = Self.statement("st_a", content: "transfer 100")
        statementB = Self.statement("st_b", content: "transfer 900")
        verifier = VoteVerifier(keys: [
            MemberKey(jwk: aliceKey, member: "mem_alice", method: .passkey, validFrom: t0),
            MemberKey(jwk: aliceSecondKey, member: "mem_alice", method: .adminToken, validFrom: t0),
            MemberKey(jwk: bobKey, member: "mem_bob", method: .passkey, validFrom: t0, revokedAt: t0.addingTimeInterval(3600)),
        ])
    }

    static func statement(_ id: String, content: String) -> SignedStatement {
        let bytes = JCS.canonicalize(.object(["countersign": "statement/v1", "id": .string(id), "content": .string(content)]))
        return SignedStatement(id: id, canonicalBytes: bytes, digest: Base64URL.encode(SHA256.hash(data: bytes)))
    }

    /// A signature entry by `key` over `kind`'s payload for `statement`, with header overrides.
    func vote(_ kind: VoteKind, on statement: SignedStatement, by key: JWK, header: JSONObject = [:]) throws -> JWS.Signature {
        var protected: JSONObject = ["typ": .string(kind.type), "iat": 1_795_000_100]
        for (name, value) in header { protected[name] = value }
        var jws = JWS(payload: kind.payload(for: statement))
        try JWSSigner(key: key).sign(&jws, protectedHeader: protected)
        return jws.signatures[0]
    }

    /// A signature entry with exactly `header` as protected header, signed by `key` (no signer defaults).
    func forged(_ header: JSONObject, over payload: [UInt8], by key: JWK, algorithm: JWSAlgorithm) throws -> JWS.Signature {
        let encodedHeader = Base64URL.encode(JCS.canonicalize(.object(header)))
        let input = Array((encodedHeader + "." + Base64URL.encode(payload)).utf8)
        let signature = try SignaturePrimitives.sign(input, algorithm: algorithm, key: key.material)
        return try JWS.Signature(entry: ["protected": .string(encodedHeader), "signature": .string(Base64URL.encode(signature))])
    }

    func refusal(_ signature: JWS.Signature, _ kind: VoteKind = .approve, on statement: SignedStatement? = nil,
                 member: String? = "mem_alice", at: Date? = nil) -> VoteError? {
        do {
            _ = try verifier.verify(signature, kind: kind, on: statement ?? statementA, member: member, receivedAt: at ?? t0.addingTimeInterval(60))
            return nil
        } catch {
            return error
        }
    }

    @Test("a well-formed approval and rejection verify and name the member and key")
    func accepted() throws {
        let approval = try verifier.verify(try vote(.approve, on: statementA, by: aliceKey), kind: .approve, on: statementA,
                                           member: "mem_alice", receivedAt: t0.addingTimeInterval(60))
        #expect(approval.member == "mem_alice" && approval.kid == aliceKey.thumbprint && approval.keyMethod == .passkey)
        let offline = try verifier.verify(try vote(.reject, on: statementA, by: bobKey), kind: .reject, on: statementA,
                                          member: nil, receivedAt: t0.addingTimeInterval(60))
        #expect(offline.member == "mem_bob" && offline.kind == .reject)
    }

    @Test("an approval for statement A submitted on statement B is refused")
    func wrongStatement() throws {
        #expect(refusal(try vote(.approve, on: statementA, by: aliceKey), on: statementB)?.code == "vote_signature_invalid")
    }

    @Test("a rejection placed as an approval (and the reverse) is refused")
    func kindConfusion() throws {
        #expect(refusal(try vote(.reject, on: statementA, by: aliceKey), .approve) == .wrongType(expected: VoteKind.approve.type))
        // Even with the approval typ, a rejection payload does not verify as an approval.
        let forged = try vote(.reject, on: statementA, by: aliceKey, header: ["typ": .string(VoteKind.approve.type)])
        #expect(refusal(forged, .approve)?.code == "vote_signature_invalid")
    }

    @Test("a key revoked before the vote arrived is refused; a vote before the revocation stands")
    func revokedKey() throws {
        let signature = try vote(.approve, on: statementA, by: bobKey)
        #expect(refusal(signature, member: "mem_bob", at: t0.addingTimeInterval(3599)) == nil)
        #expect(refusal(signature, member: "mem_bob", at: t0.addingTimeInterval(3600)) == .keyNotValidAtReceipt)
        #expect(refusal(signature, member: "mem_bob", at: t0.addingTimeInterval(-1)) == .keyNotValidAtReceipt)
    }

    @Test("a kid naming another member's key is refused, whoever signed")
    func kidOfAnotherMember() throws {
        // Alice submits a vote whose kid names Bob's key.
        let header: JSONObject = ["alg": "Ed25519", "kid": .string(bobKey.thumbprint), "typ": .string(VoteKind.approve.type), "iat": 1]
        let claimsBob = try forged(header, over: VoteKind.approve.payload(for: statementA), by: aliceKey, algorithm: .ed25519)
        #expect(refusal(claimsBob, member: "mem_alice") == .keyOfAnotherMember)
        // Offline, the kid selects Bob's key, and Alice's signature does not verify with it.
        #expect(refusal(claimsBob, member: nil)?.code == "vote_signature_invalid")
    }

    @Test("alg none, HS256 and a mismatched key type are refused")
    func algorithms() throws {
        let good = try vote(.approve, on: statementA, by: aliceKey)
        func withHeader(_ header: String) throws -> JWS.Signature {
            try JWS.Signature(entry: ["protected": .string(Base64URL.encode(Array(header.utf8))), "signature": .string(good.encodedSignature)])
        }
        #expect(refusal(try withHeader(#"{"alg":"none","iat":1,"kid":"\#(aliceKey.thumbprint)","typ":"countersign-approval+jws"}"#))
            == .algorithmNotAllowed("none"))
        #expect(refusal(try withHeader(#"{"alg":"HS256","iat":1,"kid":"\#(aliceKey.thumbprint)","typ":"countersign-approval+jws"}"#))
            == .algorithmNotAllowed("HS256"))
        #expect(refusal(try withHeader(#"{"alg":"ES256","iat":1,"kid":"\#(aliceKey.thumbprint)","typ":"countersign-approval+jws"}"#))?.code
            == "vote_signature_invalid")
    }

    @Test("typ and iat are required in the protected header; unknown keys are refused")
    func headerRules() throws {
        #expect(refusal(try vote(.approve, on: statementA, by: aliceKey, header: ["typ": "JWT"])) == .wrongType(expected: VoteKind.approve.type))
        var jws = JWS(payload: VoteKind.approve.payload(for: statementA))
        try JWSSigner(key: aliceKey).sign(&jws, protectedHeader: ["typ": .string(VoteKind.approve.type)])
        #expect(refusal(jws.signatures[0]) == .missingIssuedAt)
        #expect(refusal(try vote(.approve, on: statementA, by: try JWK.generate(for: .ed25519))) == .unknownKey)
    }
}
