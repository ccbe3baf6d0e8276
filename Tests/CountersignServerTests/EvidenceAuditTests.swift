import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The server's signed statements about itself (docs/formats.md, 4.7): the evidence receipt, the
/// audit checkpoint, and audit pagination, each checked with the server's own public key.
@Suite("Evidence receipt and audit log")
struct EvidenceAuditTests {
    /// A team of two and one statement approved by bob.
    static func approvedStatement(_ server: TestServer) async throws -> (TestMember, String) {
        let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
        let id = try await team[0].createStatement(policy: #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#)
        let approved = try await team[1].vote(.approve, on: id)
        try expectStatus(approved, 201)
        #expect(approved.object["state"] == "approved")
        return (team[0], id)
    }

    @Test("The evidence receipt verifies with the server key and points into the audit log", arguments: Engine.available)
    func receipt(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let (alice, id) = try await Self.approvedStatement(server)
            let evidence = try await alice.client.get("/api/statements/\(id)/evidence")
            try expectStatus(evidence, 200)
            let compact = try #require(evidence.object["receipt"]?.stringValue)
            let receipt = try Receipt.verify(compact, serverKey: server.environment.secrets.serverKey.publicKey)
            #expect(receipt.statement == id)
            #expect(receipt.state == "approved")
            #expect(receipt.digest == (try await alice.view(id))["digest"]?.stringValue)
            #expect(receipt.approvals.count == 1)
            let lastSeq = try #require(try await AuditLog.all(alice.client).last?.seq)
            #expect(receipt.auditSeq > 0)
            #expect(receipt.auditSeq <= lastSeq)
            // A receipt is not valid under any other key.
            #expect(throws: Receipt.Failure.self) { try Receipt.verify(compact, serverKey: try JWK.generate(for: .ed25519).publicKey) }
        }
    }

    @Test("The checkpoint verifies with the server key and its head is the hash of event `size`", arguments: Engine.available)
    func checkpoint(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let (alice, _) = try await Self.approvedStatement(server)
            let reply = try await alice.client.get("/api/audit/checkpoint")
            try expectStatus(reply, 200)
            let checkpoint = try AuditCheckpoint.verify(
                try #require(reply.object["checkpoint"]?.stringValue), serverKey: server.environment.secrets.serverKey.publicKey)
            #expect(reply.object["size"]?.integerValue == checkpoint.size)
            #expect(reply.object["head"]?.stringValue == checkpoint.head)
            let events = try await AuditLog.all(alice.client)
            let event = try #require(events.first { $0.seq == checkpoint.size })
            #expect(event.hash == checkpoint.head)
            // The head also equals what the chain of events up to `size` recomputes to.
            #expect(try AuditChain.verify(Array(events.prefix { $0.seq <= checkpoint.size })) == checkpoint.head)
        }
    }

    @Test("Audit pages of 3 walk the whole log in order, each event once", arguments: Engine.available)
    func auditPagination(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let (alice, _) = try await Self.approvedStatement(server)
            let all = try await AuditLog.all(alice.client)
            var paged: [Int64] = []
            var after: Int64 = 0
            for _ in 0..<100 {
                let reply = try await alice.client.get("/api/audit?after=\(after)&limit=3")
                try expectStatus(reply, 200)
                let page = try #require(reply.object["events"]?.arrayValue).compactMap { $0.objectValue?["seq"]?.integerValue }
                #expect(page.count <= 3)
                paged += page
                guard reply.object["next"] != .null, let last = page.last else { break }
                after = last
            }
            #expect(paged == all.map(\.seq))
            #expect(paged == Array(1...Int64(paged.count)))
            expectError(try await alice.client.get("/api/audit?limit=0"), 400, "invalid_query")
            expectError(try await alice.client.get("/api/audit?after=-1"), 400, "invalid_query")
        }
    }
}
