import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// A signed vote spends its request nonce in the vote's own transaction (`SignatureNonce`), and
/// alone when the vote does not commit: every nonce is still accepted once, whatever the vote's
/// fate, and replays are refused 401 and audited like any failed signature.
@Suite("Nonces of signed votes")
struct VoteNonceTests {
    @Test("Replays of an accepted, a refused and a malformed vote are refused 401; two identical votes at once count once", arguments: Engine.available)
    func replays(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await MemberSignatureTests.attestedMember(server)
            let signer = MemberSigner(server: server, key: alice.signingKey)
            let id = try await alice.createStatement("Once", policy: MemberSignatureTests.onePartner)
            let (payload, digest) = try await alice.document(of: id)
            let approval: JSONObject = ["signature": .object(try alice.signature(.approve, statement: id, payload: payload, digest: digest))]
            let rejection: JSONObject = ["signature": .object(try alice.signature(.reject, statement: id, payload: payload, digest: digest))]

            // The same signed approval twice at once: one vote, one replay.
            let nonce = UUID().uuidString
            async let first = signer.send(.POST, "/api/statements/\(id)/approvals", approval, nonce: nonce)
            async let second = signer.send(.POST, "/api/statements/\(id)/approvals", approval, nonce: nonce)
            let replies = try await [first, second]
            #expect(replies.map(\.status).sorted() == [201, 401], "\(replies)")
            #expect(replies.contains { $0.errorCode == "member_unauthenticated" })
            expectError(try await signer.send(.POST, "/api/statements/\(id)/approvals", approval, nonce: nonce), 401, "member_unauthenticated")

            // A refused vote spends its nonce too: its replay is a replay, not the refusal again.
            let late = UUID().uuidString
            expectError(try await signer.send(.POST, "/api/statements/\(id)/rejections", rejection, nonce: late), 409, "statement_final")
            expectError(try await signer.send(.POST, "/api/statements/\(id)/rejections", rejection, nonce: late), 401, "member_unauthenticated")

            // So does a request refused before the vote is looked at.
            let malformed = UUID().uuidString
            let bad: JSONObject = ["signature": .string("not an entry")]
            expectError(try await signer.send(.POST, "/api/statements/\(id)/approvals", bad, nonce: malformed), 400)
            expectError(try await signer.send(.POST, "/api/statements/\(id)/approvals", bad, nonce: malformed), 401, "member_unauthenticated")

            let events = try await AuditLog.all(alice.client)
            #expect(events.filter { $0.action == "vote.approve" }.count == 1)
            #expect(events.filter { $0.action == "vote.refused" }.count == 1)
            let replays = events.filter { $0.action == "request.refused" }
            #expect(replays.count == 4)
            #expect(replays.allSatisfy { $0.details.objectValue?["keyid"]?.stringValue == alice.signingKey.thumbprint })
        }
    }
}
