import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Votes racing on one statement: the state changes exactly once, with one audit event for the
/// change, every acknowledged vote is stored and none counts twice; on one instance, and on two
/// instances sharing one PostgreSQL.
@Suite("Concurrent votes")
struct ConcurrencyTests {
    static let voters = 64
    static let threshold = 48

    @Test("64 concurrent approvals on one statement change its state exactly once", arguments: Engine.available)
    func oneInstance(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            try await race(servers: [server])
        }
    }

    @Test("The same race through two server instances on one PostgreSQL", .enabled(if: Engine.available.contains(.postgres)))
    func twoInstances() async throws {
        try await TestServer.with(.postgres) { first in
            let second = try await TestServer.start(.postgres, sharing: first)
            do {
                try await race(servers: [first, second])
                await second.stop()
            } catch {
                await second.stop()
                throw error
            }
        }
    }

    /// 64 members, a policy that needs 48 of them; all 64 approve at once, alternating between
    /// `servers`. Exactly 48 are accepted and 16 refused as final.
    private func race(servers: [TestServer]) async throws {
        let home = servers[0]
        let names = (0..<Self.voters).map { "voter\($0)" }
        let members = try await Team.make(home, names: names, roles: ["board"])
        let policy = try JSONParser().parse(#"{"threshold":\#(Self.threshold),"signers":[{"role":"board","weight":1}]}"#)
        let created = try await members[0].client.post("/api/statements", ["title": "Race", "content": .object(["race": true]), "policy": policy])
        try expectStatus(created, 201)
        let id = try #require(created.object["statement"]?.objectValue?["id"]?.stringValue)

        // Sign first, then fire all at once; each member talks to one of the instances.
        var entries: [(TestMember, JSONObject)] = []
        for (index, member) in members.enumerated() {
            let (payload, digest) = try await member.document(of: id)
            member.client.baseURL = servers[index % servers.count].baseURL
            entries.append((member, try member.signature(.approve, statement: id, payload: payload, digest: digest)))
        }
        let replies = try await withThrowingTaskGroup(of: (String, APIClient.Reply).self) { group in
            for (member, entry) in entries {
                group.addTask { (member.id, try await member.submit(.approve, entry, on: id)) }
            }
            var replies: [(String, APIClient.Reply)] = []
            for try await reply in group { replies.append(reply) }
            return replies
        }
        let accepted = replies.filter { $0.1.status == 201 }.map(\.0)
        let refused = replies.filter { $0.1.status != 201 }
        #expect(accepted.count == Self.threshold)
        #expect(refused.count == Self.voters - Self.threshold)
        for (_, reply) in refused { #expect(reply.errorCode == "statement_final", "\(reply)") }

        let view = try await members[0].client.get("/api/statements/\(id)")
        #expect(view.object["state"] == "approved")
        #expect(view.object["weight"] == .number(Double(Self.threshold)))
        let stored = Set(try #require(view.object["votes"]?.arrayValue).compactMap { $0.objectValue?["member"]?.stringValue })
        #expect(stored == Set(accepted), "every acknowledged vote is stored, and only those")

        let events = try await AuditLog.all(members[0].client)
        #expect(events.filter { $0.action == "statement.approved" && $0.subject == id }.count == 1)
        #expect(events.filter { $0.action == "vote.approve" && $0.subject == id }.count == Self.threshold)
        _ = try AuditChain.verify(events)
    }
}
