import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Crypto
import Foundation
import Testing

/// Attacks on votes: signatures forged, confused, moved or counted twice. Each is refused with
/// its code and leaves the statement as it was: no vote, no weight, the refusal audited.
@Suite("Attack: signatures and votes")
struct SignatureAttacks {
    static let onePartner = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#
    static let twoPartners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    /// A signature entry with exactly `header` as its protected header, and `sign` applied to
    /// the JWS signing input.
    static func entry(header: JSONObject, payload: [UInt8], sign: ([UInt8]) throws -> [UInt8]) rethrows -> JSONObject {
        let encodedHeader = Base64URL.encode(JCS.canonicalize(.object(header)))
        let input = Array((encodedHeader + "." + Base64URL.encode(payload)).utf8)
        return ["protected": .string(encodedHeader), "signature": .string(Base64URL.encode(try sign(input)))]
    }

    /// Checks that the statement has no vote and that `count` refusals were audited.
    static func expectUntouched(_ member: TestMember, _ statement: String, refusals: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let view = try await member.view(statement)
        #expect(view["votes"]?.arrayValue?.isEmpty == true, "\(view)", sourceLocation: sourceLocation)
        #expect(view["weight"] == 0, sourceLocation: sourceLocation)
        #expect(view["state"] == "pending", sourceLocation: sourceLocation)
        #expect(try await auditEvents(member.client, action: "vote.refused").count == refusals, sourceLocation: sourceLocation)
    }

