import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import CountersignServer
import Foundation
import Testing

/// Server settings for webhook tests.
package enum Webhooks {
    /// Short backoff and polling, so retries take milliseconds; enough attempts that a slow
    /// machine does not give up on a delivery a test waits for.
    package static func fast(_ configuration: inout ServerConfiguration) {
        configuration.webhookAllowPrivateTargets = true
        configuration.webhookMaxAttempts = 100
        configuration.webhookInitialBackoff = 0.1
        configuration.webhookMaxBackoff = 0.4
        configuration.webhookPollInterval = 0.05
    }
}

/// What a receiver does with a delivery: fetch the server's published key, verify the RFC 9421
/// signature (which checks Content-Digest against the body too) and read the JCS body.
package struct WebhookChecks {
    package let key: JWK
    package let receiverURL: String

    /// Fetches /.well-known/countersign-server-key.json from `server`.
    package static func fetch(from server: any ServerEndpoint, receiverURL: String) async throws -> WebhookChecks {
        let reply = try await APIClient(baseURL: server.baseURL, origin: nil).get("/.well-known/countersign-server-key.json")
        try #require(reply.status == 200, "\(reply)")
        let key = try JWK(json: reply.body)
        try #require(reply.object["kid"]?.stringValue == key.thumbprint)
        #expect(!key.isPrivate)
        return WebhookChecks(key: key, receiverURL: receiverURL)
    }

    /// Verifies the signature of `request`; returns its parsed body.
    @discardableResult
    package func verify(_ request: WebhookReceiver.Received) throws -> JSONObject {
        #expect(request.method == "POST")
        #expect(request.header("content-type") == "application/json")
        let target = receiverURL + request.path + (request.query.map { "?" + $0 } ?? "")
        let message = HTTPMessage(method: request.method, targetURI: try TargetURI(parsing: target), fields: request.fields, body: request.body)
        let signatureKey = try HTTPSignatureKey(jwk: key)
        let verified = try HTTPSignatureVerifier().verify(message, now: Int(Date().timeIntervalSince1970)) { keyid in
            keyid == key.thumbprint ? signatureKey : nil
        }
        #expect(verified.keyid == key.thumbprint)
        #expect(verified.algorithm == .ed25519)
        let body = try #require(try JSONParser().parse(request.body).objectValue)
        #expect(JCS.canonicalize(.object(body)) == request.body, "the body is JCS")
        #expect(body["id"]?.stringValue == request.header("countersign-delivery"))
        return body
    }
}

/// Waits (polling, up to `seconds`) until `condition` holds; records an issue if it never does.
/// The default bound holds on a machine four times slower than an idle one: it is a bound, not a
/// timing claim, and costs nothing when the condition comes true.
package func eventually(
    _ what: String, within seconds: Double = 80, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
    throw TestServerFailure("timed out waiting for \(what)")
}
