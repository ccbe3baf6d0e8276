import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Server-side request forgery through webhooks: a target that names an internal address in any
/// spelling is refused at registration, stores nothing, and the refusal is audited. (Delivery-time
/// re-checks are in `Webhooks`: "the target is checked again at delivery".) Redirects are never
/// followed.
@Suite("Attack: webhook SSRF", .timeLimit(.minutes(3)))
struct WebhookSSRFAttacks {
    static let internalTargets = [
        // Loopback and its other spellings: decimal, octal, hex, short forms.
        "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/",
        "http://017700000001/", "http://localhost./", "http://LOCALHOST/",
        // Private ranges and the cloud metadata address, plain and disguised.
        "http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/", "http://0251.0376.0251.0376/", "http://0xa9fea9fe/", "http://0.0.0.0/", "http://0/",
        // IPv6: loopback, unspecified, unique-local, link-local, IPv4-mapped and -compatible forms.
        "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/", "http://[::]/", "http://[fd12:3456::1]/", "http://[fc00::1]/", "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/",
        "http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
    ]

    @Test("Webhook SSRF to loopback, private ranges, metadata and IPv6 internal addresses in any spelling is refused", arguments: Engine.available)
    func ssrf(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            for url in Self.internalTargets {
                let reply = try await admin.registerWebhook(url: url, events: ["*"])
                #expect(reply.status == 422, "\(url): \(reply)")
                #expect(["webhook_target_refused", "invalid_webhook_url"].contains(reply.errorCode ?? ""), "\(url): \(reply)")
            }
            let listed = try await admin.signedWithoutBody(.GET, "/api/admin/webhooks")
            #expect(listed.status == 200 && listed.object["webhooks"]?.arrayValue?.isEmpty == true)
            #expect(try await admin.auditEvents("webhook.refused").count == Self.internalTargets.count)
            #expect(try await admin.auditEvents("webhook.created").isEmpty)
        }
    }

    @Test("Webhook SSRF through a redirect to a private address: the redirect is not followed, a 3xx is a failed attempt", arguments: Engine.available)
    func redirectToPrivateAddress(engine: Engine) async throws {
        try await WebhookReceiver.with { receiver in
            try await TestServer.with(engine, configure: { Webhooks.fast(&$0); $0.webhookMaxAttempts = 2 }) { server in
                let admin = AdminClient(server: server)
                let webhook = try #require(try await admin.registerWebhook(url: receiver.baseURL + "/hook", events: ["*"]).object["id"]?.stringValue)
                // The target answers with a redirect to an internal address (here the loopback receiver's
                // /elsewhere, which the test allows as a target only so that a follow would be seen).
                receiver.setRedirect(receiver.baseURL + "/elsewhere")
                _ = try await admin.invite(name: "Gus", roles: [])
                try await eventually("the delivery given up") {
                    try await admin.deliveries(of: webhook).first?["state"]?.stringValue == "failed"
                }
                let attempts = try await admin.deliveries(of: webhook).first?["attempts"]?.arrayValue?.compactMap(\.objectValue) ?? []
                #expect(attempts.map { $0["status"]?.integerValue } == [302, 302])
                #expect(receiver.received.allSatisfy { $0.path == "/hook" }, "the Location was never requested")
            }
        }
    }
}
