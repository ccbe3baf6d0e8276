import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// "Private key served by an endpoint": after a full setup (passkey members with attested keys
/// and encrypted key copies, a service member with an admin-enrolled key, a decided statement
/// with its evidence, a webhook, an audit checkpoint), every GET route of the OpenAPI document is
/// walked as a member and as the admin, and no response contains private key material.
@Suite("Attack: secrets served by an endpoint", .timeLimit(.minutes(3)))
struct SecretExposureAttacks {
    /// The GET paths of the OpenAPI document, each with its parameters filled by every candidate.
    static func getRoutes(_ server: TestServer, fillers: [String]) async throws -> [String] {
        let document = try await APIClient(baseURL: server.baseURL, origin: nil).get("/openapi.yaml")
        try expectStatus(document, 200)
        var paths: [String] = []
        var current: String?
        for line in document.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
            } else if line == "    get:", let path = current {
                paths.append(path)
            } else if !line.hasPrefix(" "), !line.isEmpty {
                current = nil
            }
        }
        return paths.flatMap { path -> [String] in
            guard path.contains("{") else { return [path] }
            return fillers.map { path.replacingOccurrences(of: #"\{[^}]+\}"#, with: $0, options: .regularExpression) }
        }
    }

    /// The JWK private members a response must never carry.
    static let privateMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "k"]

    /// Names of private JWK members found anywhere in `value` (objects that look like a JWK).
    static func privateJWKMembers(_ value: JSONValue) -> [String] {
        switch value {
        case .object(let object):
            let own = object["kty"] != nil ? object.keys.filter { privateMembers.contains($0) } : []
            return own + object.keys.flatMap { object[$0].map(privateJWKMembers) ?? [] }
        case .array(let items):
            return items.flatMap(privateJWKMembers)
        default:
            return []
        }
    }

    @Test("Private key served by an endpoint: no GET route returns private key material, as member or admin", arguments: Engine.available)
    func noPrivateKeyServed(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.webhookAllowPrivateTargets = true }) { server in
            let admin = AdminClient(server: server)
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            try expectStatus(try await alice.putCopy(alice.kid, alice.copyBody()), 201)
            let service = try await admin.invite(name: "build-bot", roles: ["partner"])
            let serviceKey = try JWK.generate(for: .ed25519)
            try expectStatus(try await KeyEnrolment.enrol(
                server, token: try KeyEnrolment.token(member: service.member, key: serviceKey, adminKey: server.adminKey), key: serviceKey), 201)
            let webhook = try await admin.registerWebhook(url: "http://127.0.0.1:9/hook", events: ["*"])
            try expectStatus(webhook, 201)
            let statement = try await alice.createStatement(policy: #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)
            try expectStatus(try await alice.vote(.approve, on: statement), 201)
            try expectStatus(try await bob.vote(.approve, on: statement), 201)

            // Every secret, in every encoding a response could leak it in.
            let adminKey = server.adminKey
            let serverD = try #require(server.environment.secrets.serverKey.jsonObject(includePrivate: true)["d"]?.stringValue)
            var secrets = [Hex.encode(adminKey), Hex.encode(adminKey).uppercased(), Base64URL.encode(adminKey),
                           Data(adminKey).base64EncodedString(), serverD]
            for key in [alice.signingKey, bob.signingKey, serviceKey] {
                secrets.append(try #require(key.jsonObject(includePrivate: true)["d"]?.stringValue))
            }
            let fillers = [statement, alice.id, service.member, alice.kid, serviceKey.thumbprint,
                           try #require(webhook.object["id"]?.stringValue), "1"]
            let routes = try await Self.getRoutes(server, fillers: fillers)
            #expect(routes.contains("/api/keys/copies") && routes.contains("/.well-known/jwks.json"), "\(routes)")
            var walked = 0
            for path in routes where path != "/api/events" {
                for (who, reply) in [("alice", try await alice.client.get(path)), ("admin", try await admin.get(path))] {
                    walked += reply.status == 200 ? 1 : 0
                    let text = reply.text
                    #expect(!text.contains("PRIVATE KEY"), "\(who) GET \(path) serves a PEM private key")
                    for secret in secrets { #expect(!text.contains(secret), "\(who) GET \(path) serves a secret") }
                    let members = (try? JSONParser().parse(reply.body)).map(Self.privateJWKMembers) ?? []
                    #expect(members.isEmpty, "\(who) GET \(path) serves JWK members \(members)")
                }
            }
            // The walk reached the routes that hold keys.
            #expect(walked > 20)
        }
    }
}
