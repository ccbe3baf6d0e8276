import AsyncHTTPClient
import CountersignHTTPSignatures
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation
import NIOCore

/// Sends one delivery: checks the target again (DNS may have changed since registration), signs
/// the request with the server's Ed25519 key (RFC 9421, keyid = its thumbprint, covering
/// @method, @target-uri and Content-Digest) and POSTs it without following redirects. The result
/// is the attempt to record; nothing here throws.
struct WebhookSender: Sendable {
    let client: HTTPClient
    let key: HTTPSignatureKey
    let keyid: String
    let timeout: TimeInterval
    let allowPrivateTargets: Bool

    /// At most this much of a receiver's answer is read (and then dropped).
    static let maxResponseBytes = 64 * 1024
    /// Longest error text kept in an attempt.
    static let maxErrorLength = 300

    init(client: HTTPClient, serverKey: JWK, configuration: ServerConfiguration) throws(HTTPSignatureError) {
        self.client = client
        self.key = try HTTPSignatureKey(jwk: serverKey, algorithm: .ed25519)
        self.keyid = serverKey.thumbprint
        self.timeout = configuration.webhookTimeout
        self.allowPrivateTargets = configuration.webhookAllowPrivateTargets
    }

    func send(_ delivery: DeliveryRecord, to url: String, at now: Date) async -> DeliveryAttempt {
        do {
            let target = try WebhookTarget(url)
            try await target.check(allowPrivate: allowPrivateTargets)
            let signed = try RequestSigning.headers(
                method: "POST", url: target.url, body: delivery.payload, keyid: keyid, key: key,
                created: Int(now.timeIntervalSince1970), nonce: Base64URL.encode(ServerSecrets.randomBytes(16)))
            var request = HTTPClientRequest(url: target.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Countersign-Webhooks/1")
            request.headers.add(name: "Countersign-Delivery", value: delivery.id)
            for (name, value) in signed { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: delivery.payload))
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read > Self.maxResponseBytes { break }
            }
            return DeliveryAttempt(at: now, status: Int(response.status.code), error: nil)
        } catch {
            return DeliveryAttempt(at: now, status: nil, error: String(String(describing: error).prefix(Self.maxErrorLength)))
        }
    }
}
