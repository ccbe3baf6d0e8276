import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// The operator's endpoints (health, readiness, metrics, API description); the security headers
/// are in `HTTP security headers and secure defaults`.
@Suite("Operations endpoints")
struct OperationsTests {
    @Test("healthz, readyz, metrics and openapi.yaml answer as an operator expects", arguments: Engine.available)
    func endpoints(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let client = APIClient(baseURL: server.baseURL, origin: nil)
            try expectStatus(try await client.get("/healthz"), 200)
            let ready = try await client.get("/readyz")
            try expectStatus(ready, 200)
            #expect(ready.object["database"]?.stringValue == (engine == .sqlite ? "sqlite" : "postgresql"))

            for _ in 0..<3 { _ = try await client.get("/healthz") }
            expectError(try await client.get("/api/session"), 401)
            let metrics = try await client.get("/metrics")
            try expectStatus(metrics, 200)
            #expect(metrics.headers["Content-Type"].first?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("# TYPE hb_requests counter"))
            // The registry is process-wide (other tests' servers count too): at least our 4.
            #expect(try Self.requests(metrics.text, route: "/healthz", status: 200) >= 4, "\(metrics.text.prefix(3000))")
            // A refusal is counted with its real status, not as a server failure.
            #expect(try Self.requests(metrics.text, route: "/api/session", status: 401) >= 1, "\(metrics.text.prefix(3000))")

            let openAPI = try await client.get("/openapi.yaml")
            try expectStatus(openAPI, 200)
            #expect(openAPI.headers["Content-Type"].first?.contains("yaml") == true)
            #expect(openAPI.text.hasPrefix("openapi: 3"))
        }
    }

    /// The value of the hb_requests counter for GET `route` answered `status`.
    static func requests(_ text: String, route: String, status: Int) throws -> Double {
        let line = text.split(separator: "\n").first {
            $0.hasPrefix("hb_requests{") && $0.contains(#"http_route="\#(route)""#) && $0.contains(#"http_request_method="GET""#)
                && $0.contains(#"http_response_status_code="\#(status)""#)
        }
        return Double(try #require(line).split(separator: " ").last.map(String.init) ?? "") ?? 0
    }
}
