import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignServer
import CountersignStore
import CountersignTestSupport
import Foundation
import Testing

/// Webhooks through real HTTP: registration rules, signed deliveries to a local receiver,
/// retries with backoff, deletion.
@Suite("Webhooks", .timeLimit(.minutes(3)))
struct WebhookTests {
    @Test("loopback, private, metadata and malformed targets are refused unless allowed, and audited", arguments: Engine.available)
    func refusedTargets(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            let refused = [
                "http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/hook", "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/", "http://192.168.0.10/", "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/",
                "http://0.0.0.0/", "http://2130706433/",
            ]
            for url in refused {
                let reply = try await admin.registerWebhook(url: url, events: ["*"])
                #expect(reply.status == 422 && reply.errorCode == "webhook_target_refused", "\(url): \(reply)")
            }
            for url in ["ftp://example.com/", "http://user:pw@example.com/", "/relative", "http://example.com/#frag",
                        "https://" + String(repeating: "a", count: 2000) + ".com/"] {
                let reply = try await admin.registerWebhook(url: url, events: ["*"])
                #expect(reply.status == 422 && reply.errorCode == "invalid_webhook_url", "\(url): \(reply)")
            }
            let unknownEvent = try await admin.registerWebhook(url: "https://example.com/", events: ["nope.nope"])
            #expect(unknownEvent.status == 422 && unknownEvent.errorCode == "unknown_event")
            let listed = try await admin.signedWithoutBody(.GET, "/api/admin/webhooks")
            #expect(listed.status == 200 && listed.object["webhooks"]?.arrayValue?.isEmpty == true)
            _ = try await server.environment.log.integrate()  // events are recorded pending, then sequenced
            let audit = try await server.store.read { try await $0.auditEvents(after: 0, limit: 1000) }
            let refusals = audit.filter { $0.action == "webhook.refused" }
            #expect(refusals.count == refused.count + 5)
            #expect(refusals.first?.details.objectValue?["code"]?.stringValue == "webhook_target_refused")
            // Unsigned requests are refused like every admin route.
            #expect(try await APIClient(baseURL: server.baseURL, origin: nil).get("/api/admin/webhooks").status == 401)
        }
    }

    @Test("deliveries are signed with the published key; a failing receiver gets retries with the same id", arguments: Engine.available)
    func signedWithRetries(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: Webhooks.fast) { server in
                let admin = AdminClient(server: server)
                let created = try await admin.registerWebhook(url: receiver.baseURL + "/hooks/a?x=1", events: ["member.invited"])
                try #require(created.status == 201, "\(created)")
                let webhook = try #require(created.object["id"]?.stringValue)
                #expect(created.object["events"] == .array([.string("member.invited")]))
                receiver.fail(next: 2)
                let invited = try await admin.invite(name: "Ada", roles: ["investor"])
                try await eventually("a delivery accepted") { receiver.received.contains { $0.status == 200 } }

                let received = receiver.received
                #expect(received.map(\.status) == [503, 503, 200])
                let checks = try await WebhookChecks.fetch(from: server, receiverURL: receiver.baseURL)
                let bodies = try received.map { try checks.verify($0) }
                #expect(Set(received.compactMap { $0.header("countersign-delivery") }).count == 1, "one delivery id on every retry")
                #expect(Set(received.map(\.body)).count == 1, "the same bytes on every retry")
                let event = try #require(bodies.first?["event"]?.objectValue)
                #expect(event["action"]?.stringValue == "member.invited")
                #expect(event["subject"]?.stringValue == invited.member)
                #expect(bodies.first?["webhook"]?.stringValue == webhook)
                #expect(received.first?.path == "/hooks/a" && received.first?.query == "x=1")

                try await eventually("the delivery recorded as delivered") {
                    try await admin.deliveries(of: webhook).first?["state"]?.stringValue == "delivered"
                }
                let deliveries = try await admin.deliveries(of: webhook)
                try #require(deliveries.count == 1)
                let delivery = deliveries[0]
                #expect(delivery["id"]?.stringValue == received.first?.header("countersign-delivery"))
                #expect(delivery["action"]?.stringValue == "member.invited")
                let attempts = delivery["attempts"]?.arrayValue?.compactMap(\.objectValue) ?? []
                #expect(attempts.map { $0["status"]?.integerValue } == [503, 503, 200])
                #expect(delivery["nextAttemptAt"] == .null)
                #expect(delivery["deliveredAt"]?.stringValue != nil)
                let metrics = try await APIClient(baseURL: server.baseURL, origin: nil).get("/metrics").text
                #expect(metrics.contains(#"countersign_webhook_deliveries_total{outcome="delivered"}"#))
                #expect(metrics.contains(#"countersign_webhook_deliveries_total{outcome="retry"}"#))
            }
        }
    }

    @Test("a delivery is given up after the configured attempts", arguments: Engine.available)
    func givesUp(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: { Webhooks.fast(&$0); $0.webhookMaxAttempts = 3 }) { server in
                let admin = AdminClient(server: server)
                let created = try await admin.registerWebhook(url: receiver.baseURL + "/", events: ["*"])
                let webhook = try #require(created.object["id"]?.stringValue)
                receiver.setFailing(true)
                _ = try await admin.invite(name: "Bo", roles: [])
                try await eventually("the delivery given up") {
                    try await admin.deliveries(of: webhook).first?["state"]?.stringValue == "failed"
                }
                let attempts = try await admin.deliveries(of: webhook).first?["attempts"]?.arrayValue ?? []
                #expect(attempts.count == 3)
                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.received.count == 3)
            }
        }
    }

    @Test("the target is checked again at delivery: a loopback webhook gets nothing once private targets are refused", arguments: Engine.available)
    func checkedAtDelivery(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            var server = try await TestServer.start(engine, configure: Webhooks.fast)
            do {
                let webhook = try #require(
                    try await AdminClient(server: server).registerWebhook(url: receiver.baseURL + "/", events: ["*"]).object["id"]?.stringValue)
                server = try await server.restarted(engine) { Webhooks.fast(&$0); $0.webhookAllowPrivateTargets = false }
                let admin = AdminClient(server: server)
                _ = try await admin.invite(name: "Hal", roles: [])
                try await eventually("a refused attempt") {
                    try await admin.deliveries(of: webhook).first?["attempts"]?.arrayValue?.isEmpty == false
                }
                let attempt = try await admin.deliveries(of: webhook).first?["attempts"]?.arrayValue?.first?.objectValue
                #expect(attempt?["status"] == .null)
                #expect(attempt?["error"]?.stringValue?.contains("loopback") == true, "\(String(describing: attempt))")
                #expect(receiver.received.isEmpty)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    @Test("a deleted webhook gets nothing more", arguments: Engine.available)
    func deleted(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: Webhooks.fast) { server in
                let admin = AdminClient(server: server)
                let created = try await admin.registerWebhook(url: receiver.baseURL + "/", events: ["member.invited", "webhook.deleted"])
                let webhook = try #require(created.object["id"]?.stringValue)
                _ = try await admin.invite(name: "Cy", roles: [])
                try await eventually("the first delivery") { receiver.received.count == 1 }
                #expect(try await admin.signedWithoutBody(.DELETE, "/api/admin/webhooks/\(webhook)").status == 204)
                #expect(try await admin.signedWithoutBody(.DELETE, "/api/admin/webhooks/\(webhook)").status == 404)
                _ = try await admin.invite(name: "Di", roles: [])
                try await Task.sleep(for: .milliseconds(800))
                #expect(receiver.received.count == 1)
                let listed = try await admin.signedWithoutBody(.GET, "/api/admin/webhooks")
                #expect(listed.object["webhooks"]?.arrayValue?.isEmpty == true)
                _ = try await server.environment.log.integrate()  // events are recorded pending, then sequenced
                let audit = try await server.store.read { try await $0.auditEvents(after: 0, limit: 1000) }
                #expect(audit.map(\.action).filter { $0.hasPrefix("webhook.") } == ["webhook.created", "webhook.deleted"])
                let createdEvent = audit.first { $0.action == "webhook.created" }
                #expect(createdEvent?.details.objectValue?["origin"]?.stringValue == receiver.baseURL, "the origin only, no path")
            }
        }
    }

    @Test("the server key is published with its thumbprint as kid", arguments: [Engine.sqlite])
    func serverKey(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let checks = try await WebhookChecks.fetch(from: server, receiverURL: "http://unused")
            #expect(checks.key.thumbprint == server.environment.secrets.serverKey.thumbprint)
        }
    }
}
