import CountersignJOSE
import CountersignJSON
import Foundation
import Testing
@testable import Countersign

@Suite struct VoteReceiptTests {
    static let receipt = VoteReceipt(
        statement: "st_a", digest: "abc", member: "mb_alice", kind: .approve, vote: "h1",
        receivedAt: Date(timeIntervalSince1970: 1_795_000_000), state: .pending, weight: 1, threshold: 2)

    @Test("a vote receipt round-trips through its signature and refuses other keys and tampering")
    func roundTrip() throws {
        let serverKey = try JWK.generate(for: .ed25519)
        let compact = try Self.receipt.signed(with: serverKey)
        #expect(try VoteReceipt.verify(compact, serverKey: serverKey.publicKey) == Self.receipt)
        #expect(throws: Receipt.Failure.self) { try VoteReceipt.verify(compact, serverKey: try JWK.generate(for: .ed25519).publicKey) }

        var parts = compact.split(separator: ".").map(String.init)
        var payload = try Base64URL.decode(parts[1])
        payload[payload.count - 2] ^= 0x01
        parts[1] = Base64URL.encode(payload)
        #expect(throws: Receipt.Failure.self) { try VoteReceipt.verify(parts.joined(separator: "."), serverKey: serverKey.publicKey) }
    }

    @Test("a decision receipt signed by the same key is not a vote receipt, nor the other way round")
    func typeSeparation() throws {
        let serverKey = try JWK.generate(for: .ed25519)
        let decision = try Receipt(statement: "st_a", digest: "abc", state: "approved", decidedAt: nil, approvals: ["h1"], auditSeq: 1)
            .signed(with: serverKey)
        #expect(throws: Receipt.Failure.malformed("typ is not countersign-vote-receipt+jws")) {
            try VoteReceipt.verify(decision, serverKey: serverKey.publicKey)
        }
        let vote = try Self.receipt.signed(with: serverKey)
        #expect(throws: Receipt.Failure.self) { try Receipt.verify(vote, serverKey: serverKey.publicKey) }
    }

    @Test("the payload names its format, the rejection kind included")
    func payload() {
        let rejection = VoteReceipt(
            statement: "st_a", digest: "abc", member: "mb_bob", kind: .reject, vote: "h2", receivedAt: Date(timeIntervalSince1970: 0),
            state: .rejected, weight: 0, threshold: 2)
        #expect(rejection.payload["countersign"] == "vote-receipt/v1")
        #expect(rejection.payload["kind"] == "reject")
        #expect(rejection.payload["state"] == "rejected")
        #expect(rejection.payload.count == 10)
    }
}
