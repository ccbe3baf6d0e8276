import CountersignJSON
import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

/// The outbox is durable: deliveries pending when the server stops are sent after it restarts on
/// the same database, and every event reaches the receiver exactly once.
@Suite("Webhooks across a restart", .timeLimit(.minutes(3)))
struct WebhookRestartTests {
    @Test("every event is delivered exactly once across a graceful restart, with valid signatures", arguments: Engine.available)
    func exactlyOnce(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            var server = try await TestServer.start(engine, configure: Webhooks.fast)
            do {
                try await scenario(engine, &server, receiver)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    /// The seq of the event a request carries.
    private static func seq(_ request: WebhookReceiver.Received) -> Int64? {
        (try? JSONParser().parse(request.body))?.objectValue?["event"]?.objectValue?["seq"]?.integerValue
    }

    /// Leaves in `server` the one running at the end (the restarted one), for the caller to stop.
    private func scenario(_ engine: Engine, _ server: inout TestServer, _ receiver: WebhookReceiver) async throws {
        let admin = AdminClient(server: server)
        let created = try await admin.registerWebhook(url: receiver.baseURL + "/in", events: ["member.invited"])
        let webhook = try #require(created.object["id"]?.stringValue)
        for n in 1...3 { _ = try await admin.invite(name: "Early \(n)", roles: []) }
        try await eventually("three deliveries accepted") { receiver.received.filter { $0.status == 200 }.count == 3 }

        // The receiver goes down; three more events are tried and left pending.
        receiver.setFailing(true)
        for n in 1...3 { _ = try await admin.invite(name: "Late \(n)", roles: []) }
        try await eventually("three more deliveries tried") {
            Set(receiver.received.filter { $0.status == 503 }.compactMap(Self.seq)).count == 3
        }
        let pending = try await admin.deliveries(of: webhook).filter { $0["state"]?.stringValue == "pending" }
        #expect(pending.count == 3)

        let second = try await server.restarted(engine, configure: Webhooks.fast)
        server = second
        receiver.setFailing(false)
        try await eventually("all six events accepted") {
            Set(receiver.received.filter { $0.status == 200 }.compactMap(Self.seq)).count == 6
        }
        // Give a duplicate, if there were one, time to arrive.
        try await Task.sleep(for: .milliseconds(700))

        let accepted = receiver.received.filter { $0.status == 200 }
        let perSeq = Dictionary(grouping: accepted, by: { Self.seq($0) ?? -1 }).mapValues(\.count)
        #expect(perSeq.count == 6, "\(perSeq)")
        #expect(perSeq.values.allSatisfy { $0 == 1 }, "each event accepted exactly once: \(perSeq)")
        let checks = try await WebhookChecks.fetch(from: second, receiverURL: receiver.baseURL)
        for request in receiver.received { try checks.verify(request) }
        // A delivery keeps its id across the restart: the failed tries and the accepted one match.
        for (seq, tries) in Dictionary(grouping: receiver.received, by: { Self.seq($0) ?? -1 }) {
            #expect(Set(tries.compactMap { $0.header("countersign-delivery") }).count == 1, "event \(seq)")
        }
        let deliveries = try await AdminClient(server: second).deliveries(of: webhook)
        #expect(deliveries.count == 6)
        #expect(deliveries.allSatisfy { $0["state"]?.stringValue == "delivered" })
    }

    @Test("two instances on one database send each event once", arguments: Engine.available)
    func twoInstances(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: Webhooks.fast) { first in
                let second = try await TestServer.start(engine, sharing: first, configure: Webhooks.fast)
                do {
                    try await twoInstancesScenario(first, second, receiver)
                } catch {
                    await second.stop()
                    throw error
                }
                await second.stop()
            }
        }
    }

    private func twoInstancesScenario(_ first: TestServer, _ second: TestServer, _ receiver: WebhookReceiver) async throws {
        let created = try await AdminClient(server: first).registerWebhook(url: receiver.baseURL + "/both", events: ["member.invited"])
        try #require(created.status == 201, "\(created)")
        // Every other request fails at first, so that retries from both instances interleave.
        receiver.fail(next: 4)
        for n in 1...10 { _ = try await AdminClient(server: n.isMultiple(of: 2) ? first : second).invite(name: "Member \(n)", roles: []) }
        try await eventually("ten events accepted") {
            Set(receiver.received.filter { $0.status == 200 }.compactMap(Self.seq)).count == 10
        }
        try await Task.sleep(for: .milliseconds(700))
        let perSeq = Dictionary(grouping: receiver.received.filter { $0.status == 200 }, by: { Self.seq($0) ?? -1 }).mapValues(\.count)
        #expect(perSeq.count == 10 && perSeq.values.allSatisfy { $0 == 1 }, "\(perSeq)")
        let checks = try await WebhookChecks.fetch(from: second, receiverURL: receiver.baseURL)
        for request in receiver.received { try checks.verify(request) }
    }
}
