import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// GET /api/statements with the dashboard's parameters (issue 22): search in titles, content words
/// and creators' names, matched literally and case-folded alike on both engines; several states,
/// mine, waiting for me, a creation range and the archive, each alone, combined and paged; every
/// parameter bounded and checked; and no member sees less or more than listing showed before.
@Suite("Statement search and filters")
struct StatementSearchTests {
    static let partners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    static func only(_ member: String) -> String { #"{"threshold":1,"signers":[{"member":"\#(member)","weight":1}]}"# }

    /// `text` percent-encoded for a query string (RFC 3986 unreserved characters kept).
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? ""
    }

    /// Every id of the listing `query`, following nextCursor in pages of `pageSize`.
    static func ids(_ member: TestMember, _ query: String, pageSize: Int = 2) async throws -> [String] {
        try await StatementListTests.allPages(member.client, query: "\(query)&limit=\(pageSize)", pageSize: pageSize)
    }

    @Test("Search matches titles, content words and creators' names, case-folded, with % and _ taken literally", arguments: Engine.available)
    func search(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "Bob Martin"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let dave = try await registeredMember(server, name: "dave", roles: ["staff"])
            let budget = try await alice.createStatement("Budget 2027", policy: Self.partners, content: .object(["vendor": "Acme Ltd", "amount": 1500]))
            let lunch = try await alice.createStatement("Lunch", policy: Self.partners, content: .object(["note": "100% sure_thing"]))
            let cafe = try await alice.createStatement("Café Über", policy: Self.partners, content: .object(["season": .array(["ÉTÉ", "hiver"])]))
            let hiring = try await bob.createStatement("Hiring plan", policy: Self.partners, content: .object(["n": 1]))

            let cases: [(String, [String])] = [
                ("budget", [budget]), ("ACME", [budget]), ("1500", [budget]), ("vendor", [budget]),
                ("%", [lunch]), ("_", [lunch]), ("0% s", [lunch]), ("über", [cafe]), ("ÜBER", [cafe]), ("été", [cafe]),
                ("martin", [hiring]), ("  plan ", [hiring]), ("nothing like this", []),
                // The document's other fields (ids, policy, format) are not searched.
                ("threshold", []), ("statement/v1", []), (String(alice.id.dropFirst(4)), []),
            ]
            for (query, expected) in cases {
                #expect(try await Self.ids(dave, "q=\(Self.encoded(query))") == expected.reversed(), "q=\(query)")
            }
            // Every member lists every statement, as every member reads each one.
            for member in [alice, bob, dave] {
                #expect(Set(try await Self.ids(member, "q=a", pageSize: 50)) == [budget, lunch, cafe, hiring])
            }
            #expect(try await Self.ids(alice, "q=\(Self.encoded("ü"))&creator=\(bob.id)").isEmpty)
            let anonymous = APIClient(baseURL: server.baseURL)
            expectError(try await anonymous.get("/api/statements?q=budget"), 401)
        }
    }

    @Test("States, mine, waiting for me and a creation range, alone, combined and paged", arguments: Engine.available)
    func filters(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (team[0], team[1], team[2])
            var early: [String] = []
            for index in 0..<4 { early.append(try await alice.createStatement("Early \(index)", policy: Self.partners)) }
            let firstView = try await alice.view(early[0])
            let firstCreated = try #require(firstView["statement"]?.objectValue?["createdAt"]?.stringValue.flatMap(Timestamp.parse))
            server.clock.advance(by: 120)
            let lateOne = try await alice.createStatement("Late partners", policy: Self.partners)
            var carolsOnly: [String] = []
            for index in 0..<2 { carolsOnly.append(try await alice.createStatement("Carol \(index)", policy: Self.only(carol.id))) }
            let bobs = try await bob.createStatement("Bob's own", policy: Self.partners)

            try expectStatus(try await bob.vote(.approve, on: early[1]), 201)
            try expectStatus(try await alice.client.post("/api/statements/\(early[2])/cancel"), 200)
            try expectStatus(try await carol.vote(.approve, on: carolsOnly[0]), 201)

            let all = early + [lateOne] + carolsOnly + [bobs]
            #expect(try await Self.ids(bob, "state=pending,timelocked") == all.filter { $0 != early[2] && $0 != carolsOnly[0] }.reversed())
            #expect(try await Self.ids(bob, "state=cancelled,approved") == [carolsOnly[0], early[2]])
            #expect(try await Self.ids(alice, "mine=true") == (early + [lateOne] + carolsOnly).reversed())
            #expect(try await Self.ids(alice, "mine=true&state=cancelled") == [early[2]])
            #expect(try await Self.ids(bob, "mine=true") == [bobs])

            // Waiting for Bob: open, his policy names him (by role), he has not voted.
            #expect(try await Self.ids(bob, "waiting=true") == [bobs, lateOne, early[3], early[0]])
            #expect(try await Self.ids(bob, "waiting=true", pageSize: 1) == [bobs, lateOne, early[3], early[0]])
            #expect(try await Self.ids(bob, "waiting=true&state=approved").isEmpty)
            #expect(try await Self.ids(bob, "waiting=true&mine=true") == [bobs])
            #expect(try await Self.ids(carol, "waiting=true") == [bobs, carolsOnly[1], lateOne, early[3], early[1], early[0]])
            #expect(try await Self.ids(carol, "waiting=true&q=carol") == [carolsOnly[1]])

            // The creation range: from is inclusive, before exclusive, offsets are instants.
            let middle = Timestamp.format(firstCreated.addingTimeInterval(60))
            #expect(try await Self.ids(bob, "createdFrom=\(middle)") == [bobs, carolsOnly[1], carolsOnly[0], lateOne])
            #expect(try await Self.ids(bob, "createdBefore=\(middle)") == early.reversed())
            #expect(try await Self.ids(bob, "createdFrom=\(Timestamp.format(firstCreated))&createdBefore=\(middle)&state=pending") == [early[3], early[1], early[0]])
            let offset = Self.encoded(Self.inOffset(firstCreated.addingTimeInterval(60), hours: 1))
            #expect(try await Self.ids(bob, "createdBefore=\(offset)&waiting=true") == [early[3], early[0]])
        }
    }

    /// `date` written with a +HH:00 offset, the same instant.
    static func inOffset(_ date: Date, hours: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: hours * 3600) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0, hours)
    }

    @Test("Archived: decided longer ago than the archive age; archived=false leaves them out", arguments: Engine.available)
    func archive(engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.archiveAfter = 60 }) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let old = try await alice.createStatement("Old", policy: Self.only(bob.id))
            try expectStatus(try await bob.vote(.approve, on: old), 201)
            let cancelled = try await alice.createStatement("Cancelled", policy: Self.only(bob.id))
            try expectStatus(try await alice.client.post("/api/statements/\(cancelled)/cancel"), 200)
            let open = try await alice.createStatement("Open", policy: Self.only(bob.id))
            #expect(try await Self.ids(alice, "archived=true").isEmpty)
            server.clock.advance(by: 61)
            let recent = try await alice.createStatement("Recent", policy: Self.only(bob.id))
            try expectStatus(try await bob.vote(.approve, on: recent), 201)
            #expect(try await Self.ids(alice, "archived=true") == [cancelled, old])
            #expect(try await Self.ids(alice, "archived=true&state=cancelled") == [cancelled])
            #expect(try await Self.ids(alice, "archived=false") == [recent, open])
            #expect(try await Self.ids(alice, "archived=false&state=approved") == [recent])
        }
    }

    @Test("Every parameter is checked: unknown, repeated, empty, too long, loosely written or contradictory ones are refused", arguments: Engine.available)
    func badParameters(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let long = String(repeating: "a", count: StatementSearchText.maximumQueryLength + 1)
            let refused = [
                "q=", "q=%20%20", "q=\(long)", "q=a%0Ab", "q=a%09b", "search=budget", "state=pending,", "state=", "state=PENDING",
                "state=pending&state=approved", "mine=yes", "mine=1", "waiting=TRUE", "archived=maybe", "mine=true&creator=\(alice.id)",
                "createdFrom=2026-12-01", "createdFrom=2026-12-01T00:00:00", "createdFrom=yesterday", "createdBefore=2026-13-01T00:00:00Z",
                "createdFrom=2026-12-02T00:00:00Z&createdBefore=2026-12-01T00:00:00Z",
                "createdFrom=2026-12-01T00:00:00Z&createdBefore=2026-12-01T00:00:00Z", "limit=0", "limit=201", "limit=00050",
                "cursor=-1", "cursor=99999999999999999999", "creator=bob",
            ]
            for query in refused {
                let reply = try await alice.client.get("/api/statements?\(query)")
                expectError(reply, 400, "invalid_query")
            }
            let exactly = String(repeating: "é", count: StatementSearchText.maximumQueryLength)
            try expectStatus(try await alice.client.get("/api/statements?q=\(Self.encoded(exactly))"), 200)
        }
    }

    @Test("A search matching the names of more than 1,000 members is refused, not bound without limit", arguments: Engine.available)
    func tooBroad(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server, name: "alice")
            let admin = AdminClient(server: server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in 0..<8 {
                    group.addTask {
                        for index in stride(from: batch, to: 1000, by: 8) { _ = try await admin.invite(name: "Member \(index)", roles: ["staff"]) }
                    }
                }
                try await group.waitForAll()
            }
            // 1,000 names hold "member": still bound. One more makes it too broad.
            try expectStatus(try await alice.client.get("/api/statements?q=member"), 200)
            _ = try await admin.invite(name: "Member 1000", roles: ["staff"])
            expectError(try await alice.client.get("/api/statements?q=member"), 400, "query_too_broad")
            try expectStatus(try await alice.client.get("/api/statements?q=member%20999"), 200)
        }
    }
}
