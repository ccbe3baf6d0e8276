import Countersign
import CountersignJSON
import CountersignTLog
import Foundation
import Testing
@testable import CountersignStore

@Suite("Transparency log: sequencing pending events into the chain and the tree")
struct LogSequencingTests {
    static func source(_ store: any Store) -> TileHashSource {
        TileHashSource { level, indexes in try await store.read { try await $0.logHashes(level: level, indexes: indexes) } }
    }

    @Test("events recorded before the tree existed are integrated first, in seq order, then pending ones follow", arguments: Engine.available)
    func migrationBacklog(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            // Events written as version 7 wrote them: straight into the chain, no tree.
            var previous: AuditEvent?
            var old: [AuditEvent] = []
            for n in 1...300 {
                let event = AuditEvent.next(after: previous, at: Fixtures.at(Double(n)), actor: "admin", action: "member.invited", subject: "mem_\(n)", details: .object(["n": .number(Double(n))]))
                old.append(event)
                previous = event
            }
            let written = old
            try await store.write { tx in
                let sql = try #require(tx as? SQLTransaction)
                for event in written {
                    try await sql.run(
                        "INSERT INTO audit_events (\(SQLTransaction.auditColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        [.integer(event.seq), .date(event.at), .text(event.actor), .text(event.action), .text(event.subject),
                         .text(String(decoding: JCS.canonicalize(event.details), as: UTF8.self)), .text(event.prev), .text(event.hash)])
                }
                try await tx.appendAudit(actor: "admin", action: "after", subject: "x", details: .null, at: Fixtures.at(400))
            }
            #expect(try await store.read { try await $0.logSize() } == 0)
            var batches: [LogBatch] = []
            repeat {
                batches.append(try await store.write { try await $0.sequencePendingAudit(limit: 128) })
            } while batches.last?.more == true
            // The backlog first, then the pending event once the backlog fits in the batch.
            #expect(batches.map(\.size) == [128, 256, 301])
            #expect(batches.last?.sequenced == [301])
            let events = try await store.read { try await $0.auditEvents(after: 0, limit: 1000) }
            #expect(events.prefix(300).map(\.hash) == old.map(\.hash))
            #expect(throws: Never.self) { try AuditChain.verify(events) }
            // The tree over the entries, as the RFC defines it, is the tree the store keeps.
            let leaves = events.map { MerkleHash.leaf($0.logEntry) }
            #expect(try await MerkleTree.root(size: 301, from: Self.source(store)) == Self.naiveRoot(leaves[...]))
            #expect(try await store.read { try await $0.logHashes(level: 1, indexes: 0..<1) }.count == 1)
            #expect(try await store.read { try await $0.pendingAuditCount() } == 0)
        }
    }

    @Test("hash runs read together equal each run read alone, past one statement's worth; a missing one is refused", arguments: Engine.available)
    func hashRunsTogether(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                for n in 1...600 { try await tx.appendAudit(actor: "admin", action: "test", subject: "s\(n)", details: .null, at: Fixtures.at(Double(n))) }
            }
            repeat {} while try await store.write({ try await $0.sequencePendingAudit(limit: 256) }).more
            // Every leaf of level 0 alone, pairs and whole tiles, and level 1: more runs than one
            // statement takes (SQLTransaction.hashRunsPerStatement), one of them twice.
            var runs = (0..<600).map { StoredHashes(level: 0, indexes: Int64($0)..<Int64($0 + 1)) }
            runs += stride(from: 0, to: 600, by: 2).map { StoredHashes(level: 0, indexes: Int64($0)..<Int64($0 + 2)) }
            runs += [StoredHashes(level: 0, indexes: 256..<512), StoredHashes(level: 1, indexes: 0..<2), runs[7]]
            #expect(runs.count > 2 * SQLTransaction.hashRunsPerStatement)
            let together = try await store.read { [runs] in try await $0.logHashes(runs) }
            #expect(together.count == Set(runs).count)
            for run in Set(runs) {
                let alone = try await store.read { try await $0.logHashes(level: run.level, indexes: run.indexes) }
                #expect(together[run] == alone, "\(run)")
            }
            await #expect(throws: StoreError.self) {
                try await store.read { try await $0.logHashes([StoredHashes(level: 0, indexes: 590..<610)]) }
            }
        }
    }

    @Test("the sequencer's lease: one holder at a time, taken over once it runs out", arguments: Engine.available)
    func lease(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let start = Fixtures.at(0)
            #expect(try await store.write { try await $0.claimLogSequencer(holder: "a", now: start, leaseUntil: start.addingTimeInterval(10)) })
            #expect(try await !store.write { try await $0.claimLogSequencer(holder: "b", now: start.addingTimeInterval(5), leaseUntil: start.addingTimeInterval(15)) })
            #expect(try await store.write { try await $0.claimLogSequencer(holder: "a", now: start.addingTimeInterval(5), leaseUntil: start.addingTimeInterval(15)) })
            #expect(try await store.write { try await $0.claimLogSequencer(holder: "b", now: start.addingTimeInterval(16), leaseUntil: start.addingTimeInterval(26)) })
            try await store.write { try await $0.releaseLogSequencer(holder: "b") }
            #expect(try await store.write { try await $0.claimLogSequencer(holder: "c", now: start.addingTimeInterval(17), leaseUntil: start.addingTimeInterval(27)) })
        }
    }

    @Test("an audit event larger than a log entry may be is refused before anything is written", arguments: [Engine.sqlite])
    func entryBound(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            await #expect(throws: StoreError.self) {
                try await store.write { tx in
                    try await tx.appendAudit(actor: "a", action: "b", subject: "c", details: .string(String(repeating: "x", count: 70_000)), at: Fixtures.at(1))
                }
            }
            // Escapes count: a subject of 33,000 quotes is 66,000 bytes in the entry.
            await #expect(throws: StoreError.self) {
                try await store.write { tx in
                    try await tx.appendAudit(actor: "a", action: "b", subject: String(repeating: "\"", count: 33_000), details: .null, at: Fixtures.at(1))
                }
            }
            #expect(try await store.read { try await $0.pendingAuditCount() } == 0)
        }
    }

    static func naiveRoot(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        if leaves.isEmpty { return .empty }
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        var k = 1
        while k << 1 < leaves.count { k <<= 1 }
        let split = leaves.startIndex + k
        return .node(naiveRoot(leaves[..<split]), naiveRoot(leaves[split...]))
    }
}
