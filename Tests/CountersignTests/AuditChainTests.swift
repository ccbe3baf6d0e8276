import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import Countersign

@Suite struct AuditChainTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    func chain(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for index in 0..<count {
            events.append(.next(
                after: events.last, at: start.addingTimeInterval(Double(index)), actor: "mem_alice",
                action: "vote.approve", subject: "st_\(index)", details: .object(["weight": .number(Double(index))])))
        }
        return events
    }

    @Test("a chain built event by event verifies and reports its head")
    func verifies() throws {
        let events = chain(5)
        #expect(events.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(events[0].prev == AuditEvent.genesis)
        #expect(try AuditChain.verify(events) == events[4].hash)
        // A later page verifies given the hash before it.
        #expect(try AuditChain.verify(Array(events[2...]), previousHash: events[1].hash) == events[4].hash)
    }

    @Test("the hash is SHA-256(prev bytes || JCS(event without hash)), as docs/api.md specifies")
    func hashDefinition() throws {
        let event = chain(1)[0]
        var input = try Base64URL.decode(event.prev)
        var object = event.jsonObject
        object["hash"] = nil
        input += JCS.canonicalize(.object(object))
        #expect(Base64URL.encode(SHA256.hash(data: input)) == event.hash)
    }

    @Test("a changed, removed, reordered or renumbered event is found")
    func tampering() {
        let events = chain(4)
        var changed = events
        let victim = events[1]
        changed[1] = AuditEvent(seq: victim.seq, at: victim.at, actor: "mem_mallory", action: victim.action,
                                subject: victim.subject, details: victim.details, prev: victim.prev, hash: victim.hash)
        #expect(throws: AuditChain.Failure.hashMismatch(seq: 2)) { try AuditChain.verify(changed) }

        var removed = events
        removed.remove(at: 1)
        #expect(throws: AuditChain.Failure.sequenceGap(expected: 2, found: 3)) { try AuditChain.verify(removed) }

        var swapped = events
        swapped.swapAt(1, 2)
        #expect(throws: AuditChain.Failure.self) { try AuditChain.verify(swapped) }

        // Rewriting an event with a fresh hash still breaks the next link.
        var rewritten = events
        rewritten[1] = .next(after: events[0], at: victim.at, actor: "mem_mallory", action: victim.action,
                             subject: victim.subject, details: victim.details)
        #expect(throws: AuditChain.Failure.brokenLink(seq: 3)) { try AuditChain.verify(rewritten) }
    }

    @Test("checkpoints are signed by the server key and verify only with it")
    func checkpoints() throws {
        let events = chain(3)
        let serverKey = try JWK.generate(for: .ed25519)
        let checkpoint = AuditCheckpoint(size: 3, head: events[2].hash, at: start)
        let compact = try checkpoint.signed(with: serverKey)
        #expect(try AuditCheckpoint.verify(compact, serverKey: serverKey.publicKey) == checkpoint)
        let otherKey = try JWK.generate(for: .ed25519)
        #expect(throws: AuditCheckpoint.Failure.self) { try AuditCheckpoint.verify(compact, serverKey: otherKey.publicKey) }
        // A server signature over other content with another typ is not a checkpoint.
        var jws = JWS(payload: Array(#"{"at":"2026-11-21T00:00:00Z","head":"x","size":1}"#.utf8))
        try JWSSigner(key: serverKey).sign(&jws, protectedHeader: ["typ": "countersign-receipt+jws"])
        #expect(throws: AuditCheckpoint.Failure.malformed("typ is not countersign-checkpoint+jws")) {
            try AuditCheckpoint.verify(try jws.compactSerialization(), serverKey: serverKey.publicKey)
        }
    }
}

@Suite struct TimestampTests {
    @Test("canonical UTC spelling with whole seconds", arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_795_000_000.9, "2026-11-18T11:06:40Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"), (4_102_444_800, "2100-01-01T00:00:00Z"),
    ])
    func format(seconds: Double, text: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test("non-finite and out-of-range instants are clamped, never a crash")
    func clamped() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: .infinity)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -.infinity)) == "0000-01-01T00:00:00Z")
    }

    @Test("RFC 3339 offsets and fractions are read and normalised")
    func parse() {
        #expect(Timestamp.parse("2026-11-21T12:00:00+02:00") == Timestamp.parse("2026-11-21T10:00:00Z"))
        #expect(Timestamp.parse("2026-11-21T10:00:00.5Z")?.timeIntervalSince1970 == (Timestamp.parse("2026-11-21T10:00:00Z")?.timeIntervalSince1970 ?? 0) + 0.5)
    }

    @Test("non-dates are refused", arguments: [
        "2026-11-21", "2026-11-21T10:00:00", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-21T24:00:00Z",
        "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00+0200", "2026-11-21 10:00:00Z", "x026-11-21T10:00:00Z",
    ])
    func refused(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
