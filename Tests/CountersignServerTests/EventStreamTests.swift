import AsyncHTTPClient
import CountersignTestSupport
import Foundation
import NIOCore
import Testing

/// GET /api/events over HTTP: a member's open stream hears about another member's approval within
/// seconds; without a session there is no stream.
@Suite("Server-sent events")
struct EventStreamTests {
    /// Opens GET /api/events in `member`'s session. The deadline bounds the whole exchange, so a
    /// missing event fails the test instead of hanging it.
    static func open(_ server: TestServer, as member: TestMember) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: server.baseURL + "/api/events")
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "Cookie", value: try #require(member.client.cookie))
        let response = try await HTTPClient.shared.execute(request, deadline: .now() + .seconds(10))
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"].first?.hasPrefix("text/event-stream") == true)
        return response
    }

    @Test("A server with an open event stream still stops promptly")
    func shutdownWithOpenStream() async throws {
        let server = try await TestServer.start(.sqlite)
        let stopped: Duration
        do {
            let alice = try await registeredMember(server)
            let response = try await Self.open(server, as: alice)
            var chunks = response.body.makeAsyncIterator()
            _ = try await chunks.next()  // the stream is open: the server sent its preamble
            let start = ContinuousClock.now
            await server.stop()
            stopped = ContinuousClock.now - start
            _ = try? await chunks.next()
        } catch {
            await server.stop()
            throw error
        }
        // Without the stream ending on shutdown, stopping waits for the client for ever. The bound
        // is far above a normal stop (well under a second) so a loaded machine cannot fail it.
        #expect(stopped < .seconds(30), "stopping took \(stopped)")
    }

    @Test("An approval by another member arrives on the stream as an `event: statement`", arguments: Engine.available)
    func approvalArrives(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#)

            let response = try await Self.open(server, as: alice)

            var text = ""
            var approved = false
            var found = false
            do {
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    if !approved, text.contains(": connected") {
                        approved = true
                        try expectStatus(try await bob.vote(.approve, on: id), 201)
                    }
                    // One complete event block naming the statement.
                    let blocks = text.components(separatedBy: "\n\n")
                    if blocks.dropLast().contains(where: { $0.contains("event: statement") && $0.contains(id) }) {
                        found = true
                        break
                    }
                }
            } catch {
                Issue.record("the stream ended without the event: \(error); received: \(text)")
            }
            #expect(found, "received: \(text)")
        }
    }

    @Test("Without a session the stream is refused 401", arguments: Engine.available)
    func requiresSession(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let reply = try await APIClient(baseURL: server.baseURL).get("/api/events")
            expectError(reply, 401, "unauthenticated")
        }
    }
}
