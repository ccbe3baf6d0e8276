import Countersign
import CountersignJSON
import CountersignServer
import CountersignStore
import CountersignTestSupport
import Foundation
import Testing

/// Backoff follows the server's clock, and graceful shutdown lets a request in flight finish.
@Suite("Webhook timing", .timeLimit(.minutes(3)))
struct WebhookTimingTests {
    @Test("a retry waits for the backoff on the server's clock", arguments: Engine.available)
    func backoffOnTheClock(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            let configure: (inout ServerConfiguration) -> Void = {
                Webhooks.fast(&$0)
                $0.webhookInitialBackoff = 3600
                $0.webhookMaxBackoff = 7200
            }
            try await TestServer.with(engine, configure: configure) { server in
                let admin = AdminClient(server: server)
                let webhook = try #require(try await admin.registerWebhook(url: receiver.baseURL + "/", events: ["*"]).object["id"]?.stringValue)
                receiver.fail(next: 1)
                _ = try await admin.invite(name: "Eve", roles: [])
                try await eventually("the first attempt") {
                    try await admin.deliveries(of: webhook).first?["attempts"]?.arrayValue?.count == 1
                }
                let pending = try #require(try await admin.deliveries(of: webhook).first)
                let first = try #require(pending["attempts"]?.arrayValue?.first?.objectValue?["at"]?.stringValue.flatMap(Timestamp.parse))
                let next = try #require(pending["nextAttemptAt"]?.stringValue.flatMap(Timestamp.parse))
                // An hour, jittered by at most 20 %, at one-second precision.
                #expect((2879...4321).contains(next.timeIntervalSince(first)), "\(first) -> \(next)")
                try await Task.sleep(for: .milliseconds(400))
                #expect(receiver.received.count == 1, "nothing is sent before the backoff has passed")

                // Admin signatures follow the real clock, so read the outbox directly from here on.
                server.clock.advance(by: 2 * 3600)
                try await eventually("the retry after the clock moved") {
                    try await server.store.read { try await $0.deliveries(webhook: webhook, limit: 1) }.first?.state == .delivered
                }
                #expect(receiver.received.map(\.status) == [503, 200])
            }
        }
    }

    @Test("graceful shutdown finishes the request in flight and records it", arguments: Engine.available)
    func shutdownFinishesInFlight(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            var server = try await TestServer.start(engine, configure: Webhooks.fast)
            do {
                let admin = AdminClient(server: server)
                let webhook = try #require(try await admin.registerWebhook(url: receiver.baseURL + "/", events: ["*"]).object["id"]?.stringValue)
                receiver.setDelay(.milliseconds(1500))
                _ = try await admin.invite(name: "Fay", roles: [])
                try await eventually("a request in flight") { receiver.inFlight == 1 }
                server = try await server.restarted(engine, configure: Webhooks.fast)
                #expect(receiver.received.map(\.status) == [200])
                let deliveries = try await AdminClient(server: server).deliveries(of: webhook)
                #expect(deliveries.first?["state"]?.stringValue == "delivered", "recorded before the server stopped")
                receiver.setDelay(nil)
                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.received.count == 1, "not sent again after the restart")
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }
}
