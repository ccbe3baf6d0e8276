import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing

/// A member's open GET /api/events stream, read in the background into one text, so a test can
/// act and then wait for an event to appear (or check, once later events arrived, that another
/// never did). The deadline bounds the stream; `stop` ends it sooner.
package final class EventRecorder: Sendable {
    /// The text received, shared with the reading task.
    private final class Buffer: Sendable {
        let text = Mutex("")
    }

    private let buffer = Buffer()
    private let task: Task<Void, Never>

    package init(_ server: TestServer, as member: TestMember) async throws {
        var request = HTTPClientRequest(url: server.baseURL + "/api/events")
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "Cookie", value: try #require(member.client.cookie))
        let response = try await HTTPClient.shared.execute(request, deadline: .now() + .seconds(120))
        #expect(response.status.code == 200)
        let (chunks, signal) = AsyncStream.makeStream(of: Void.self)
        let buffer = buffer
        task = Task {
            do {
                for try await chunk in response.body {
                    buffer.text.withLock { $0 += String(buffer: chunk) }
                    signal.yield()
                }
            } catch {}
            signal.finish()
        }
        // Subscribed once the server sent its preamble: later events reach this stream.
        for await _ in chunks where buffer.text.withLock({ $0.contains(": connected") }) { break }
    }

    /// Everything received so far.
    package var received: String { buffer.text.withLock { $0 } }

    /// The complete event blocks of `type` received so far.
    package func events(_ type: String) -> [String] {
        received.components(separatedBy: "\n\n").dropLast().filter { $0.contains("event: \(type)\n") }
    }

    package func stop() { task.cancel() }
}
