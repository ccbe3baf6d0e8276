import CountersignJOSE
import CountersignJSON
import Foundation
import Testing
@testable import Countersign

@Suite struct ReceiptTests {
    @Test("a receipt round-trips through its signature and refuses other keys and tampering")
    func roundTrip() throws {
        let serverKey = try JWK.generate(for: .ed25519)
        let receipt = Receipt(statement: "st_a", digest: "abc", state: "approved",
                              decidedAt: Date(timeIntervalSince1970: 1_795_000_000), approvals: ["h1", "h2"], auditSeq: 42)
        let compact = try receipt.signed(with: serverKey)
        #expect(try Receipt.verify(compact, serverKey: serverKey.publicKey) == receipt)
        #expect(throws: Receipt.Failure.self) { try Receipt.verify(compact, serverKey: try JWK.generate(for: .ed25519).publicKey) }

        // Change one character of the payload: the signature no longer holds.
        var parts = compact.split(separator: ".").map(String.init)
        var payload = try Base64URL.decode(parts[1])
        payload[payload.count - 2] ^= 0x01
        parts[1] = Base64URL.encode(payload)
        #expect(throws: Receipt.Failure.self) { try Receipt.verify(parts.joined(separator: "."), serverKey: serverKey.publicKey) }
    }

    @Test("an audit checkpoint signed by the same key is not a receipt")
    func typeSeparation() throws {
        let serverKey = try JWK.generate(for: .ed25519)
        let checkpoint = try AuditCheckpoint(size: 1, head: "x", at: Date(timeIntervalSince1970: 0)).signed(with: serverKey)
        #expect(throws: Receipt.Failure.malformed("typ is not countersign-receipt+jws")) {
            try Receipt.verify(checkpoint, serverKey: serverKey.publicKey)
        }
    }

    @Test("signature hashes identify the protected header and the signature value")
    func signatureHash() throws {
        let key = try JWK.generate(for: .ed25519)
        var jws = JWS(payload: Array("x".utf8))
        try JWSSigner(key: key).sign(&jws, protectedHeader: ["iat": 1])
        try JWSSigner(key: key).sign(&jws, protectedHeader: ["iat": 2])
        #expect(Receipt.signatureHash(jws.signatures[0]) != Receipt.signatureHash(jws.signatures[1]))
        #expect(Receipt.signatureHash(jws.signatures[0]) == Receipt.signatureHash(jws.signatures[0]))
    }
}
