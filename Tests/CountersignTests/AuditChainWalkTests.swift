import Countersign
import CountersignJSON
import Foundation
import Testing

/// What `countersign audit verify` checks as pages arrive: links, hashes, no gap from seq 1,
/// checkpoint heads, and a log shorter than its checkpoint.
@Suite("Audit chain walk")
struct AuditChainWalkTests {
    /// `count` chained events, as the server would write them.
    static func log(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for index in 0..<count {
            events.append(AuditEvent.next(
                after: events.last, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)), actor: "admin",
                action: "test.event", subject: "s\(index)", details: .object(["n": .number(Double(index))])))
        }
        return events
    }

    @Test("A long log in pages verifies, with its checkpoint")
    func pages() throws {
        let events = Self.log(2500)
        let checkpoint = AuditCheckpoint(size: 2000, head: events[1999].hash, at: Date())
        var walk = AuditChainWalk(checkpoints: [checkpoint])
        for start in stride(from: 0, to: events.count, by: 1000) {
            try walk.add(Array(events[start..<min(start + 1000, events.count)]))
        }
        try walk.finish()
        #expect(walk.count == 2500)
        #expect(walk.head == events.last?.hash)
    }

    @Test("Breaks name the seq: a changed event, a missing page, a wrong checkpoint head, a truncated log")
    func breaks() {
        var events = Self.log(30)
        let original = events[11]
        events[11] = AuditEvent(
            seq: original.seq, at: original.at, actor: original.actor, action: "test.forged", subject: original.subject,
            details: original.details, prev: original.prev, hash: original.hash)
        #expect(Self.breakSeq(events, pages: 10) == 12)

        let log = Self.log(30)
        var gap = AuditChainWalk(checkpoints: [])
        #expect(throws: AuditChainWalk.Break.self) {
            try gap.add(Array(log[0..<10]))
            try gap.add(Array(log[20..<30]))
        }

        let wrongHead = AuditCheckpoint(size: 5, head: log[6].hash, at: Date())
        var walk = AuditChainWalk(checkpoints: [wrongHead])
        do {
            try walk.add(log)
            Issue.record("a wrong checkpoint head passed")
        } catch {
            #expect(error.seq == 5 && error.code == "audit_head_mismatch")
        }

        let beyond = AuditCheckpoint(size: 40, head: "x", at: Date())
        var truncated = AuditChainWalk(checkpoints: [beyond])
        do {
            try truncated.add(log)
            try truncated.finish()
            Issue.record("a truncated log passed")
        } catch {
            #expect(error.seq == 31 && error.code == "audit_truncated")
        }
    }

    static func breakSeq(_ events: [AuditEvent], pages size: Int) -> Int64? {
        var walk = AuditChainWalk(checkpoints: [])
        do {
            for start in stride(from: 0, to: events.count, by: size) { try walk.add(Array(events[start..<min(start + size, events.count)])) }
            return nil
        } catch {
            return error.seq
        }
    }
}
