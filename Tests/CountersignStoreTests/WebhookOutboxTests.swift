import Foundation
import Testing
@testable import CountersignStore

@Suite("Webhook outbox")
struct WebhookOutboxTests {
    static func webhook(_ n: Int, since: Int64 = 0) -> WebhookRecord {
        WebhookRecord(id: "whk_\(n)", url: "https://receiver.example/\(n)", events: ["*"], sinceSeq: since, createdAt: StoreTime.truncated(Fixtures.at(0)))
    }

    static func delivery(_ id: String, webhook: Int, seq: Int64, due: Double = 0) -> DeliveryRecord {
        DeliveryRecord(
            id: id, webhook: "whk_\(webhook)", eventSeq: seq, action: "member.invited", payload: Array("{\"id\":\"\(id)\"}".utf8),
            nextAttemptAt: StoreTime.truncated(Fixtures.at(due)), createdAt: StoreTime.truncated(Fixtures.at(0)))
    }

    @Test("one delivery per (webhook, event): a second is not queued; records round-trip", arguments: Engine.available)
    func uniqueness(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            let inserted = try await store.write { tx -> [Bool] in
                try await tx.insertWebhook(Self.webhook(1))
                try await tx.insertWebhook(Self.webhook(2))
                return [
                    try await tx.insertDelivery(Self.delivery("dlv_a", webhook: 1, seq: 5)),
                    try await tx.insertDelivery(Self.delivery("dlv_b", webhook: 1, seq: 5)),
                    try await tx.insertDelivery(Self.delivery("dlv_c", webhook: 2, seq: 5)),
                    try await tx.insertDelivery(Self.delivery("dlv_d", webhook: 1, seq: 6)),
                ]
            }
            #expect(inserted == [true, false, true, true])
            await expectStoreError(.duplicate, "webhook id") {
                try await store.write { tx in try await tx.insertWebhook(Self.webhook(1)) }
            }
            try await store.read { reader async throws in
                #expect(try await reader.webhooks().map(\.id) == ["whk_1", "whk_2"])
                #expect(try await reader.webhook("whk_2") == Self.webhook(2))
                let listed = try await reader.deliveries(webhook: "whk_1", limit: 10)
                #expect(listed.map(\.id) == ["dlv_d", "dlv_a"])
                #expect(listed.last == Self.delivery("dlv_a", webhook: 1, seq: 5))
            }
        }
    }

    @Test("the cursor starts at 0 and advances", arguments: Engine.available)
    func cursor(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            #expect(try await store.write { try await $0.lockWebhookCursor() } == 0)
            try await store.write { try await $0.advanceWebhookCursor(to: 42) }
            #expect(try await store.write { try await $0.lockWebhookCursor() } == 42)
            #expect(try await store.read { try await $0.webhookCursor() } == 42)
        }
    }

    @Test("a lease excludes a second claimer until it runs out; only the holder records", arguments: Engine.available)
    func lease(engine: Engine) async throws {
        try await withStore(engine) { first, database async throws in
            let second = try await database.open()
            do {
                try await Self.leaseChecks(first, second)
            } catch {
                await second.shutdown()
                throw error
            }
            await second.shutdown()
        }
    }

    private static func leaseChecks(_ first: SQLStore, _ second: SQLStore) async throws {
        try await first.write { tx in
            try await tx.insertWebhook(Self.webhook(1))
            for seq in 1...20 { _ = try await tx.insertDelivery(Self.delivery("dlv_\(seq)", webhook: 1, seq: Int64(seq))) }
        }
        let now = Fixtures.at(10)
        #expect(try await first.read { try await $0.hasDueDeliveries(now: now) })
        #expect(try await first.read { try await $0.hasDueDeliveries(now: Fixtures.at(-1)) } == false, "none due yet")
        // Two stores (two server instances) claim at the same instant, concurrently.
        async let a = first.write { try await $0.claimDeliveries(now: now, leaseUntil: Fixtures.at(70), lease: "A", limit: 15) }
        async let b = second.write { try await $0.claimDeliveries(now: now, leaseUntil: Fixtures.at(70), lease: "B", limit: 15) }
        let (claimedA, claimedB) = try await (a, b)
        let idsA = Set(claimedA.map(\.id))
        let idsB = Set(claimedB.map(\.id))
        #expect(idsA.isDisjoint(with: idsB))
        // A third claimer gets what the first two left (on PostgreSQL the loser of a row lock
        // skips the rows the winner took, so it may get fewer than asked), none of theirs.
        let rest = try await first.write { try await $0.claimDeliveries(now: now, leaseUntil: Fixtures.at(70), lease: "C", limit: 50) }
        let idsC = Set(rest.map(\.id))
        #expect(idsC.isDisjoint(with: idsA.union(idsB)))
        #expect(idsA.count + idsB.count + idsC.count == 20)
        #expect(try await first.read { try await $0.hasDueDeliveries(now: Fixtures.at(20)) } == false, "all leased")
        // Nothing is left for a fourth claimer while the leases hold.
        #expect(try await first.write { try await $0.claimDeliveries(now: Fixtures.at(20), leaseUntil: Fixtures.at(80), lease: "E", limit: 50) }.isEmpty)
        // Only the holder of the lease records an attempt.
        let (held, holder) = try #require(claimedA.first.map { ($0, "A") } ?? claimedB.first.map { ($0, "B") })
        let attempt = DeliveryAttempt(at: Fixtures.at(11), status: 500, error: nil)
        #expect(try await first.write { try await $0.finishDelivery(held.id, lease: "C", attempts: [attempt], outcome: .delivered, at: Fixtures.at(11)) } == false)
        #expect(try await first.write { try await $0.finishDelivery(held.id, lease: holder, attempts: [attempt], outcome: .retry(at: Fixtures.at(15)), at: Fixtures.at(11)) })
        let stored = try #require(try await first.read { try await $0.delivery(held.id) })
        #expect(stored.state == .pending)
        #expect(stored.attempts == [DeliveryAttempt(at: StoreTime.truncated(Fixtures.at(11)), status: 500, error: nil)])
        #expect(stored.leasedUntil == nil)
        // Once the leases ran out, everything is claimable again (the retried one is due too).
        let again = try await second.write { try await $0.claimDeliveries(now: Fixtures.at(71), leaseUntil: Fixtures.at(130), lease: "D", limit: 50) }
        #expect(again.count == 20)
    }

    @Test("a deleted webhook's pending deliveries fail and are never claimed", arguments: Engine.available)
    func deletion(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                try await tx.insertWebhook(Self.webhook(1))
                _ = try await tx.insertDelivery(Self.delivery("dlv_1", webhook: 1, seq: 1))
            }
            #expect(try await store.write { try await $0.deleteWebhook("whk_1", at: Fixtures.at(1)) })
            #expect(try await store.write { try await $0.deleteWebhook("whk_1", at: Fixtures.at(2)) } == false)
            #expect(try await store.write { try await $0.claimDeliveries(now: Fixtures.at(5), leaseUntil: Fixtures.at(60), lease: "A", limit: 5) }.isEmpty)
            try await store.read { reader async throws in
                #expect(try await reader.webhooks().isEmpty)
                #expect(try await reader.delivery("dlv_1")?.state == .failed)
            }
        }
    }
}
