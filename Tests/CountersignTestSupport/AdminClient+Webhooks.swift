import CountersignHTTPSignatures
import CountersignJSON
import Foundation
import NIOHTTP1

/// Signed admin requests without a body (GET, DELETE), as the webhook routes take them.
extension AdminClient {
    package func signedWithoutBody(_ method: HTTPMethod, _ path: String) async throws -> APIClient.Reply {
        let headers = try RequestSigning.headers(
            method: method.rawValue, url: server.baseURL + path, body: [], keyid: "admin",
            key: .hmacSHA256(secret: adminKey ?? server.adminKey), created: Int(Date().timeIntervalSince1970), nonce: UUID().uuidString)
        return try await APIClient(baseURL: server.baseURL, origin: nil).send(method, path, body: nil, headers: headers)
    }

    /// Registers a webhook; the reply as it came.
    package func registerWebhook(url: String, events: [String]) async throws -> APIClient.Reply {
        try await post("/api/admin/webhooks", ["url": .string(url), "events": .array(events.map { .string($0) })])
    }

    /// GET /api/admin/webhooks/{id}/deliveries, the "deliveries" array.
    package func deliveries(of webhook: String) async throws -> [JSONObject] {
        let reply = try await signedWithoutBody(.GET, "/api/admin/webhooks/\(webhook)/deliveries")
        guard reply.status == 200, let array = reply.object["deliveries"]?.arrayValue else {
            throw TestServerFailure("deliveries of \(webhook): \(reply)")
        }
        return array.compactMap(\.objectValue)
    }
}
