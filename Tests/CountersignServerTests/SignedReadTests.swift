import CountersignJSON
import CountersignTestSupport
import Foundation
import NIOHTTP1
import Testing

@testable import CountersignServer

/// Signed reads keep their nonces in the instance's memory (docs/SECURITY.md, "Signed reads"):
/// a replay to the same instance is refused, one to another instance is answered (the
/// documented trade-off), and writes keep their durable nonces on every instance.
@Suite("Signed reads")
struct SignedReadTests {
    @Test("A replayed signed GET is refused by its instance and answered by another; a replayed write is refused by both", arguments: Engine.available)
    func replayAcrossInstances(engine: Engine) async throws {
        try await TestServer.with(engine) { first in
            let alice = try await MemberSignatureTests.attestedMember(first)
            let signer = MemberSigner(server: first, key: alice.signingKey)
            let read = UUID().uuidString
            try expectStatus(try await signer.send(.GET, "/api/statements", nonce: read), 200)
            expectError(try await signer.send(.GET, "/api/statements", nonce: read), 401, "member_unauthenticated")

            let policy = try JSONParser().parse(Array(MemberSignatureTests.onePartner.utf8))
            let write = UUID().uuidString
            let body: JSONObject = ["title": "Once", "content": .object(["n": 1]), "policy": policy]
            try expectStatus(try await signer.send(.POST, "/api/statements", body, nonce: write), 201)

            let second = try await TestServer.start(engine, sharing: first)
            do {
                let other = MemberSigner(server: second, key: alice.signingKey)
                try expectStatus(try await other.send(.GET, "/api/statements", nonce: read), 200)
                expectError(try await other.send(.POST, "/api/statements", body, nonce: write), 401, "member_unauthenticated")
                await second.stop()
            } catch {
                await second.stop()
                throw error
            }
        }
    }

    @Test("Memory keeps a read's nonce until it expires; when full, reads go to the durable table until its nonces expire")
    func boundedMemory() {
        let nonces = ReadNonces(capacity: 2)
        let now = Date(timeIntervalSince1970: 1_000_000)
        func nonce(_ text: String, expiresIn seconds: TimeInterval = 420) -> SignatureNonce {
            SignatureNonce(keyID: "k", nonce: text, expiresAt: now.addingTimeInterval(seconds))
        }
        #expect(nonces.record(nonce("a"), now: now) == .recorded)
        #expect(nonces.record(nonce("a"), now: now) == .replayed)
        #expect(nonces.record(nonce("b", expiresIn: 10), now: now) == .recorded)
        // Full, nothing expired: the durable table takes it, and every read until it expires.
        #expect(nonces.record(nonce("c"), now: now) == .durable)
        #expect(nonces.record(nonce("a"), now: now.addingTimeInterval(20)) == .replayed)
        #expect(nonces.record(nonce("d"), now: now.addingTimeInterval(20)) == .durable)
        // b expired and was swept, but "c" may still be replayed: the durable table keeps checking.
        #expect(nonces.record(nonce("e"), now: now.addingTimeInterval(400)) == .durable)
        // Every nonce the durable table took has expired (at +420): memory again.
        #expect(nonces.record(nonce("f", expiresIn: 900), now: now.addingTimeInterval(441)) == .recorded)
        #expect(nonces.count <= 2)
    }
}
