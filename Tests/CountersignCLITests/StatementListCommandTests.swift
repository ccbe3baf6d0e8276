import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// `countersign statement list` with the list API's filters (issue 22): search (sent
/// percent-encoded, spaces and non-ASCII included), several states, --mine, --waiting, a
/// creation range and the archive, against a real server.
@Suite("countersign statement list filters")
struct StatementListCommandTests {
    static let partners = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    @Test("--search, --state, --mine, --waiting, --created-from/--created-before and --archived narrow the list", arguments: Engine.available)
    func filters(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let zephyr = try await alice.createStatement("Zephyr contract", policy: Self.partners)
            let quill = try await alice.createStatement("Delivery", policy: Self.partners, content: .object(["note": "Quill feather Ünit"]))
            let cancelled = try await alice.createStatement("Withdrawn", policy: Self.partners)
            try expectStatus(try await alice.client.post("/api/statements/\(cancelled)/cancel"), 200)
            let bobs = try await bob.createStatement("Bob's", policy: Self.partners)

            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let aliceKey = try scratch.write("alice.jwk", JCS.canonicalize(.object(alice.signingKey.jsonObject(includePrivate: true))))
            let bobKey = try scratch.write("bob.jwk", JCS.canonicalize(.object(bob.signingKey.jsonObject(includePrivate: true))))
            func ids(_ key: String, _ arguments: [String]) async throws -> [String] {
                let result = try await countersign(["statement", "list", "--json", "--server", server.baseURL, "--key", key] + arguments)
                #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
                let page = try JSONParser().parse(result.stdout).objectValue
                return (page?["statements"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.stringValue }
            }

            #expect(try await ids(aliceKey, ["--search", "zephyr"]) == [zephyr])
            #expect(try await ids(aliceKey, ["--search", "feather ünit"]) == [quill])
            #expect(try await ids(aliceKey, ["--search", "bob"]) == [bobs])
            #expect(try await ids(aliceKey, ["--state", "cancelled,approved"]) == [cancelled])
            #expect(try await ids(aliceKey, ["--mine", "--state", "pending"]) == [quill, zephyr])
            #expect(try await ids(bobKey, ["--waiting"]) == [bobs, quill, zephyr])
            #expect(try await ids(bobKey, ["--waiting", "--search", "delivery"]) == [quill])
            #expect(try await ids(aliceKey, ["--created-from", "2100-01-01T00:00:00Z"]).isEmpty)
            #expect(try await ids(aliceKey, ["--created-before", "2100-01-01T00:00:00+02:00"]).count == 4)
            #expect(try await ids(aliceKey, ["--archived"]).isEmpty)
            #expect(try await ids(aliceKey, ["--no-archived"]).count == 4)

            let text = try await countersign(["statement", "list", "--search", "zephyr", "--server", server.baseURL, "--key", aliceKey])
            #expect(text.exitCode == 0 && text.stdout.contains(zephyr) && text.stdout.contains("Zephyr contract"), "\(text.stdout)")

            let badDate = try await countersign(["statement", "list", "--created-from", "yesterday", "--server", server.baseURL, "--key", aliceKey])
            #expect(badDate.exitCode != 0 && badDate.stderr.contains("--created-from"), "\(badDate.stderr)")
            let both = try await countersign(["statement", "list", "--mine", "--creator", bob.id, "--server", server.baseURL, "--key", aliceKey])
            #expect(both.exitCode == 1 && both.stderr.contains("invalid_query"), "\(both.stderr)")
        }
    }

    private func countersign(_ arguments: [String]) async throws -> ProcessResult {
        try await CLI.run(arguments, environment: ["COUNTERSIGN_KEY": ""], timeout: .seconds(60))
    }
}