    @Test("Approval moved to another statement is refused", arguments: Engine.available)
    func approvalMoved(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])[0]
            let first = try await alice.createStatement("First", policy: Self.twoPartners)
            let second = try await alice.createStatement("Second", policy: Self.twoPartners)
            let (payload, digest) = try await alice.document(of: first)
            let signed = try alice.signature(.approve, statement: first, payload: payload, digest: digest)
            expectError(try await alice.submit(.approve, signed, on: second), 422, "vote_signature_invalid")
            try await Self.expectUntouched(alice, second, refusals: 1)
        }
    }

    @Test("Alg confusion is refused: none, HS256 keyed with the public key, ES256 or RS256 on an Ed25519 key, EdDSA on a P-256 key", arguments: Engine.available)
    func algConfusion(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let p256 = try JWK.generate(for: .es256)
            try expectStatus(try await alice.attestKey(p256), 201)
            let statement = try await alice.createStatement(policy: Self.onePartner)
            let (document, digest) = try await alice.document(of: statement)
            let payload = VoteKind.approve.payload(for: SignedStatement(id: statement, canonicalBytes: document, digest: digest))
            let ed25519 = try Curve25519.Signing.PrivateKey(
                rawRepresentation: try #require(alice.signingKey.jsonObject(includePrivate: true)["d"]?.base64URLBytes))
            let iat = JSONValue.number(Double(Int(Date().timeIntervalSince1970)))
            func header(_ alg: String, _ kid: String) -> JSONObject { ["alg": .string(alg), "kid": .string(kid), "typ": .string(VoteKind.approve.type), "iat": iat] }
            let publicJWK = JCS.canonicalize(.object(alice.signingKey.publicKey.jsonObject()))
            let rawPublic = Array(ed25519.publicKey.rawRepresentation)
            let forgeries: [(String, JSONObject)] = [
                ("alg none", Self.entry(header: header("none", alice.kid), payload: payload) { _ in [] }),
                ("HS256 keyed with the public JWK", Self.entry(header: header("HS256", alice.kid), payload: payload) {
                    Array(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(data: publicJWK)))
                }),
                ("HS256 keyed with the raw public key", Self.entry(header: header("HS256", alice.kid), payload: payload) {
                    Array(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(data: rawPublic)))
                }),
                ("ES256 header on the Ed25519 key", try Self.entry(header: header("ES256", alice.kid), payload: payload) {
                    Array(try ed25519.signature(for: $0))
                }),
                ("RS256 header on the Ed25519 key", try Self.entry(header: header("RS256", alice.kid), payload: payload) {
                    Array(try ed25519.signature(for: $0))
                }),
                ("EdDSA header on the P-256 key", try Self.entry(header: header("EdDSA", p256.thumbprint), payload: payload) {
                    Array(try ed25519.signature(for: $0))
                }),
                ("Ed25519 header on the P-256 key", try Self.entry(header: header("Ed25519", p256.thumbprint), payload: payload) {
                    Array(try ed25519.signature(for: $0))
                }),
            ]
            for (name, forged) in forgeries {
                let reply = try await alice.submit(.approve, forged, on: statement)
                #expect(reply.status == 422, "\(name): \(reply)")
                expectError(reply, reply.status)
                #expect(reply.errorCode?.hasPrefix("vote_") == true, "\(name): \(reply)")
            }
            try await Self.expectUntouched(alice, statement, refusals: forgeries.count)
            // The same signature under the name "EdDSA" is the genuine Ed25519 algorithm: accepted once.
            let genuine = Self.entry(header: header("EdDSA", alice.kid), payload: payload) { (try? Array(ed25519.signature(for: $0))) ?? [] }
            try expectStatus(try await alice.submit(.approve, genuine, on: statement), 201)
        }
    }

    @Test("A signature counted twice through two keys or two kids of one member counts once", arguments: Engine.available)
    func countedTwice(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])[0]
            let second = try JWK.generate(for: .ed25519)
            try expectStatus(try await alice.attestKey(second), 201)
            let statement = try await alice.createStatement(policy: Self.twoPartners)
            try expectStatus(try await alice.vote(.approve, on: statement), 201)
            // The member's second key.
            expectError(try await alice.vote(.approve, on: statement, key: second), 409, "already_voted")
            // The first key's signature again under another kid.
            let (document, digest) = try await alice.document(of: statement)
            let payload = VoteKind.approve.payload(for: SignedStatement(id: statement, canonicalBytes: document, digest: digest))
            let ed25519 = try Curve25519.Signing.PrivateKey(rawRepresentation: try #require(alice.signingKey.jsonObject(includePrivate: true)["d"]?.base64URLBytes))
            let header: JSONObject = [
                "alg": "Ed25519", "kid": .string(second.thumbprint), "typ": .string(VoteKind.approve.type),
                "iat": .number(Double(Int(Date().timeIntervalSince1970))),
            ]
            let otherKid = Self.entry(header: header, payload: payload) { (try? Array(ed25519.signature(for: $0))) ?? [] }
            let refused = try await alice.submit(.approve, otherKid, on: statement)
            #expect((400..<500).contains(refused.status))
            expectError(refused, refused.status)
            let view = try await alice.view(statement)
            #expect(view["votes"]?.arrayValue?.count == 1)
            #expect(view["weight"] == 1)
            #expect(view["state"] == "pending")
        }
    }

    @Test("Creator identity taken from the request body is refused", arguments: Engine.available)
    func creatorFromBody(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let policy = try JSONParser().parse(Array(Self.onePartner.utf8))
            for field in ["creator", "createdBy", "member"] {
                let reply = try await alice.client.post(
                    "/api/statements", ["title": "Bob's", "content": .object([:]), "policy": policy, field: .string(bob.id)])
                expectError(reply, 400, "unknown_field")
            }
            let list = try await bob.client.get("/api/statements")
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true)
            #expect(try await auditEvents(bob.client, action: "statement.created").isEmpty)
            // A statement alice creates names alice, whatever she would like.
            let mine = try await alice.createStatement(policy: Self.onePartner)
            let listed = try await bob.client.get("/api/statements")
            let summary = listed.object["statements"]?.arrayValue?.compactMap(\.objectValue).first { $0["id"] == .string(mine) }
            #expect(summary?["creator"] == .string(alice.id))
        }
    }

    @Test("A removed member's vote is refused", arguments: Engine.available)
    func removedMembersVote(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Operations.immediate) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let statement = try await bob.createStatement(policy: Self.twoPartners)
            let (document, digest) = try await alice.document(of: statement)
            let presigned = try alice.signature(.approve, statement: statement, payload: document, digest: digest)
            let admin = AdminClient(server: server)
            try await admin.waitForOperation(try await admin.schedule("/api/admin/members/\(alice.id)/remove"))
            // Through alice's own key, signing the request...
            let signed = try await MemberSigner(server: server, key: alice.signingKey).send(
                .POST, "/api/statements/\(statement)/approvals", ["signature": .object(presigned)])
            expectError(signed, 403, "member_removed")
            // ...her old session...
            expectError(try await alice.submit(.approve, presigned, on: statement), 401)
            // ...or handed to bob to submit.
            expectError(try await bob.submit(.approve, presigned, on: statement), 403, "vote_key_of_another_member")
            let view = try await bob.view(statement)
            #expect(view["votes"]?.arrayValue?.isEmpty == true)
            #expect(view["state"] == "pending")
        }
    }
}
