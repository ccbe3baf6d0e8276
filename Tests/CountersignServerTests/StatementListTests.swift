import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// GET /api/statements: the state filter, cursor pagination and the page-size bounds.
@Suite("Statement listing")
struct StatementListTests {
    /// Follows nextCursor from the first page of `query` to the end; returns the ids in order.
    /// Every page must hold at most `pageSize` statements.
    static func allPages(_ client: APIClient, query: String, pageSize: Int = 2) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        for _ in 0..<100 {
            let reply = try await client.get("/api/statements?\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""))
            try expectStatus(reply, 200)
            let page = try #require(reply.object["statements"]?.arrayValue).compactMap(\.objectValue)
            #expect(page.count <= pageSize)
            ids += page.compactMap { $0["id"]?.stringValue }
            guard let next = reply.object["nextCursor"]?.stringValue else { return ids }
            cursor = next
        }
        Issue.record("pagination did not end")
        return ids
    }

    @Test("Pages of 2 return every statement of the state exactly once, newest first", arguments: Engine.available)
    func pagination(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            var created: [String] = []
            for index in 0..<5 {
                created.append(try await alice.createStatement("Statement \(index)", policy: #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#))
            }
            try expectStatus(try await alice.client.post("/api/statements/\(created[2])/cancel"), 200)

            #expect(try await Self.allPages(alice.client, query: "limit=2") == created.reversed())
            let pending = created.filter { $0 != created[2] }
            #expect(try await Self.allPages(alice.client, query: "state=pending&limit=2") == pending.reversed())
            #expect(try await Self.allPages(alice.client, query: "state=cancelled&limit=2") == [created[2]])
        }
    }

    @Test("A limit out of range or an unknown state is refused", arguments: Engine.available)
    func badQueries(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            for query in ["limit=0", "limit=201", "limit=two", "state=maybe", "cursor=-1"] {
                expectError(try await alice.client.get("/api/statements?\(query)"), 400, "invalid_query")
            }
        }
    }
}
