import Countersign
import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import NIOHTTP1
import Testing

/// Member requests signed with RFC 9421 (docs/http-signatures.md), as the CLI and services send them: no
/// cookie, no Origin, the member's enrolled or attested key under keyid = kid. Replays, tampered
/// bodies, stale signatures and unknown keys are refused 401 member_unauthenticated and audited.
@Suite("Member request signatures")
struct MemberSignatureTests {
    static let onePartner = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    @Test("A member creates, approves and reads a statement with signed requests only", arguments: Engine.available)
    func signedLifecycle(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Self.attestedMember(server)
            let signer = MemberSigner(server: server, key: alice.signingKey)
            let policy = try JSONParser().parse(Array(Self.onePartner.utf8))
            let created = try await signer.send(.POST, "/api/statements", ["title": "Signed", "content": .object(["n": 1]), "policy": policy])
            try expectStatus(created, 201)
            let id = try #require(created.object["statement"]?.objectValue?["id"]?.stringValue)

            let shown = try await signer.send(.GET, "/api/statements/\(id)")
            try expectStatus(shown, 200)
            let payload = try #require(shown.object["payload"]?.base64URLBytes)
            let digest = try #require(shown.object["digest"]?.stringValue)
            let entry = try alice.signature(.approve, statement: id, payload: payload, digest: digest)
            try expectStatus(try await signer.send(.POST, "/api/statements/\(id)/approvals", ["signature": .object(entry)]), 201)

            let after = try await signer.send(.GET, "/api/statements/\(id)")
            try expectStatus(after, 200)
            #expect(after.object["state"]?.stringValue == "approved", "\(after)")
            try expectStatus(try await signer.send(.GET, "/api/audit?limit=10"), 200)
            let actions = try await AuditLog.actions(alice.client)
            #expect(!actions.contains("request.refused"))
        }
    }

    @Test("Replay, tampered body, stale created and unknown kid are refused 401 and audited", arguments: Engine.available)
    func refusals(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Self.attestedMember(server)
            let signer = MemberSigner(server: server, key: alice.signingKey)
            let policy = try JSONParser().parse(Array(Self.onePartner.utf8))
            let body: JSONObject = ["title": "Once", "content": .object(["n": 1]), "policy": policy]

            let nonce = UUID().uuidString
            try expectStatus(try await signer.send(.POST, "/api/statements", body, nonce: nonce), 201)
            expectError(try await signer.send(.POST, "/api/statements", body, nonce: nonce), 401, "member_unauthenticated")

            var tampered = body
            tampered["title"] = "Changed in transit"
            expectError(try await signer.send(.POST, "/api/statements", body, sentBody: tampered), 401, "member_unauthenticated")

            let tenMinutesAgo = Int(Date().timeIntervalSince1970) - 600
            expectError(try await signer.send(.POST, "/api/statements", body, created: tenMinutesAgo), 401, "member_unauthenticated")

            let stranger = MemberSigner(server: server, key: try JWK.generate(for: .ed25519))
            expectError(try await stranger.send(.GET, "/api/statements"), 401, "member_unauthenticated")

            let events = try await AuditLog.all(alice.client)
            let refused = events.filter { $0.action == "request.refused" }
            #expect(refused.count == 4)
            #expect(refused.allSatisfy { $0.details.objectValue?["code"]?.stringValue == "member_unauthenticated" })
            // Only the first of the signed creations went through.
            #expect(events.filter { $0.action == "statement.created" }.count == 1)
        }
    }

    @Test("An attested ES256 key signs with ecdsa-p256-sha256", arguments: Engine.available)
    func es256(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let key = try JWK.generate(for: .es256)
            try expectStatus(try await alice.attestKey(key), 201)
            let signer = MemberSigner(server: server, key: key)
            #expect(signer.headers(.GET, "/api/statements", body: []).contains { $0.1.contains("ecdsa-p256-sha256") })
            try expectStatus(try await signer.send(.GET, "/api/statements"), 200)
            let policy = try JSONParser().parse(Array(Self.onePartner.utf8))
            try expectStatus(try await signer.send(.POST, "/api/statements", ["title": "P-256", "content": .object(["n": 2]), "policy": policy]), 201)
        }
    }

    @Test("A signed request that also carries a session cookie must pass the Origin check", arguments: Engine.available)
    func cookieStillNeedsOrigin(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Self.attestedMember(server)
            let foreign = APIClient(baseURL: server.baseURL, origin: "https://evil.example")
            foreign.setCookie(alice.client.cookie)
            let signer = MemberSigner(server: server, key: alice.signingKey, client: foreign)
            let policy = try JSONParser().parse(Array(Self.onePartner.utf8))
            let reply = try await signer.send(.POST, "/api/statements", ["title": "Cross-site", "content": .object(["n": 3]), "policy": policy])
            expectError(reply, 403, "origin_not_allowed")
            let actions = try await AuditLog.actions(alice.client)
            #expect(!actions.contains("statement.created"))
        }
    }

    /// A member with a passkey and an attested Ed25519 signing key.
    static func attestedMember(_ server: TestServer) async throws -> TestMember {
        let member = try await registeredMember(server)
        try expectStatus(try await member.attestKey(), 201)
        return member
    }
}

/// Signs requests the way the CLI does: RFC 9421 over @method, @target-uri and content-digest
/// with the member's key (ed25519 or ecdsa-p256-sha256 as the key's kind implies), keyid = kid.
/// The client sends no cookie and no Origin unless one is given.
struct MemberSigner {
    let server: TestServer
    let key: JWK
    var client: APIClient? = nil
    /// Signs under this keyid instead of the key's kid (to impersonate).
    var keyid: String? = nil

    func headers(_ method: HTTPMethod, _ path: String, body: [UInt8], nonce: String? = nil, created: Int? = nil) -> [(String, String)] {
        (try? RequestSigning.headers(
            method: method.rawValue, url: server.baseURL + path, body: body, keyid: keyid ?? key.thumbprint, key: HTTPSignatureKey(jwk: key),
            created: created ?? Int(Date().timeIntervalSince1970), nonce: nonce ?? UUID().uuidString)) ?? []
    }

    /// Sends a signed request; `sentBody` replaces the signed body on the wire (a tampered request);
    /// `headers` are sent besides, unsigned (e.g. the X-Forwarded-For a proxy adds).
    func send(
        _ method: HTTPMethod, _ path: String, _ json: JSONObject? = nil, nonce: String? = nil, created: Int? = nil, sentBody: JSONObject? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> APIClient.Reply {
        let body = json.map { JCS.canonicalize(.object($0)) } ?? []
        let signed = headers(method, path, body: body, nonce: nonce, created: created)
        #expect(!signed.isEmpty, "the request could not be signed")
        let wire = sentBody.map { JCS.canonicalize(.object($0)) } ?? body
        let http = client ?? APIClient(baseURL: server.baseURL, origin: nil)
        return try await http.send(method, path, body: json == nil ? nil : wire, headers: signed + extra)
    }
}
