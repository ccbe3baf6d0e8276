import Countersign
import CountersignClient
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import NIOCore
import Testing

/// CountersignClient against a real server: every member route with RFC 9421 member signatures,
/// the typed errors, and the admin routes that exist (invitations, stored policies).
@Suite("CountersignClient")
struct ClientMemberRoutesTests {
    static let twoPartners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    @Test("Create, list, show, approve, withdraw, reject, envelope, evidence and audit with member signatures", arguments: Engine.available)
    func memberRoutes(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (client(server, team[0]), client(server, team[1]), client(server, team[2]))
            let policy = try JSONParser().parse(Self.twoPartners)

            let created = try await alice.createStatement(title: "Raise", content: .object(["amount": 5]), policy: .inline(policy))
            #expect(created.state == "pending")
            #expect(created.creator == team[0].id)
            let listed = try await bob.statements(state: "pending", creator: team[0].id, limit: 10)
            #expect(listed.statements.map(\.id) == [created.id])
            #expect(listed.nextCursor == nil)

            let shown = try await bob.statement(created.id)
            #expect(shown.digest == created.digest)
            #expect(shown.payload == created.payload)
            let voted = try await bob.vote(.approve, on: shown)
            #expect(voted.votes.map(\.member) == [team[1].id])
            #expect(voted.votes.first?.kid == team[1].kid)
            let withdrawn = try await bob.withdrawVote(created.id)
            #expect(withdrawn.votes.isEmpty)

            _ = try await bob.vote(.approve, on: try await bob.statement(created.id))
            let approved = try await carol.vote(.approve, on: try await carol.statement(created.id))
            #expect(approved.state == "approved")
            do {
                _ = try await alice.vote(.approve, on: approved)
            } catch let error as CountersignClientError {
                #expect(error.code == "statement_final")
            }

            let envelope = try await alice.envelope(created.id)
            #expect(envelope["signatures"]?.arrayValue?.count == 2)
            let bundle = try await alice.evidence(created.id)
            let report = try EvidenceBundle(json: bundle).verify(trustedServerKeys: [server.environment.secrets.serverKey.publicKey], adminKey: nil)
            #expect(report.isApproved)

            let second = try await alice.createStatement(title: "No", content: .string("x"), policy: .inline(policy))
            let rejected = try await bob.vote(.reject, on: try await bob.statement(second.id))
            #expect(rejected.votes.map(\.kind) == ["reject"])
            #expect(try await alice.cancelStatement(second.id).state == "cancelled")

            var events: [AuditEvent] = []
            var after: Int64 = 0
            while true {
                let page = try await carol.auditPage(after: after, limit: 7)
                events += page.events
                guard let next = page.next else { break }
                after = next
            }
            #expect(try AuditChain.verify(events) == events.last?.hash)
            let checkpoint = try await carol.auditCheckpoint()
            #expect(checkpoint.serverKey.thumbprint == server.environment.secrets.serverKey.thumbprint)
            #expect(try AuditCheckpoint.verify(checkpoint.checkpoint, serverKey: checkpoint.serverKey).size == checkpoint.size)
        }
    }

    @Test("Key records, the JWK set and typed errors", arguments: Engine.available)
    func keysAndErrors(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await Team.join(server, name: "alice", roles: ["partner"])
            let anonymous = CountersignClient(server: server.baseURL, credentials: .anonymous)
            let record = try await anonymous.key(alice.kid)
            #expect(record.member == alice.id)
            #expect(record.method == "passkey")
            #expect(try await anonymous.jwks().keys.map(\.thumbprint).contains(alice.kid))

            let stranger = CountersignClient(server: server.baseURL, credentials: .member(key: try JWK.generate(for: .ed25519)))
            do {
                _ = try await stranger.statements()
                Issue.record("an unknown key was accepted")
            } catch let error as CountersignClientError {
                #expect(error.code == "member_unauthenticated")
            }
            do {
                _ = try await client(server, alice).statement("st_missing")
                Issue.record("a missing statement was found")
            } catch let error as CountersignClientError {
                if case .http(404, _, _) = error {} else { Issue.record("expected 404, got \(error)") }
            }
            do {
                _ = try await CountersignClient(server: "http://127.0.0.1:1", credentials: .anonymous, timeout: .seconds(2)).jwks()
                Issue.record("a closed port answered")
            } catch let error as CountersignClientError {
                if case .transport = error {} else { Issue.record("expected a transport error, got \(error)") }
            }
            await #expect(throws: CountersignClientError.self) { _ = try await client(server, alice).statement("../admin") }
            // A server that answers 200 with another shape: /healthz's {"status":"ok"} for a statement page.
            let impostor = CountersignClient(server: server.baseURL + "/healthz?ignored=", credentials: .anonymous)
            do {
                _ = try await impostor.statements()
                Issue.record("a response without \"statements\" was accepted")
            } catch let error as CountersignClientError {
                if case .invalidResponse(let reason) = error {
                    #expect(reason.contains("\"statements\" must be an array"), "\(reason)")
                } else {
                    Issue.record("expected invalidResponse, got \(error)")
                }
            }
        }
    }

    @Test("Admin: invitations and stored policies; a statement names a stored policy", arguments: Engine.available)
    func adminRoutes(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = CountersignClient(server: server.baseURL, credentials: .admin(key: server.environment.secrets.adminKey))
            let invitation = try await admin.invite(.newMember(name: "Dana", roles: ["partner"]))
            let dana = try TestMember(name: "dana", server: server)
            try await dana.register(invite: invitation.token)
            #expect(dana.id == invitation.member)
            try expectStatus(try await dana.attestKey(), 201)

            let policy = try JSONParser().parse(#"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
            let stored = try await admin.storePolicy(name: "one partner", policy: policy)
            #expect(stored.version == 1)
            let replacement = try await admin.storePolicyVersion(stored.id, name: "one partner, v2", policy: policy)
            try await AdminClient(server: server).waitForOperation(replacement.id)
            let next = try await admin.policy(stored.id)
            #expect(next.version == 2)
            #expect(next.id == stored.id)

            let statement = try await client(server, dana).createStatement(title: "Stored", content: .null, policy: .stored(id: stored.id))
            #expect(statement.policy == next.policy)

            let wrong = CountersignClient(server: server.baseURL, credentials: .admin(key: [UInt8](repeating: 7, count: 32)))
            do {
                _ = try await wrong.invite(.newMember(name: "Mallory", roles: []))
                Issue.record("a wrong ADMIN_KEY was accepted")
            } catch let error as CountersignClientError {
                #expect(error.code == "admin_unauthenticated")
            }
        }
    }

    private func client(_ server: TestServer, _ member: TestMember) -> CountersignClient {
        CountersignClient(server: server.baseURL, credentials: .member(key: member.signingKey))
    }
}
